/**
 * The one error type of @dak/ledger. It is returned inside `Result`s for expected failures (bad input, a
 * refused transaction) and thrown only by the convenience forms documented as throwing (`money`, `paise`,
 * the arithmetic helpers on overflow). `code` is stable and meant for programs and translations; `message`
 * is for people and says what was wrong and what is accepted.
 */

/** Every stable code a {@link LedgerError} can carry. */
export type LedgerErrorCode =
  | 'invalid-amount'
  | 'too-many-decimals'
  | 'not-finite'
  | 'not-integer'
  | 'out-of-range'
  | 'invalid-rate'
  | 'invalid-ratios'
  | 'invalid-count'
  | 'unknown-denomination'
  | 'invalid-denomination-set'
  | 'invalid-stock-item'
  | 'unknown-stock-item'
  | 'invalid-quantity'
  | 'invalid-account'
  | 'unknown-account-kind'
  | 'invalid-commodity'
  | 'invalid-posting'
  | 'invalid-transaction-id'
  | 'empty-transaction'
  | 'zero-transaction'
  | 'unbalanced-transaction'
  | 'invalid-opening'
  | 'invalid-policy'

/** A ledger failure with a stable {@link LedgerErrorCode} and the offending data in `details`. */
export class LedgerError extends Error {
  override readonly name = 'LedgerError'
  readonly code: LedgerErrorCode
  readonly details: Readonly<Record<string, unknown>>

  constructor(code: LedgerErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message)
    this.code = code
    this.details = details
  }
}

/** True when `e` is a {@link LedgerError} (works across bundle copies, unlike `instanceof` alone). */
export function isLedgerError(e: unknown): e is LedgerError {
  return e instanceof LedgerError || (e instanceof Error && e.name === 'LedgerError' && 'code' in e)
}

/**
 * Shows a value in an error message: JSON where possible (strings quoted), and never throws — bigints,
 * cycles and objects whose conversion fails fall back to a short description.
 */
export function show(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))
    return text === undefined ? typeof value : text
  } catch {
    return Array.isArray(value) ? 'an array' : `a ${typeof value}`
  }
}
