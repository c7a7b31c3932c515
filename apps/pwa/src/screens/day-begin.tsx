import { useState } from 'preact/hooks'
import { useAction } from '../components/action.ts'
import { type Counts, countPaise, DenominationGrid, nonZero } from '../components/denominations.tsx'
import { ResultNote } from '../components/result-note.tsx'
import { useOffice } from '../components/use-office.ts'
import { formatMoney, formatPaise } from '../i18n/format.ts'
import { locale, t } from '../i18n/index.ts'

/** Stock items counted at Day Begin (postage stamps by face value, revenue stamps, IPOs). */
export const STOCK_ITEMS = ['stamp-5', 'stamp-10', 'stamp-25', 'rev-stamp-1', 'ipo-10'] as const

/** Day Begin: the opening cash by denomination and the stock, declared by the postmaster (`day.begin`). */
export function DayBeginScreen() {
  const o = useOffice()
  const [cash, setCash] = useState<Counts>({})
  const [stock, setStock] = useState<Record<string, number>>({})
  const action = useAction(o?.office)
  if (!o) return null
  const { ctx } = o.office
  const day = o.state.day.days[`${ctx.office}/${ctx.date}`]
  const diffEvent = day?.openingDifferenceEvent
    ? o.office.day.journal.get(day.openingDifferenceEvent)
    : undefined
  const submit = async (e: Event) => {
    e.preventDefault()
    await action.run(
      { type: 'day.begin', payload: { cash: nonZero(cash), stock: nonZeroStock(stock) } },
      t('dayBegin.done', { cash: formatPaise(countPaise(cash), locale.value) }),
    )
  }
  return (
    <section aria-labelledby="db-h">
      <h2 id="db-h">{t('dayBegin.title')}</h2>
      {day ? (
        <div class="card">
          <p class="ok" data-testid="day-begun">
            {t('dayBegin.done', { cash: formatMoney(day.openingCash, locale.value) })}
          </p>
          {diffEvent && (
            <p class="warn">
              {t('dayBegin.difference', {
                diff: formatMoney((diffEvent.payload as { difference: string }).difference, locale.value),
              })}
            </p>
          )}
        </div>
      ) : (
        <form onSubmit={submit}>
          <p>{t('dayBegin.intro')}</p>
          <DenominationGrid legend={t('cash.countTotal')} value={cash} onChange={setCash} />
          <StockFields value={stock} onChange={setStock} />
          <button type="submit" disabled={action.busy} data-testid="day-begin-submit">
            {t('dayBegin.submit')}
          </button>
        </form>
      )}
      <ResultNote error={action.error} done={day ? null : action.done} />
    </section>
  )
}

export function nonZeroStock(stock: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [k, v] of Object.entries(stock)) if (v > 0) out[k] = v
  return out
}

export function StockFields({
  value,
  onChange,
}: {
  value: Record<string, number>
  onChange: (v: Record<string, number>) => void
}) {
  return (
    <fieldset class="card">
      <legend>{t('stock.title')}</legend>
      <div class="denoms">
        {STOCK_ITEMS.map((item) => (
          <div key={item}>
            <label for={`stock-${item}`}>{t('stock.item', { item })}</label>
            <input
              id={`stock-${item}`}
              inputMode="numeric"
              pattern="[0-9]*"
              autoComplete="off"
              value={value[item] ? String(value[item]) : ''}
              onInput={(e) => {
                const n = Number.parseInt((e.currentTarget as HTMLInputElement).value || '0', 10)
                onChange({ ...value, [item]: Number.isFinite(n) && n >= 0 ? n : 0 })
              }}
            />
          </div>
        ))}
      </div>
    </fieldset>
  )
}
