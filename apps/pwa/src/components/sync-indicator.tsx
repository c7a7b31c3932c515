import { t } from '../i18n/index.ts'
import { pending, refusalKind, shownRefusal, syncDisplay } from '../state/sync-status.ts'

/**
 * Online / offline / pending / "saved on server", announced politely to screen readers. A server refusal is
 * shown with what to do next (the server's own reason is kept in `title` for support).
 */
export function SyncIndicator() {
  const state = syncDisplay.value
  const refusal = shownRefusal.value
  if (state === 'refused' && refusal) {
    const kind = refusalKind(refusal.code)
    return (
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
    )
  }
  const text =
    state === 'offline'
      ? t('status.offline')
      : state === 'pending'
        ? t('status.pending', { count: pending.value })
        : state === 'syncing'
          ? t('status.syncing')
          : state === 'saved'
            ? t('status.saved')
            : t('status.online')
  return (
    <p class="status" role="status" data-state={state} data-testid="sync-status" style={{ margin: 0 }}>
      <span class="dot" aria-hidden="true" />
      {text}
    </p>
  )
}
