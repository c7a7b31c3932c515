/**
 * Money in Indian rupees, held as a safe integer number of paise. There is never a float inside: amounts
 * enter through {@link parseMoney} / {@link money} / {@link paise}, which refuse anything not exact to the
 * paisa, and leave through {@link moneyToString} (the canonical form stored in events) or
 * {@link formatMoney} (Indian digit grouping, for people).
 */
import { LedgerError, show } from './ledger-error.ts'
import { err, ok, type Result } from './result.ts'

/**
 * An exact amount of money: a safe integer count of paise (₹1 = 100 paise), branded so that a plain number
 * cannot be passed where money is meant. Negative amounts are allowed (a shortage, a payment out).
 */
export type Money = number & { readonly __money: true }

/** Zero rupees. */
export const ZERO = 0 as Money

/** The largest whole-rupee part an amount may have so that its paise stay a safe integer. */
const MAX_RUPEES = Math.floor(Number.MAX_SAFE_INTEGER / 100)

const ACCEPTED =
  'an amount in rupees with at most two decimals, e.g. "1,23,456.50", "₹ 500", "Rs. 500/-", "500.5" or "-20.00"'

// sign, optional currency mark, optional sign after it, digits with optional grouping commas, decimals, "/-"
const AMOUNT = /^([+-])?\s*(?:₹|rs\.?|inr)?\s*([+-])?\s*(\d[\d,]*)(?:\.(\d*))?\s*(?:\/-)?$/i
const INDIAN_GROUPS = /^\d{1,2}(?:,\d{2})*,\d{3}$/
const WESTERN_GROUPS = /^\d{1,3}(?:,\d{3})+$/

/** True when `x` is a valid {@link Money} value (a safe integer; -0 is not produced by this package). */
export function isMoney(x: unknown): x is Money {
  return typeof x === 'number' && Number.isSafeInteger(x)
}

/** Builds money from an integer count of paise; throws {@link LedgerError} for anything else. */
export function paise(n: number): Money {
  if (!Number.isFinite(n)) {
    throw new LedgerError('not-finite', `Paise must be a finite integer; got ${show(n)}.`, { input: n })
  }
  if (!Number.isInteger(n)) {
    throw new LedgerError('not-integer', `Paise must be a whole number (₹1 = 100 paise); got ${show(n)}.`, {
      input: n,
    })
  }
  if (!Number.isSafeInteger(n)) {
    throw new LedgerError('out-of-range', `Paise must be within ±${Number.MAX_SAFE_INTEGER}; got ${n}.`, {
      input: n,
    })
  }
  return (n === 0 ? 0 : n) as Money
}

/**
 * Parses an amount in rupees without throwing. Strings may carry a sign, "₹" / "Rs." / "INR", Indian
 * ("1,23,456") or Western ("123,456") digit grouping, up to two decimals and a trailing "/-". Numbers are
 * accepted only when exact to the paisa (0.1 + 0.2 is refused). Everything else is a {@link LedgerError}
 * with code `invalid-amount`, `too-many-decimals`, `not-finite` or `out-of-range`.
 */
export function parseMoney(input: unknown): Result<Money, LedgerError> {
  if (typeof input === 'number') return parseNumber(input)
  if (typeof input !== 'string') {
    return err(new LedgerError('invalid-amount', `Expected ${ACCEPTED}; got a ${typeOf(input)}.`, { input }))
  }
  const m = AMOUNT.exec(input.trim())
  if (m === null || (m[1] !== undefined && m[2] !== undefined)) return err(invalid(input))
  const sign = m[1] ?? m[2]
  const whole = m[3]!
  const fraction = m[4]
  if (whole.includes(',') && !INDIAN_GROUPS.test(whole) && !WESTERN_GROUPS.test(whole)) {
    return err(invalid(input, 'digit grouping commas are misplaced'))
  }
  if (fraction !== undefined && fraction.length === 0)
    return err(invalid(input, 'a decimal point needs digits'))
  return fromParts(sign === '-', whole.replaceAll(',', ''), fraction ?? '', input)
}

/** Parses an amount like {@link parseMoney} but throws its {@link LedgerError}. */
export function money(input: string | number): Money {
  const r = parseMoney(input)
  if (!r.ok) throw r.error
  return r.value
}

function parseNumber(n: number): Result<Money, LedgerError> {
  if (!Number.isFinite(n)) {
    return err(new LedgerError('not-finite', `Expected ${ACCEPTED}; got ${n}.`, { input: n }))
  }
  if (Math.abs(n) > MAX_RUPEES) return err(outOfRange(n))
  // The shortest round-trip decimal form of the number is what the caller meant; an exponent form here
  // only happens for magnitudes below 1e-6, which are never a whole number of paise (except 0).
  const text = String(Math.abs(n))
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text)
  if (m === null) return err(tooManyDecimals(n))
  return fromParts(n < 0, m[1]!, m[2] ?? '', n)
}

function fromParts(
  negative: boolean,
  whole: string,
  fraction: string,
  input: unknown,
): Result<Money, LedgerError> {
  if (fraction.length > 2) return err(tooManyDecimals(input))
  const digits = whole.replace(/^0+(?=\d)/, '')
  if (digits.length > String(MAX_RUPEES).length || Number(digits) > MAX_RUPEES) return err(outOfRange(input))
  const p = Number(digits) * 100 + Number(fraction.padEnd(2, '0'))
  if (!Number.isSafeInteger(p)) return err(outOfRange(input))
  return ok((negative && p !== 0 ? -p : p) as Money)
}

function invalid(input: unknown, why?: string): LedgerError {
  const because = why ? ` (${why})` : ''
  return new LedgerError('invalid-amount', `Expected ${ACCEPTED}; got ${show(input)}${because}.`, {
    input,
  })
}

function tooManyDecimals(input: unknown): LedgerError {
  return new LedgerError(
    'too-many-decimals',
    `Amounts are exact to the paisa (at most two decimals); got ${show(input)}. Round it first, e.g. with mulRate.`,
    { input },
  )
}

function outOfRange(input: unknown): LedgerError {
  return new LedgerError(
    'out-of-range',
    `Amount ${show(input)} is beyond the supported range of ±₹${MAX_RUPEES}.99; split it.`,
    { input },
  )
}

function typeOf(x: unknown): string {
  return x === null ? 'null' : Array.isArray(x) ? 'array' : typeof x
}

function checked(n: number, op: string): Money {
  if (!Number.isSafeInteger(n)) {
    throw new LedgerError('out-of-range', `${op} overflows the supported range of ±₹${MAX_RUPEES}.99.`, {})
  }
  return (n === 0 ? 0 : n) as Money
}

/** a + b; throws `out-of-range` on overflow beyond a safe integer of paise. */
export function addMoney(a: Money, b: Money): Money {
  return checked(a + b, 'Adding')
}

/** a − b; throws `out-of-range` on overflow. */
export function subMoney(a: Money, b: Money): Money {
  return checked(a - b, 'Subtracting')
}

/** −a. */
export function negateMoney(a: Money): Money {
  return (a === 0 ? 0 : -a) as Money
}

/** |a|. */
export function absMoney(a: Money): Money {
  return Math.abs(a) as Money
}

/** −1, 0 or 1 as a is less than, equal to or greater than b (usable as a sort comparator). */
export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0
}

/** True for zero rupees. */
export function isZero(a: Money): boolean {
  return a === 0
}

/** True for an amount below zero. */
export function isNegative(a: Money): boolean {
  return a < 0
}

/** The sum of a list of amounts (zero for an empty list); throws `out-of-range` on overflow. */
export function sumMoney(list: Iterable<Money>): Money {
  let total = 0
  for (const m of list) {
    total += m
    if (!Number.isSafeInteger(total)) checked(total, 'Summing')
  }
  return (total === 0 ? 0 : total) as Money
}

/** Splits |m| into whole rupees and paise exactly (no float division on the paise). */
function parts(m: Money): { sign: string; rupees: string; paise: string } {
  const a = Math.abs(m)
  const p = a % 100
  return { sign: m < 0 ? '-' : '', rupees: String((a - p) / 100), paise: String(p).padStart(2, '0') }
}

/** The canonical string form stored in events: `"123456.50"`, `"-20.00"`, `"0.00"` (no grouping, no symbol). */
export function moneyToString(m: Money): string {
  const { sign, rupees, paise: p } = parts(m)
  return `${sign}${rupees}.${p}`
}

/** Groups a string of digits the Indian way: the last three, then pairs (`1,23,45,678`). */
export function groupIndian(digits: string): string {
  if (digits.length <= 3) return digits
  const head = digits.slice(0, -3)
  const pairs: string[] = []
  for (let end = head.length; end > 0; end -= 2) pairs.unshift(head.slice(Math.max(0, end - 2), end))
  return `${pairs.join(',')},${digits.slice(-3)}`
}

/** Options for {@link formatMoney}. */
export interface FormatMoneyOptions {
  /** Prefix the rupee sign "₹" (default true). */
  symbol?: boolean
}

/** For people: Indian digit grouping and the rupee sign, e.g. `₹1,23,456.50`, `-₹20.00`. */
export function formatMoney(m: Money, options: FormatMoneyOptions = {}): string {
  const { sign, rupees, paise: p } = parts(m)
  return `${sign}${options.symbol === false ? '' : '₹'}${groupIndian(rupees)}.${p}`
}
