import { signal } from '@preact/signals'
import type { JSX } from 'preact'
import { loadPart, t } from '../i18n/index.ts'

type Screen = () => JSX.Element | null

/** A mail screen's module, once its English messages (`i18n/en-mail.ts`) are loaded too. */
const withMail = <M,>(screen: Promise<M>): Promise<M> =>
  Promise.all([screen, loadPart('mail')]).then(([m]) => m)

/**
 * A screen whose code is fetched the first time it is shown (the service worker precaches the chunk, so it
 * opens offline too); keeps the first load under the size budget. If the chunk cannot be fetched (a device
 * offline before its service worker finished installing), the screen says so and offers to try again.
 */
function lazyScreen(load: () => Promise<Screen>): Screen {
  const loaded = signal<Screen | null>(null)
  const failed = signal(false)
  let started = false
  const start = () => {
    started = true
    load().then(
      (s) => {
        loaded.value = s
      },
      () => {
        started = false
        failed.value = true
      },
    )
  }
  return function LazyScreen() {
    const Loaded = loaded.value
    if (Loaded) return <Loaded />
    if (failed.value)
      return (
        <div class="error" role="alert">
          <p>{t('app.loadFailed')}</p>
          <button
            type="button"
            onClick={() => {
              failed.value = false
              start()
            }}
          >
            {t('app.retry')}
          </button>
        </div>
      )
    if (!started) start()
    return <p role="status">{t('dash.loading')}</p>
  }
}

/** Cash request, approval, cash bags and their receipt (`screens/cash.tsx`). */
export const CashScreen = lazyScreen(() => import('./cash.tsx').then((m) => m.CashScreen))
/** The office-day dashboard (`screens/dashboard.tsx`). */
export const DashboardScreen = lazyScreen(() => import('./dashboard.tsx').then((m) => m.DashboardScreen))
/** The postman's beat, delivery and COD pouch (`screens/beat.tsx`). */
export const BeatScreen = lazyScreen(() => withMail(import('./beat.tsx')).then((m) => m.BeatScreen))
/** Devices and staff logins of the office, for its postmaster (`screens/admin.tsx`). */
export const AdminScreen = lazyScreen(() => import('./admin.tsx').then((m) => m.AdminScreen))
/** Received events that failed this device's signature check (`screens/admin-peer-warnings.tsx`). */
export const PeerWarnings = lazyScreen(() => import('./admin-peer-warnings.tsx').then((m) => m.PeerWarnings))
/** Day Begin: denominations and stock (`screens/day-begin.tsx`). */
export const DayBeginScreen = lazyScreen(() => import('./day-begin.tsx').then((m) => m.DayBeginScreen))
/** Booking at the counter (`screens/book.tsx`). */
export const BookScreen = lazyScreen(() => withMail(import('./book.tsx')).then((m) => m.BookScreen))
/** Outbound bags (`screens/bags.tsx`). */
export const BagsScreen = lazyScreen(() => withMail(import('./bags.tsx')).then((m) => m.BagsScreen))
/** A bag's printable label (`screens/label.tsx`; the barcode code itself loads later still). */
export const LabelScreen = lazyScreen(() => withMail(import('./label.tsx')).then((m) => m.LabelScreen))
/** Bag receipt with its reconciliation (`screens/receive.tsx`). */
export const ReceiveScreen = lazyScreen(() => withMail(import('./receive.tsx')).then((m) => m.ReceiveScreen))
/** Track and trace (`screens/track.tsx`). */
export const TrackScreen = lazyScreen(() => withMail(import('./track.tsx')).then((m) => m.TrackScreen))
/** Duties and shifts (`screens/duty.tsx`). */
export const DutyScreen = lazyScreen(() => import('./duty.tsx').then((m) => m.DutyScreen))
/** Close Account (`screens/close-account.tsx`). */
export const CloseAccountScreen = lazyScreen(() =>
  import('./close-account.tsx').then((m) => m.CloseAccountScreen),
)
/** Day End, the sealed day and its reports (`screens/day-end.tsx`). */
export const DayEndScreen = lazyScreen(() => import('./day-end.tsx').then((m) => m.DayEndScreen))
/** Conflicts for a supervisor to resolve (`screens/conflicts.tsx`). */
export const ConflictsScreen = lazyScreen(() => import('./conflicts.tsx').then((m) => m.ConflictsScreen))
