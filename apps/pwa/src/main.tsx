import '@fontsource/noto-sans-devanagari/devanagari-400.css'
import '@fontsource/noto-sans-devanagari/devanagari-700.css'
import './styles.css'
import { render } from 'preact'
import { App } from './app.tsx'
import { applyTheme, theme } from './components/theme.ts'
import { locale, setLocale } from './i18n/index.ts'
import { boot } from './state/app-state.ts'

setLocale(locale.value)
applyTheme(theme.value)
const root = document.getElementById('app')
if (!root) throw new Error('index.html must contain <div id="app">')
render(<App />, root)
void boot()
