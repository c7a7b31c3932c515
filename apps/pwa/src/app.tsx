import { route } from './components/route.ts'
import { SyncIndicator } from './components/sync-indicator.tsx'
import { UpdatePrompt } from './components/update-prompt.tsx'
import { locale, setLocale, t } from './i18n/index.ts'
import { HomeScreen } from './screens/home.tsx'
// Every screen but the first ones (home, set-up, login, settings) loads on demand: the first-load budget.
import {
  AdminScreen,
  BagsScreen,
  BeatScreen,
  BookScreen,
  CashScreen,
  CloseAccountScreen,
  ConflictsScreen,
  DashboardScreen,
  DayBeginScreen,
  DayEndScreen,
  DutyScreen,
  LabelScreen,
  ReceiveScreen,
  TrackScreen,
} from './screens/lazy-screens.tsx'
import { LoginScreen } from './screens/login.tsx'
import { SettingsScreen } from './screens/settings.tsx'
import { SetupScreen } from './screens/setup.tsx'
import { booted, closeStore, device, session, store } from './state/app-state.ts'
import { logout } from './state/session.ts'

const SCREENS: Record<string, () => preact.JSX.Element | null> = {
  '/day-begin': DayBeginScreen,
  '/book': BookScreen,
  '/bags': BagsScreen,
  '/label': LabelScreen,
  '/receive': ReceiveScreen,
  '/track': TrackScreen,
  '/duty': DutyScreen,
  '/close-account': CloseAccountScreen,
  '/day-end': DayEndScreen,
  '/conflicts': ConflictsScreen,
  '/cash': CashScreen,
  '/dashboard': DashboardScreen,
  '/beat': BeatScreen,
  '/admin': AdminScreen,
}

function Screen() {
  if (route.value === '/settings') return <SettingsScreen />
  if (!booted.value) return null
  if (!device.value) return <SetupScreen />
  if (!session.value || !store.value) return <LoginScreen />
  const S = SCREENS[route.value.split('?')[0] ?? ''] ?? HomeScreen
  return <S />
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
        {session.value && (
          <button
            type="button"
            class="secondary"
            data-testid="logout"
            onClick={async () => {
              await closeStore()
              await logout()
            }}
          >
            {t('nav.logout')}
          </button>
        )}
      </header>
      <UpdatePrompt />
      <main id="main" tabIndex={-1}>
        <Screen />
      </main>
    </>
  )
}
