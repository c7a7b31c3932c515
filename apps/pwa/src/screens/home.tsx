import { balanceOf, CASH } from '@dak/core'
import { rolesOf, staffName, useOffice } from '../components/use-office.ts'
import { formatDate, formatMoney, formatPaise } from '../i18n/format.ts'
import { locale, type MessageKey, t } from '../i18n/index.ts'

const MENU: readonly [string, MessageKey][] = [
  ['/day-begin', 'nav.dayBegin'],
  ['/duty', 'nav.duty'],
  ['/book', 'nav.book'],
  ['/bags', 'nav.bags'],
  ['/receive', 'nav.receive'],
  ['/track', 'nav.track'],
  ['/close-account', 'nav.closeAccount'],
  ['/day-end', 'nav.dayEnd'],
  ['/conflicts', 'nav.conflicts'],
  ['/cash', 'nav.cash'],
  ['/dashboard', 'nav.dashboard'],
  ['/beat', 'nav.beat'],
  ['/admin', 'nav.admin'],
  ['/settings', 'nav.settings'],
]

/** The start screen: who, which office and day, the day's status, and the menu of workflows. */
export function HomeScreen() {
  const o = useOffice()
  if (!o) return null
  const { office, state } = o
  const { ctx } = office
  const day = state.day.days[`${ctx.office}/${ctx.date}`]
  const duty = Object.values(state.day.duties).find((d) => d.staff === ctx.staff && d.date === ctx.date)
  const roles = rolesOf(state, ctx.staff, ctx.office)
  const treasury = balanceOf(state.custody, `treasury:${ctx.office}`, CASH)
  return (
    <section aria-labelledby="home-h">
      <h2 id="home-h">{t('home.welcome', { name: staffName(state, ctx.staff) })}</h2>
      <div class="card">
        <p>
          <strong>{state.office.offices[ctx.office]?.name ?? ctx.office}</strong> ·{' '}
          {t('home.day', { date: formatDate(Date.parse(`${ctx.date}T12:00:00+05:30`), locale.value) })}
        </p>
        <p data-testid="day-status">
          {!day
            ? t('home.dayNotBegun')
            : day.status === 'ended'
              ? t('home.dayEnded')
              : t('home.dayBegun', { cash: formatMoney(day.openingCash, locale.value) })}
        </p>
        {day && <p>{t('home.treasury', { cash: formatPaise(BigInt(treasury), locale.value) })}</p>}
        <p>{t('home.role', { role: roles.join(', ') || '—' })}</p>
        <p data-testid="my-duty">
          {duty
            ? t('home.duty', {
                duty: t(`duty.kind.${duty.kind}` as MessageKey),
                status: t(`duty.status.${duty.status}` as MessageKey),
              })
            : t('home.noDuty')}
        </p>
      </div>
      <nav class="menu" aria-label={t('nav.label')}>
        <ul>
          {MENU.map(([href, key]) => (
            <li key={href}>
              <a href={`#${href}`}>{t(key)}</a>
            </li>
          ))}
        </ul>
      </nav>
    </section>
  )
}
