import { balanceOf, CASH, type State } from '@dak/core'
import { useEffect, useState } from 'preact/hooks'
import { useOffice } from '../components/use-office.ts'
import { formatDate, formatMoney, formatPaise, parseRupees } from '../i18n/format.ts'
import { locale, type MessageKey, t } from '../i18n/index.ts'
import { reference, session } from '../state/app-state.ts'
import type { OfficeStore } from '../state/store.ts'
import { defaultSyncUrl } from '../state/sync.ts'
import { type OfficeView, openOfficeView } from './dashboard-rooms.ts'

const ARTICLE_STATES = [
  'booked',
  'bagged',
  'in-transit',
  'received',
  'out-for-delivery',
  'attempted',
  'delivered',
  'returned',
] as const

/** What an office's day looks like in a folded state: status, treasury, bags in transit. */
export function officeGlance(state: State, office: string, date: string) {
  const day = state.day.days[`${office}/${date}`]
  const held = balanceOf(state.custody, `treasury:${office}`, CASH)
  const cashBags = Object.values(state.day.bags).filter((b) => b.status !== 'received')
  const sum = (list: typeof cashBags) =>
    list.reduce((n, b) => n + balanceOf(state.custody, `transit:${b.bagNo}`, CASH), 0)
  const cashOut = cashBags.filter((b) => b.from === office)
  const cashIn = cashBags.filter((b) => b.to === office)
  const mailOut = Object.values(state.mail.bags).filter((b) => b.from === office && b.status === 'dispatched')
  const mailIn = Object.values(state.mail.inbound).filter((b) => b.preAdvice && b.receipts.length === 0)
  return {
    status: !day ? 'notBegun' : day.status === 'ended' ? 'ended' : 'begun',
    held,
    cashOut: { count: cashOut.length, paise: sum(cashOut) },
    cashIn: { count: cashIn.length, paise: sum(cashIn) },
    mailOut: mailOut.length,
    mailIn: mailIn.length,
  } as const
}

function accountLabel(state: State, account: string): string {
  const [kind, id = ''] = account.split(/:(.*)/s)
  const who = (staff: string) => state.office.staff[staff]?.name ?? staff
  switch (kind) {
    case 'treasury':
      return t('dash.acct.treasury')
    case 'counter':
      return t('dash.acct.counter', { who: who(state.day.duties[id]?.staff ?? id) })
    case 'transit':
      return t('dash.acct.transit', { id })
    case 'cod-pouch':
      return t('dash.acct.cod-pouch', { who: who(id) })
    default:
      return t('dash.acct.other', { id: account })
  }
}

/**
 * The live dashboard of the office day: cash by custody account, articles by state, bags in transit; for an
 * account office, the same at a glance for each office that renders its account to it.
 */
export function DashboardScreen() {
  const o = useOffice()
  if (!o) return null
  const { state, office } = o
  const { ctx } = office
  const g = officeGlance(state, ctx.office, ctx.date)
  const cash = Object.entries(state.custody.balances)
    .map(([account, by]) => [account, by[CASH] ?? 0] as const)
    .filter(
      ([account, paise]) =>
        paise > 0 &&
        /^(treasury|counter|transit|cod-pouch):/.test(account) &&
        ownedHere(state, account, ctx.office),
    )
    .sort(([a], [b]) => (a < b ? -1 : 1))
  const articles = Object.values(state.mail.articles).filter((a) => a.office === ctx.office)
  const subs = Object.values(state.office.offices).filter((x) => x.accountOffice === ctx.office)
  const money = (p: number) => formatPaise(BigInt(p), locale.value)
  return (
    <section aria-labelledby="dash-h">
      <h2 id="dash-h">{t('dash.title')}</h2>
      <p data-testid="dash-day" data-status={g.status}>
        {t('dash.day', { date: formatDate(Date.parse(`${ctx.date}T12:00:00+05:30`), locale.value) })} ·{' '}
        {t(`dash.${g.status}` as MessageKey)}
      </p>
      <div class="card">
        <h3>{t('dash.cash')}</h3>
        <table data-testid="dash-cash">
          <thead>
            <tr>
              <th scope="col">{t('dash.account')}</th>
              <th scope="col" class="num">
                {t('dash.balance')}
              </th>
            </tr>
          </thead>
          <tbody>
            {cash.map(([account, paise]) => (
              <tr key={account} data-account={account}>
                <th scope="row">{accountLabel(state, account)}</th>
                <td class="num">{money(paise)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="card">
        <h3>{t('dash.articles')}</h3>
        <table data-testid="dash-articles">
          <thead>
            <tr>
              <th scope="col">{t('dash.state')}</th>
              <th scope="col" class="num">
                {t('dash.count')}
              </th>
            </tr>
          </thead>
          <tbody>
            {ARTICLE_STATES.map((s) => (
              <tr key={s} data-state={s}>
                <th scope="row">{t(`dash.art.${s}` as MessageKey)}</th>
                <td class="num">{articles.filter((a) => a.status === s).length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="card" data-testid="dash-bags">
        <h3>{t('dash.bags')}</h3>
        <p>{t('dash.mailOut', { count: g.mailOut })}</p>
        <p>{t('dash.mailIn', { count: g.mailIn })}</p>
        <p data-testid="dash-cash-out">
          {t('dash.cashOut', { count: g.cashOut.count, amount: money(g.cashOut.paise) })}
        </p>
        <p data-testid="dash-cash-in">
          {t('dash.cashIn', { count: g.cashIn.count, amount: money(g.cashIn.paise) })}
        </p>
      </div>
      {subs.length > 0 && <SubOffices office={office} ids={subs.map((s) => s.id)} parent={state} />}
    </section>
  )
}

/** Whether a custody account belongs to this office's picture (its treasury, counters, pouches, bags). */
function ownedHere(state: State, account: string, office: string): boolean {
  const [kind, id = ''] = account.split(/:(.*)/s)
  if (kind === 'treasury') return id === office
  if (kind === 'counter') return state.day.duties[id]?.office === office
  if (kind === 'transit') {
    const bag = state.day.bags[id]
    return bag?.from === office || bag?.to === office
  }
  if (kind === 'cod-pouch') return state.office.staff[id]?.office === office
  return false
}

/** Opens (read-only) the day of each office that renders its account here; closed when the screen is left. */
function useOfficeViews(office: OfficeStore, ids: readonly string[]): OfficeView[] {
  const [views, setViews] = useState<OfficeView[]>([])
  const key = ids.join(',')
  // reopened with each renewed token (`token-refresh.ts`); an expiry before that is the refresher's to show
  const token = session.value?.token
  useEffect(() => {
    const sync = token ? { url: defaultSyncUrl(), token, onUnauthorized: () => {} } : null
    let live = true
    const opening = Promise.all(ids.map((id) => openOfficeView(id, office.ctx.date, reference.value, sync)))
    void opening.then((opened) => {
      if (live) setViews(opened)
    })
    return () => {
      live = false
      void opening.then((opened) => Promise.all(opened.map((v) => v.close())))
    }
  }, [key, token])
  return views
}

function SubOffices({ office, ids, parent }: { office: OfficeStore; ids: readonly string[]; parent: State }) {
  const stores = useOfficeViews(office, ids)
  const money = (p: number) => formatPaise(BigInt(p), locale.value)
  return (
    <div class="card">
      <h3>{t('dash.offices')}</h3>
      {stores.length === 0 ? (
        <p role="status">{t('dash.loading')}</p>
      ) : (
        <table data-testid="dash-offices">
          <thead>
            <tr>
              <th scope="col">{t('dash.office')}</th>
              <th scope="col">{t('dash.status')}</th>
              <th scope="col" class="num">
                {t('dash.held')}
              </th>
              <th scope="col">{t('dash.transit')}</th>
            </tr>
          </thead>
          <tbody>
            {stores.map((s) => {
              void s.version.value
              const id = s.office
              const rec = parent.office.offices[id]
              const g = officeGlance(s.state(), id, s.date)
              const min = Number(parseRupees(rec?.authorisedMin ?? '0') ?? 0n)
              const max = Number(parseRupees(rec?.authorisedMax ?? '0') ?? 0n)
              const band =
                g.status === 'notBegun' ? null : g.held > max ? 'over' : g.held < min ? 'under' : 'within'
              return (
                <tr
                  key={id}
                  data-testid="dash-office"
                  data-office={id}
                  data-status={g.status}
                  data-band={band}
                >
                  <th scope="row">{rec?.name ?? id}</th>
                  <td>{t(`dash.${g.status}` as MessageKey)}</td>
                  <td class="num">
                    {money(g.held)}
                    {rec && (
                      <span class="hint">
                        {' '}
                        {t('dash.limit')} {formatMoney(rec.authorisedMin, locale.value)}–
                        {formatMoney(rec.authorisedMax, locale.value)}
                        {band && ` · ${t(`dash.${band}` as MessageKey)}`}
                      </span>
                    )}
                  </td>
                  <td>
                    {t('dash.transitLine', {
                      mail: g.mailOut + g.mailIn,
                      cash: g.cashOut.count + g.cashIn.count,
                    })}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </div>
  )
}
