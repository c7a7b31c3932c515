import '@fontsource/noto-sans-devanagari/devanagari-400.css'
import '@fontsource/noto-sans-devanagari/devanagari-700.css'
import './styles.css'
import { render } from 'preact'
import { App } from './app.tsx'
import { applyTheme, theme } from './components/theme.ts'
import { preferredLocale, setLocale } from './i18n/index.ts'
import { boot } from './state/app-state.ts'

applyTheme(theme.value)
// Reading the device's saved state does not wait for the language; both run at once.
void boot()
const root = document.getElementById('app')
if (!root) throw new Error('index.html must contain <div id="app">')
// The chosen language's catalogue is loaded before the first render (Hindi is a chunk of its own, precached), so
// the first paint is already in that language. If it cannot load, the app starts in English (the signal's
// default) rather than not at all, and the person's choice stays saved for the next start.
await setLocale(preferredLocale()).catch(() => undefined)
render(<App />, root)
