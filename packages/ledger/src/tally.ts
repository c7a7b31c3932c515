/**
 * The tally: expected closing balances from opening balances and postings, compared with what was counted.
 * Every difference is reported and classified (short: less was counted than expected; excess: more), never
 * absorbed. A difference is settled only by a new transaction: shortage → UCP, made good → UCR, excess → UCR.
 */
import { type AccountKind, CUSTODY_KINDS, ucpAccount, ucrAccount } from './accounts.ts'
import { applyTransaction } from './apply.ts'
import {
  type BalanceSheet,
  type Balances,
  balancesByAccount,
  createBalances,
  type ReadonlyBalances,
  stockLines,
  validateBalanceSheet,
} from './balances.ts'
import { LedgerError } from './ledger-error.ts'
import type { Money } from './money.ts'
import { atIndex, type PostingLog, type tallyLog } from './posting-log.ts'
import { CASH, type Transaction, transfer } from './postings.ts'
import { err, ok, type Result } from './result.ts'
import { type StockCatalog, stockLineValue } from './stock.ts'

/**
 * Expected closing balances: opening plus every transaction, applied in order. The opening and every
 * transaction are validated; a malformed opening or the first refused transaction stops the tally with its
 * error (details carry `index` and `txId`). The order of valid transactions never changes the result.
 * For a day tallied often, keep its postings in a {@link PostingLog} and use {@link tallyLog}: the same
 * result, in one pass over flat columns.
 */
export function tally(
  opening: BalanceSheet,
  transactions: Iterable<Transaction>,
): Result<Balances, LedgerError> {
  const sheet = validateBalanceSheet(opening)
  if (!sheet.ok) return sheet
  const b = createBalances(opening)
  let index = 0
  for (const tx of transactions) {
    const r = applyTransaction(b, tx)
    if (!r.ok) return err(atIndex(r.error, index, tx))
    index++
  }
  return ok(b)
}

/** One difference between what the books expect and what was counted (or declared). */
export interface Difference {
  readonly account: string
  /** `cash` or a stock item id. */
  readonly commodity: string
  /** Units the books expect: paise for cash, pieces for stock. */
  readonly expected: number
  /** Units counted. */
  readonly counted: number
  /** counted − expected: negative when short, positive when in excess. */
  readonly difference: number
  readonly kind: 'short' | 'excess'
  /** The difference in money: itself for cash, pieces × face value for stock when a catalog was given. */
  readonly value?: Money
}

/** The outcome of a comparison: `matches` only when there is no difference at all. */
export interface Comparison {
  readonly matches: boolean
  readonly differences: readonly Difference[]
}

/** Options for {@link compareWithCount}. */
export interface CompareOptions {
  /**
   * The accounts being checked. Default: every account that appears in the count. An account in scope that
   * was not counted at all counts as zero, so it shows up short rather than being skipped.
   */
  readonly accounts?: readonly string[]
  /** To value stock differences in money. */
  readonly catalog?: StockCatalog
}

/**
 * Compares expected balances with a count, account by account and commodity by commodity (the union of what
 * was expected and what was counted). Differences are in a stable order (account, then commodity). Throws
 * `invalid-count` for a malformed count or balance sheet (check untrusted input with `validateBalanceSheet`).
 */
export function compareWithCount(
  expected: ReadonlyBalances | BalanceSheet,
  counted: BalanceSheet,
  options: CompareOptions = {},
): Comparison {
  for (const [what, sheet] of [
    ['count', counted],
    ['expected balances', expected],
  ] as const) {
    const v = isBalances(sheet) ? undefined : validateBalanceSheet(sheet)
    if (v && !v.ok) {
      throw new LedgerError('invalid-count', `The ${what} is malformed: ${v.error.message}`, {
        ...v.error.details,
      })
    }
  }
  const exp = isBalances(expected) ? balancesByAccount(expected) : expected
  const scope = [...new Set(options.accounts ?? Object.keys(counted))].sort()
  const differences: Difference[] = []
  for (const account of scope) {
    const e = exp[account] ?? {}
    const c = counted[account] ?? {}
    for (const commodity of [...new Set([...Object.keys(e), ...Object.keys(c)])].sort()) {
      const d = difference(account, commodity, e[commodity] ?? 0, c[commodity] ?? 0, options.catalog)
      if (d) differences.push(d)
    }
  }
  return { matches: differences.length === 0, differences }
}

function difference(
  account: string,
  commodity: string,
  expected: number,
  counted: number,
  catalog: StockCatalog | undefined,
): Difference | undefined {
  const diff = counted - expected
  if (diff === 0) return undefined
  const kind = diff < 0 ? 'short' : 'excess'
  const face = commodity === CASH ? 1 : catalog?.get(commodity)?.faceValue
  const base = { account, commodity, expected, counted, difference: diff, kind } as const
  return face === undefined ? base : { ...base, value: (diff * face) as Money }
}

function isBalances(x: ReadonlyBalances | BalanceSheet): x is ReadonlyBalances {
  return typeof x === 'object' && x !== null && x.accounts instanceof Map
}

/** Kinds summed by {@link officeRollup} unless told otherwise: every counter plus the treasury. */
export const ROLLUP_KINDS: readonly AccountKind[] = ['counter', 'treasury']

/**
 * The office's holdings: Σ over all counter wallets and the treasury (or the given custody kinds) per
 * commodity. A ledger holds one office, so every counter and treasury account in it is that office's.
 */
export function officeRollup(
  b: ReadonlyBalances,
  kinds: readonly AccountKind[] = ROLLUP_KINDS,
): Record<string, number> {
  const keep = new Set(kinds)
  const totals: Record<string, number> = {}
  for (const e of b.accounts.values()) {
    if (!keep.has(e.kind)) continue
    if (e.cash !== 0) totals[CASH] = (totals[CASH] ?? 0) + e.cash
    for (const [c, u] of stockLines(e)) totals[c] = (totals[c] ?? 0) + u
  }
  for (const c of Object.keys(totals)) if (totals[c] === 0) delete totals[c]
  return totals
}

/**
 * Day Begin check: today's declared opening against yesterday's closing, over every account either names.
 * "short" means less was declared than was closed with. A mismatch is to be posted as its own transaction
 * (see {@link settleDifference}), never folded silently into the opening.
 */
export function checkOpeningMatchesClose(
  yesterdayClose: ReadonlyBalances | BalanceSheet,
  todayOpening: BalanceSheet,
  options: Omit<CompareOptions, 'accounts'> = {},
): Comparison {
  const close = isBalances(yesterdayClose) ? balancesByAccount(yesterdayClose) : yesterdayClose
  const accounts = [...new Set([...Object.keys(close), ...Object.keys(todayOpening)])].filter(isCustody)
  return compareWithCount(close, todayOpening, { ...options, accounts })
}

function isCustody(id: string): boolean {
  const colon = id.indexOf(':')
  return CUSTODY_KINDS.has(id.slice(0, colon) as AccountKind)
}

/**
 * The transaction that brings the books in line with a count, following PM Vol V r.217: a shortage is
 * charged to UCP (`ucp:<office>` receives what is missing), an excess is credited to UCR (`ucr:<office>`
 * gives what was found). Stock differences move pieces of the same item, so every commodity stays conserved.
 */
export function settleDifference(d: Difference, officeId: string, id: string, memo?: string): Transaction {
  const units = Math.abs(d.difference)
  const note = memo ?? `${d.kind} of ${units} ${d.commodity === CASH ? 'paise' : d.commodity} in ${d.account}`
  return d.kind === 'short'
    ? transfer(id, d.account, ucpAccount(officeId), d.commodity, units, note)
    : transfer(id, ucrAccount(officeId), d.account, d.commodity, units, note)
}

/**
 * A shortage made good: `amount` paid into `into` (a counter or the treasury) and credited to UCR.
 */
export function madeGood(
  officeId: string,
  into: string,
  amount: Money,
  id: string,
  memo?: string,
): Transaction {
  return transfer(id, ucrAccount(officeId), into, CASH, amount, memo ?? 'shortage made good (UCR)')
}

/** What an account (or a set of accounts) holds, in money: cash, stock at face value, and their total. */
export interface HoldingsValue {
  readonly cash: Money
  readonly stock: Money
  readonly total: Money
}

/**
 * The money value of what the given accounts hold: their cash plus every stock item at face value. Refuses
 * (`unknown-stock-item`) a stock item missing from the catalog rather than valuing it at nothing.
 */
export function holdingsValue(
  b: ReadonlyBalances,
  accounts: readonly string[],
  catalog: StockCatalog,
): Result<HoldingsValue, LedgerError> {
  let cash = 0
  let stock = 0
  for (const id of accounts) {
    const e = b.accounts.get(id)
    if (e === undefined) continue
    cash += e.cash
    for (const [itemId, pieces] of stockLines(e)) {
      const v = stockLineValue(catalog, itemId, pieces, { allowNegative: true })
      if (!v.ok) return v
      stock += v.value
    }
  }
  const total = cash + stock
  if (!Number.isSafeInteger(total) || !Number.isSafeInteger(cash) || !Number.isSafeInteger(stock)) {
    return err(new LedgerError('out-of-range', 'The holdings value is beyond the supported range.', {}))
  }
  return ok({ cash: cash as Money, stock: stock as Money, total: total as Money })
}
