import { useId } from 'preact/hooks'
import { formatPaise } from '../i18n/format.ts'
import { locale, t } from '../i18n/index.ts'

/** RBI notes and coins accepted in a count (the same list as core's `DENOMINATIONS`). */
export const DENOMINATIONS = ['2000', '500', '200', '100', '50', '20', '10', '5', '2', '1'] as const
export type Counts = Record<string, number>

/** Total of a count in paise (integers only). */
export function countPaise(counts: Counts): bigint {
  let total = 0n
  for (const [face, n] of Object.entries(counts)) total += BigInt(face) * 100n * BigInt(n)
  return total
}

/** Only the denominations actually counted (core refuses none, but a smaller event is easier to read). */
export function nonZero(counts: Counts): Counts {
  const out: Counts = {}
  for (const [k, v] of Object.entries(counts)) if (v > 0) out[k] = v
  return out
}

/** A count of cash by denomination, with a live total; numeric keypad on phones. */
export function DenominationGrid({
  value,
  onChange,
  legend,
}: {
  value: Counts
  onChange: (c: Counts) => void
  legend: string
}) {
  const id = useId()
  return (
    <fieldset class="card">
      <legend>{legend}</legend>
      <div class="denoms">
        {DENOMINATIONS.map((face) => (
          <div key={face}>
            <label for={`${id}-${face}`}>{t('cash.denomination', { face })}</label>
            <input
              id={`${id}-${face}`}
              inputMode="numeric"
              pattern="[0-9]*"
              autoComplete="off"
              data-testid={`denom-${face}`}
              value={value[face] ? String(value[face]) : ''}
              onInput={(e) => {
                const n = Number.parseInt((e.currentTarget as HTMLInputElement).value || '0', 10)
                onChange({ ...value, [face]: Number.isFinite(n) && n >= 0 ? n : 0 })
              }}
            />
          </div>
        ))}
      </div>
      <p class="total" aria-live="polite">
        {t('cash.countTotal')}:{' '}
        <strong data-testid="count-total">{formatPaise(countPaise(value), locale.value)}</strong>
      </p>
    </fieldset>
  )
}
