import { t } from '../i18n/index.ts'
import { pending, syncDisplay } from '../state/sync-status.ts'

/** Online / offline / pending / "saved on server", announced politely to screen readers. */
export function SyncIndicator() {
  const state = syncDisplay.value
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
