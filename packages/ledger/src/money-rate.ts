/**
 * The decimal edge of money: multiplying by a rate (fees, GST, commission) with an explicit rounding mode,
 * rounding to whole rupees, and splitting an amount without losing a paisa. decimal.js does the arithmetic
 * here so that no intermediate result is a binary float.
 */
import Decimal from 'decimal.js'
import { LedgerError, show } from './ledger-error.ts'
import { type Money, paise } from './money.ts'

/**
 * How a result that falls between two paise is rounded:
 * `half-up` (half away from zero), `half-even` (banker's), `down` (toward zero), `up` (away from zero),
 * `ceil` (toward +∞), `floor` (toward −∞).
 */
export type Rounding = 'half-up' | 'half-even' | 'down' | 'up' | 'ceil' | 'floor'

// 64 significant digits: paise (16 digits) times any sensible rate never rounds before our own rounding.
const D = Decimal.clone({ precision: 64, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -64, toExpPos: 64 })

const MODES: Record<Rounding, Decimal.Rounding> = {
  'half-up': Decimal.ROUND_HALF_UP,
  'half-even': Decimal.ROUND_HALF_EVEN,
  down: Decimal.ROUND_DOWN,
  up: Decimal.ROUND_UP,
  ceil: Decimal.ROUND_CEIL,
  floor: Decimal.ROUND_FLOOR,
}

const RATE = /^\s*([+-]?\d+(?:\.\d+)?|[+-]?\.\d+)\s*(%)?\s*$/

function roundingMode(rounding: Rounding): Decimal.Rounding {
  const mode = MODES[rounding]
  if (mode === undefined) {
    throw new LedgerError(
      'invalid-rate',
      `Unknown rounding ${show(rounding)}; use one of ${Object.keys(MODES).join(', ')}.`,
      { rounding },
    )
  }
  return mode
}

/** Parses a rate written as a decimal string ("0.016", "18") or a percentage ("1.6%"), exactly. */
function parseRate(rate: string): Decimal {
  const m = typeof rate === 'string' ? RATE.exec(rate) : null
  if (m === null) {
    throw new LedgerError(
      'invalid-rate',
      `A rate is a decimal string such as "0.016", "1.5" or "1.6%"; got ${show(rate)}. ` +
        'Rates are strings so that they are never binary floats.',
      { rate },
    )
  }
  const value = new D(m[1]!)
  return m[2] ? value.div(100) : value
}

/**
 * m × rate, rounded to a whole paisa with the given mode. `rate` is a decimal string or a percentage
 * ("18%"). Throws `invalid-rate` for a malformed rate or mode, `out-of-range` if the result overflows.
 */
export function mulRate(m: Money, rate: string, rounding: Rounding): Money {
  const exact = new D(m).times(parseRate(rate))
  return paise(exact.toDecimalPlaces(0, roundingMode(rounding)).toNumber())
}

/** Rounds an amount to whole rupees with the given mode (e.g. GST or COD amounts in whole rupees). */
export function roundToRupee(m: Money, rounding: Rounding): Money {
  const rupees = new D(m).div(100).toDecimalPlaces(0, roundingMode(rounding))
  return paise(rupees.times(100).toNumber())
}

/**
 * Splits m into parts proportional to `ratios` without losing a paisa: the parts sum exactly to m, and each
 * part is within one paisa of its exact share (largest-remainder method; ties go to the earlier part). With
 * equal ratios the parts differ from each other by at most one paisa. Ratios are finite, non-negative numbers
 * with a positive sum, otherwise throws `invalid-ratios`.
 */
export function allocate(m: Money, ratios: readonly number[]): Money[] {
  checkRatios(ratios)
  const rs = ratios.map((r) => new D(String(r)))
  const total = rs.reduce((a, b) => a.plus(b), new D(0))
  const whole = new D(Math.abs(m))
  const shares = rs.map((r) => whole.times(r).div(total))
  const floors = shares.map((s) => s.floor().toNumber())
  let left = Math.abs(m) - floors.reduce((a, b) => a + b, 0)
  // Hand the leftover paise, one each, to the parts whose exact share lost the most to flooring.
  const order = shares
    .map((s, i) => ({ i, rest: s.minus(s.floor()) }))
    .sort((a, b) => b.rest.comparedTo(a.rest) || a.i - b.i)
  for (const { i } of order) {
    if (left === 0) break
    floors[i] = floors[i]! + 1
    left--
  }
  return floors.map((p) => paise(m < 0 ? -p : p))
}

function checkRatios(ratios: readonly number[]): void {
  const bad =
    !Array.isArray(ratios) ||
    ratios.length === 0 ||
    ratios.some((r) => typeof r !== 'number' || !Number.isFinite(r) || r < 0) ||
    !ratios.some((r) => r > 0)
  if (bad) {
    throw new LedgerError(
      'invalid-ratios',
      `allocate needs at least one ratio, all finite and non-negative, not all zero; got ${show(ratios)}.`,
      { ratios },
    )
  }
}
