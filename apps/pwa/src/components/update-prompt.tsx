import { useRegisterSW } from 'virtual:pwa-register/preact'
import { t } from '../i18n/index.ts'

/**
 * The update prompt: a waiting service worker is activated only when the person says so, never in the middle
 * of a transaction. Also tells them once when the app is ready to work offline.
 */
export function UpdatePrompt() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW()
  if (needRefresh) {
    return (
      <div
        class="toast no-print"
        role="alertdialog"
        aria-labelledby="update-text"
        data-testid="update-prompt"
      >
        <p id="update-text" style={{ marginTop: 0 }}>
          {t('update.available')}
        </p>
        <div class="row">
          <button type="button" onClick={() => updateServiceWorker(true)}>
            {t('update.reload')}
          </button>
          <button type="button" class="secondary" onClick={() => setNeedRefresh(false)}>
            {t('update.later')}
          </button>
        </div>
      </div>
    )
  }
  if (offlineReady) {
    return (
      <div class="banner no-print" role="status" data-testid="offline-ready">
        <span>{t('update.offlineReady')}</span>{' '}
        <button type="button" class="secondary" onClick={() => setOfflineReady(false)}>
          {t('common.close')}
        </button>
      </div>
    )
  }
  return null
}
