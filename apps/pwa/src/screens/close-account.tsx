import { useState } from 'preact/hooks'
import { useAction } from '../components/action.ts'
import { type Counts, DenominationGrid, nonZero } from '../components/denominations.tsx'
import { Field } from '../components/field.tsx'
import { ResultNote } from '../components/result-note.tsx'
import { rolesOf, staffName, useOffice } from '../components/use-office.ts'
import { formatMoney, formatPaise, parseRupees } from '../i18n/format.ts'
import { locale, t } from '../i18n/index.ts'
import { nonZeroStock, StockFields } from './day-begin.tsx'

const toMoney = (text: string): string => {
  const p = parseRupees(text || '0') ?? 0n
  return `${p / 100n}.${(p % 100n).toString().padStart(2, '0')}`
}

/**
 * Close Account: the counter's counted cash and stock, deposits and withdrawals; core computes the expected
 * balance; every difference is shown and goes to a supervisor to verify before the shift ends.
 */
export function CloseAccountScreen() {
  const o = useOffice()
  const [cash, setCash] = useState<Counts>({})
  const [stock, setStock] = useState<Record<string, number>>({})
  const [deposits, setDeposits] = useState('0')
  const [withdrawals, setWithdrawals] = useState('0')
  const action = useAction(o?.office)
  if (!o) return null
  const { state, office } = o
  const { ctx } = office
  const mine = Object.values(state.day.duties).find(
    (d) =>
      d.staff === ctx.staff && d.date === ctx.date && ['begun', 'submitted', 'verified'].includes(d.status),
  )
  const supervises = rolesOf(state, ctx.staff, ctx.office).some((r) =>
    ['postmaster', 'supervisor', 'branch-postmaster'].includes(r),
  )
  const toVerify = Object.values(state.day.duties).filter(
    (d) =>
      d.office === ctx.office && d.date === ctx.date && d.status === 'submitted' && d.staff !== ctx.staff,
  )
  const acct = mine?.account
  return (
    <section aria-labelledby="ca-h">
      <h2 id="ca-h">{t('close.title')}</h2>
      {!mine && <p>{t('close.noDuty')}</p>}
      {mine?.status === 'begun' && (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            void action.run(
              {
                type: 'account.submit',
                payload: {
                  cash: nonZero(cash),
                  stock: nonZeroStock(stock),
                  deposits: toMoney(deposits),
                  withdrawals: toMoney(withdrawals),
                },
              },
              t('common.done'),
            )
          }}
        >
          <p>{t('close.intro')}</p>
          <DenominationGrid legend={t('close.counted')} value={cash} onChange={setCash} />
          <StockFields value={stock} onChange={setStock} />
          <Field label={t('close.deposits')} value={deposits} onValue={setDeposits} inputMode="decimal" />
          <Field
            label={t('close.withdrawals')}
            value={withdrawals}
            onValue={setWithdrawals}
            inputMode="decimal"
          />
          <div class="row">
            <button type="submit" data-testid="close-submit" disabled={action.busy}>
              {t('close.submit')}
            </button>
          </div>
        </form>
      )}
      {acct && (
        <div class="card" data-testid="close-result">
          <table>
            <tbody>
              <tr>
                <th scope="row">{t('close.expected')}</th>
                <td class="num">{formatPaise(BigInt(acct.expectedPaise), locale.value)}</td>
              </tr>
              <tr>
                <th scope="row">{t('close.counted')}</th>
                <td class="num">{formatMoney(acct.countedCash, locale.value)}</td>
              </tr>
              <tr>
                <th scope="row">{t('close.difference')}</th>
                <td class="num" data-testid="close-difference">
                  {formatPaise(BigInt(acct.differencePaise), locale.value)}
                </td>
              </tr>
            </tbody>
          </table>
          <p class={acct.differencePaise === 0 ? 'ok' : 'warn'}>
            {acct.differencePaise === 0
              ? t('close.tallies')
              : acct.differencePaise < 0
                ? t('close.shortage', { amount: formatPaise(BigInt(-acct.differencePaise), locale.value) })
                : t('close.excess', { amount: formatPaise(BigInt(acct.differencePaise), locale.value) })}
          </p>
          {mine?.status === 'verified' && (
            <button
              type="button"
              data-testid="close-end-shift"
              onClick={() =>
                action.run({ type: 'shift.end', payload: { dutyId: mine.id } }, t('common.done'))
              }
            >
              {t('close.endShift')}
            </button>
          )}
        </div>
      )}
      {supervises && (
        <div class="card">
          <h3>{t('close.toVerify')}</h3>
          {toVerify.length === 0 && <p>{t('common.none')}</p>}
          <ul class="plain">
            {toVerify.map((d) => (
              <li key={d.id} data-testid="close-to-verify">
                <p>
                  {staffName(state, d.staff)} —{' '}
                  {d.account ? formatPaise(BigInt(d.account.differencePaise), locale.value) : ''}
                </p>
                <button
                  type="button"
                  data-testid="close-verify"
                  onClick={() =>
                    action.run(
                      {
                        type: 'account.verify',
                        payload: { dutyId: d.id, acceptDifference: (d.account?.differencePaise ?? 0) !== 0 },
                      },
                      t('common.done'),
                      null,
                    )
                  }
                >
                  {t('close.verify')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <ResultNote error={action.error} done={action.done} />
    </section>
  )
}
