import { t } from '../i18n/index.ts'
import { retryTokenRenewal, store } from '../state/app-state.ts'
import { flagId, peerFlags } from '../state/peer-flags.ts'
import {
  pending,
  type RenewalState,
  refusalKind,
  renewal,
  shownRefusal,
  syncDisplay,
} from '../state/sync-status.ts'

/**
 * A link to the Day End screen while late entries of the office await review, or while this device keeps a
 * sealed day's entries for the next day: what happened is visible from every screen, not only after a refusal.
 */
function LateLink() {
  const s = store.value
  if (!s) return null
  void s.version.value
  const office = s.ctx.office
  const open = Object.values(s.state().day.lateEntries).filter((l) => l.office === office && !l.reviewed)
  if (open.length === 0 && !s.lateWaiting.value) return null
  return (
    // the header's link colour (on the brand red) would vanish on the pill's background; 44 px to tap
    <a
      href="#/day-end"
      class="status"
      data-testid="late-link"
      style={{ color: 'var(--text)', minHeight: '44px' }}
    >
      {open.length > 0 ? t('late.link', { count: open.length }) : t('late.linkWaiting')}
    </a>
  )
}

/**
 * A link to the admin screen while received events fail this device's checks (issue 10) and nobody has marked
 * them reviewed: a reviewed flag leaves the count (the admin screen still lists it, struck through).
 */
function TrustLink() {
  const s = store.value
  const flags = peerFlags.value
  if (!s || flags.length === 0) return null
  void s.version.value
  const reviews = s.state().identity.reviews
  const open = flags.filter((f) => !reviews[flagId(f)]).length
  if (open === 0) return null
  return (
    <a
      href="#/admin"
      class="status"
      data-testid="trust-link"
      style={{ color: 'var(--text)', minHeight: '44px' }}
    >
      {t('peer.link', { count: open })}
    </a>
  )
}

/**
 * Online / offline / pending / "saved on server", announced politely to screen readers. A server refusal is
 * shown with what to do next (the server's own reason is kept in `title` for support).
 */
export function SyncIndicator() {
  const state = syncDisplay.value
  const refusal = shownRefusal.value
  const renew = renewal.value
  if (state === 'refused' && !refusal && (renew.kind === 'refused' || renew.kind === 'unreachable'))
    return <RenewalStuck renew={renew} />
  if (state === 'refused' && refusal) {
    const kind = refusalKind(refusal.code)
    return (
      <>
        <p
          class="status"
          role="status"
          data-state={state}
          data-refusal={kind}
          data-testid="sync-status"
          title={refusal.reason}
          style={{ margin: 0, flexWrap: 'wrap' }}
        >
          <span class="dot" aria-hidden="true" />
          <strong>{t(`refusal.state.${kind}`)}</strong>
          <span data-testid="sync-refusal-next">{t(`refusal.next.${kind}`)}</span>
        </p>
        <LateLink />
        <TrustLink />
      </>
    )
  }
  const text =
    state === 'offline'
      ? t('status.offline')
      : state === 'pending'
        ? t('status.pending', { count: pending.value })
        : state === 'syncing'
          ? t('status.syncing')
          : state === 'renewing'
            ? t('renewal.renewing')
            : state === 'saved'
              ? t('status.saved')
              : t('status.online')
  return (
    <>
      <p class="status" role="status" data-state={state} data-testid="sync-status" style={{ margin: 0 }}>
        <span class="dot" aria-hidden="true" />
        {text}
      </p>
      <LateLink />
      <TrustLink />
    </>
  )
}

/**
 * The sync token expired and could not be renewed: the server refused (log in again with a fresh code) or did not
 * answer after bounded retries (check the connection; a retry button, and it is tried again when the network
 * returns). The server's own reason is kept in `title` for support.
 */
function RenewalStuck({ renew }: { renew: Extract<RenewalState, { kind: 'refused' | 'unreachable' }> }) {
  return (
    <>
      <p
        class="status"
        role="status"
        data-state="refused"
        data-refusal={`renewal-${renew.kind}`}
        data-testid="sync-status"
        title={renew.message}
        style={{ margin: 0, flexWrap: 'wrap' }}
      >
        <span class="dot" aria-hidden="true" />
        <strong>{t(`renewal.state.${renew.kind}`)}</strong>
        <span data-testid="sync-refusal-next">{t(`renewal.next.${renew.kind}`)}</span>
        {renew.kind === 'unreachable' && (
          <button type="button" class="secondary" data-testid="sync-renew-retry" onClick={retryTokenRenewal}>
            {t('app.retry')}
          </button>
        )}
      </p>
      <LateLink />
      <TrustLink />
    </>
  )
}
