import type { DakEvent } from '@dak/core'
import { signal } from '@preact/signals'
import { businessDate } from '../i18n/format.ts'
import { createDeviceClock } from './clock.ts'
import { type DeviceConfig, loadDevice, loadReference } from './device.ts'
import { enrolPending } from './device-enrolment.ts'
import { defaultSyncUrl } from './sealed-rooms.ts'
import { fetchDeviceToken, renewDeviceToken, restoreSession, type Session, session } from './session.ts'
import { type OfficeStore, openOfficeStore } from './store.ts'
import type { SyncOptions } from './sync.ts'
import { renewal } from './sync-status.ts'
import { createTokenRefresher, type TokenRefresher } from './token-refresh.ts'

/** This device's registration, or null before set-up. */
export const device = signal<DeviceConfig | null>(null)
/** The reference pack kept on this device. */
export const reference = signal<readonly DakEvent[]>([])
/** The open office day, once someone is logged in. */
export const store = signal<OfficeStore | null>(null)
/** True once the device's saved state has been read. */
export const booted = signal(false)

/** Reads the device, its reference pack and any session, and opens the office day. */
export async function boot(): Promise<void> {
  device.value = (await loadDevice()) ?? null
  reference.value = await loadReference()
  const s = await restoreSession()
  if (s && device.value) await openStore(s)
  booted.value = true
}

/** Opens today's office day for a session (closing any other) and connects it when a token is at hand. */
export async function openStore(s: Session, now = Date.now()): Promise<OfficeStore> {
  const previous = store.value
  const date = businessDate(now)
  if (previous && previous.ctx.staff === s.staff && previous.ctx.date === date) {
    watchToken(previous)
    if (s.token) await previous.connect(syncOptions(s.token))
    refresher?.track(s.tokenExp)
    return previous
  }
  if (previous) await previous.close()
  const next = openOfficeStore(
    { office: s.office, date, staff: s.staff, device: s.device },
    createDeviceClock(s.device),
    reference.value,
  )
  await next.loaded
  watchToken(next)
  if (s.token) await next.connect(syncOptions(s.token))
  // A newly set-up device journals its key (device.enrolled) before anything else it does (issue 10).
  const enrolled = await enrolPending(next, { online: s.token !== null })
  if (!enrolled.ok) console.warn(`device enrolment not journaled: ${enrolled.error.message}`)
  // A device's very first login asked for a token before its enrolment was journaled, so a server that could
  // not check the TOTP code had nothing to vouch for it; now the enrolment is evidence (`localEvidence`).
  if (!s.token && enrolled.ok && enrolled.value === 'enrolled' && globalThis.navigator?.onLine) {
    const { selectEvidence } = await import('./device-evidence.ts')
    const events = selectEvidence(next.events(), s)
    const token = await fetchDeviceToken({ timeoutMs: 5000, events })
    if (token && !next.reconnect(token)) await next.connect(syncOptions(token))
  }
  refresher?.track(session.value?.tokenExp ?? null)
  store.value = next
  void attachIndexes(next)
  return next
}

const syncOptions = (token: string): SyncOptions => ({
  url: defaultSyncUrl(),
  token,
  onUnauthorized: () => refresher?.expired(),
})

// One refresher for the open store: renews the token on a 4401 close and shortly before it expires.
let refresher: TokenRefresher | null = null
let watched: OfficeStore | null = null

/** (Re)starts the token refresher for `office` (a fresh login starts from a clean state). */
function watchToken(office: OfficeStore): void {
  refresher?.stop()
  watched = office
  renewal.value = { kind: 'idle' }
  refresher = createTokenRefresher({
    // bounded: a server that does not answer counts as unreachable and is retried with backoff
    renew: () => renewDeviceToken({ timeoutMs: 10_000 }),
    apply: async (token) => {
      if (watched !== office) return
      if (!office.reconnect(token)) await office.connect(syncOptions(token))
    },
    online: () => globalThis.navigator?.onLine ?? true,
    now: () => Date.now(),
    onState: (st) => {
      if (watched === office) renewal.value = st
    },
  })
}

/** Tries the token renewal again (the indicator's retry button). */
export function retryTokenRenewal(): void {
  refresher?.retry()
}

globalThis.addEventListener?.('online', () => {
  if (!refresher || !store.value) return
  // a session that got no token (logged in offline) asks for one now; an expiry that waited is renewed
  if (!session.value?.token) refresher.retry()
  else refresher.online()
})

/** Keeps the Dexie search indexes (loaded on demand) equal to the folded journal. */
async function attachIndexes(office: OfficeStore): Promise<void> {
  const ix = await import('./indexes.ts')
  const db = ix.openIndexDb()
  await ix.rebuild(db, office.state())
  const onBatch = (b: { events: readonly DakEvent[] }) => void ix.update(db, office.state(), b.events)
  office.day.journal.subscribe(onBatch)
  office.inbox.journal.subscribe(onBatch)
}

export async function closeStore(): Promise<void> {
  const s = store.value
  store.value = null
  refresher?.stop()
  refresher = null
  watched = null
  renewal.value = { kind: 'idle' }
  if (s) await s.close()
}

/** The signed-in session (re-exported for screens). */
export { session }
