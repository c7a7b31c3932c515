import { route } from './components/route.ts'
import { SyncIndicator } from './components/sync-indicator.tsx'
import { UpdatePrompt } from './components/update-prompt.tsx'
import { locale, setLocale, t } from './i18n/index.ts'
import { HomeScreen } from './screens/home.tsx'
import { SettingsScreen } from './screens/settings.tsx'

function Screen() {
  switch (route.value) {
    case '/settings':
      return <SettingsScreen />
    default:
      return <HomeScreen />
  }
}

/** The shell: header (name, sync state, language), the current screen, and the update prompt. */
export function App() {
  const other = locale.value === 'hi' ? 'en' : 'hi'
  return (
    <>
      <button type="button" class="skip" onClick={() => document.getElementById('main')?.focus()}>
        {t('app.skip')}
      </button>
      <header class="bar no-print">
        <h1>
          <a href="#/" style={{ color: 'inherit', textDecoration: 'none' }}>
            {t('app.name')}
          </a>
        </h1>
        <SyncIndicator />
        <button
          type="button"
          class="secondary"
          lang={other}
          data-testid="lang-switch"
          onClick={() => setLocale(other)}
        >
          {t('lang.switch')}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Screen />
      </main>
      <UpdatePrompt />
    </>
  )
}
