import { useEffect, useState } from 'preact/hooks'
import { applyTheme, type Theme, theme } from '../components/theme.ts'
import { formatBytes } from '../i18n/format.ts'
import { locale, setLocale, t } from '../i18n/index.ts'

interface StorageInfo {
  used: number
  quota: number
  persisted: boolean
}

/** Language, theme and the device's storage (usage, quota, whether it is protected from eviction). */
export function SettingsScreen() {
  const [info, setInfo] = useState<StorageInfo | null>(null)
  useEffect(() => {
    const s = navigator.storage
    if (!s?.estimate) return
    void Promise.all([s.estimate(), s.persisted?.() ?? Promise.resolve(false)]).then(([e, p]) =>
      setInfo({ used: e.usage ?? 0, quota: e.quota ?? 0, persisted: p }),
    )
  }, [])
  return (
    <section aria-labelledby="settings-h">
      <h2 id="settings-h">{t('settings.title')}</h2>
      <label for="lang-select">{t('lang.label')}</label>
      <select
        id="lang-select"
        value={locale.value}
        onChange={(e) => setLocale((e.currentTarget as HTMLSelectElement).value === 'hi' ? 'hi' : 'en')}
      >
        <option value="en">English</option>
        <option value="hi">हिन्दी</option>
      </select>
      <label for="theme-select">{t('theme.label')}</label>
      <select
        id="theme-select"
        value={theme.value}
        onChange={(e) => applyTheme((e.currentTarget as HTMLSelectElement).value as Theme)}
      >
        <option value="system">{t('theme.system')}</option>
        <option value="light">{t('theme.light')}</option>
        <option value="dark">{t('theme.dark')}</option>
      </select>
      <div class="card">
        <h3 style={{ marginTop: 0 }}>{t('settings.storage')}</h3>
        {info && (
          <>
            <p>
              {t('settings.storageUsage', {
                used: formatBytes(info.used, locale.value),
                quota: formatBytes(info.quota, locale.value),
              })}
            </p>
            <p class={info.persisted ? 'ok' : 'warn'}>
              {info.persisted ? t('settings.persisted') : t('settings.notPersisted')}
            </p>
          </>
        )}
      </div>
      <p class="hint">{t('settings.version', { version: __APP_VERSION__ })}</p>
    </section>
  )
}
