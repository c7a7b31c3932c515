import { t } from '../i18n/index.ts'

/** The start screen: the day's summary and the menu of workflows. */
export function HomeScreen() {
  return (
    <section aria-labelledby="home-h">
      <h2 id="home-h">{t('home.title')}</h2>
      <p>{t('home.notLoggedIn')}</p>
      <nav class="menu" aria-label={t('nav.label')}>
        <ul>
          <li>
            <a href="#/settings">{t('nav.settings')}</a>
          </li>
        </ul>
      </nav>
    </section>
  )
}
