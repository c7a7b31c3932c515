/**
 * Cash counted by notes and coins, as staff enter it at Day Begin, Close Account and on cash bags. The set
 * of denominations is data, not code: pass another set when the Reserve Bank issues or withdraws one.
 */
import { LedgerError, show } from './ledger-error.ts'
import { type Money, paise } from './money.ts'
import { err, ok, type Result } from './result.ts'

/** One note or coin: a stable id (used as the key of a count), its form, face value and a label. */
export interface Denomination {
  /** Stable key, e.g. `note-500`, `coin-20`. */
  readonly id: string
  readonly form: 'note' | 'coin'
  readonly value: Money
  /** For people, e.g. "₹500 note". */
  readonly label: string
}

const rupeeDenomination = (form: 'note' | 'coin', rupees: number): Denomination => ({
  id: `${form}-${rupees}`,
  form,
  value: paise(rupees * 100),
  label: `₹${rupees} ${form}`,
})

/** Indian notes (₹500, 200, 100, 50, 20, 10) and coins (₹20, 10, 5, 2, 1) in circulation, largest first. */
export const INR_DENOMINATIONS: readonly Denomination[] = Object.freeze([
  ...[500, 200, 100, 50, 20, 10].map((r) => rupeeDenomination('note', r)),
  ...[20, 10, 5, 2, 1].map((r) => rupeeDenomination('coin', r)),
])

/** A count of notes and coins: denomination id → number of pieces (a whole number ≥ 0). */
export type DenominationCount = Readonly<Record<string, number>>

/**
 * The total of a count, exactly. Refuses (never guesses) a negative or fractional count (`invalid-count`)
 * and an id that is not in the set (`unknown-denomination`).
 */
export function countTotal(
  counts: DenominationCount,
  set: readonly Denomination[] = INR_DENOMINATIONS,
): Result<Money, LedgerError> {
  if (typeof counts !== 'object' || counts === null) {
    return err(
      new LedgerError('invalid-count', 'A count is an object of denomination id → pieces.', { counts }),
    )
  }
  let total = 0
  for (const [id, pieces] of Object.entries(counts)) {
    const d = set.find((x) => x.id === id)
    if (d === undefined) {
      return err(
        new LedgerError(
          'unknown-denomination',
          `Unknown denomination ${show(id)}; use one of ${set.map((x) => x.id).join(', ')}.`,
          { id },
        ),
      )
    }
    if (typeof pieces !== 'number' || !Number.isSafeInteger(pieces) || pieces < 0) {
      return err(
        new LedgerError(
          'invalid-count',
          `The count of ${d.label} must be a whole number of pieces, 0 or more; got ${show(pieces)}.`,
          { id, pieces },
        ),
      )
    }
    total += pieces * d.value
    if (!Number.isSafeInteger(total)) {
      return err(new LedgerError('out-of-range', 'The counted total is beyond the supported range.', { id }))
    }
  }
  return ok(paise(total))
}

/**
 * Checks a set of denominations given as data: ids unique and non-empty, values positive. Use it when a set
 * comes from configuration rather than from {@link INR_DENOMINATIONS}.
 */
export function validateDenominationSet(
  set: readonly Denomination[],
): Result<readonly Denomination[], LedgerError> {
  const seen = new Set<string>()
  for (const d of set) {
    const bad =
      typeof d.id !== 'string' ||
      d.id.length === 0 ||
      seen.has(d.id) ||
      !Number.isSafeInteger(d.value) ||
      d.value <= 0 ||
      (d.form !== 'note' && d.form !== 'coin')
    if (bad) {
      return err(
        new LedgerError(
          'invalid-denomination-set',
          `Denomination ${show(d)} is invalid: ids must be unique and non-empty, form "note" or "coin", value a positive number of paise.`,
          { denomination: d },
        ),
      )
    }
    seen.add(d.id)
  }
  return ok(set)
}

/** One line of a count, for a cash memo or a bag slip: "₹500 note × 12 = ₹6,000.00". */
export interface CountLine {
  readonly denomination: Denomination
  readonly pieces: number
  readonly value: Money
}

/**
 * The lines of a count in the order of the set (largest first for {@link INR_DENOMINATIONS}), skipping
 * denominations with no pieces, with the same refusals as {@link countTotal}.
 */
export function countLines(
  counts: DenominationCount,
  set: readonly Denomination[] = INR_DENOMINATIONS,
): Result<CountLine[], LedgerError> {
  const total = countTotal(counts, set)
  if (!total.ok) return total
  const lines: CountLine[] = []
  for (const d of set) {
    const pieces = counts[d.id] ?? 0
    if (pieces > 0) lines.push({ denomination: d, pieces, value: paise(pieces * d.value) })
  }
  return ok(lines)
}
