/**
 * Balances of every account and commodity, in two forms over one structure:
 * - the mutable, incremental form for a fold: {@link createBalances} then {@link applyTransaction}, which
 *   validates and applies one transaction in place in O(postings);
 * - the immutable form: {@link createLedger} then {@link post}, which returns a new ledger (O(accounts)).
 * Either way a refused transaction changes nothing.
 */
import { type AccountKind, parseAccountId } from './accounts.ts'
import { LedgerError } from './ledger-error.ts'
import type { Money } from './money.ts'
import {
  balanceError,
  CASH,
  type CashPosting,
  envelopeError,
  type Posting,
  postingShapeError,
  postingUnits,
  type StockPosting,
  type Transaction,
} from './postings.ts'
import { err, ok, type Result } from './result.ts'
import { isStockItemId } from './stock.ts'

/**
 * Balances as plain data: account id → commodity → signed whole units (paise for `cash`, pieces for stock).
 * This is the form for opening balances, counts, events and JSON.
 */
export type BalanceSheet = Readonly<Record<string, Readonly<Record<string, number>>>>

/** The running balance of one account. Cash is kept apart from stock so the common case is one lookup. */
export interface AccountBalance {
  readonly id: string
  readonly kind: AccountKind
  /** Paise. */
  cash: number
  /** Stock item id → pieces; created on the first stock posting. */
  stock: Map<string, number> | undefined
}

/** Read access to balances; both {@link Balances} and {@link Ledger} are this. */
export interface ReadonlyBalances {
  readonly accounts: ReadonlyMap<string, Readonly<AccountBalance>>
}

/** Mutable balances for an incremental fold. Change them only through {@link applyTransaction}. */
export interface Balances extends ReadonlyBalances {
  readonly accounts: Map<string, AccountBalance>
}

/** Immutable balances: every {@link post} returns a new ledger and leaves the old one as it was. */
export interface Ledger extends ReadonlyBalances {
  readonly __ledger: true
}

/** Checks a balance sheet: valid account ids, `cash` or stock item ids, safe integer units. */
export function validateBalanceSheet(sheet: unknown): Result<BalanceSheet, LedgerError> {
  if (typeof sheet !== 'object' || sheet === null || Array.isArray(sheet)) {
    return err(badOpening('it must be an object of account id → commodity → units'))
  }
  for (const [account, lines] of Object.entries(sheet)) {
    const a = parseAccountId(account)
    if (!a.ok) return err(a.error)
    if (typeof lines !== 'object' || lines === null)
      return err(badOpening(`${account} must map commodities to units`))
    for (const [commodity, units] of Object.entries(lines)) {
      if (commodity !== CASH && !isStockItemId(commodity)) {
        return err(
          badOpening(`${account} has commodity ${JSON.stringify(commodity)}; use "cash" or a stock item id`),
        )
      }
      if (typeof units !== 'number' || !Number.isSafeInteger(units)) {
        return err(badOpening(`${account} ${commodity} must be whole units (paise or pieces); got ${units}`))
      }
    }
  }
  return ok(sheet as BalanceSheet)
}

function badOpening(why: string): LedgerError {
  return new LedgerError('invalid-opening', `Invalid balance sheet: ${why}.`, {})
}

/**
 * Mutable balances starting from `opening` (default: all zero). Throws `invalid-opening` (or the account
 * id's error) for a malformed sheet; use {@link validateBalanceSheet} first on untrusted input.
 */
export function createBalances(opening: BalanceSheet = {}): Balances {
  const v = validateBalanceSheet(opening)
  if (!v.ok) throw v.error
  const b: Balances = { accounts: new Map() }
  for (const [account, lines] of Object.entries(opening)) {
    const entry = newEntry(account)
    for (const [commodity, units] of Object.entries(lines)) {
      if (commodity === CASH) entry.cash = units
      else if (units !== 0) stockOf(entry).set(commodity, units)
    }
    b.accounts.set(account, entry)
  }
  return b
}

function newEntry(id: string): AccountBalance {
  const parsed = parseAccountId(id)
  if (!parsed.ok) throw parsed.error
  return { id, kind: parsed.value.kind, cash: 0, stock: undefined }
}

/** A deep copy that shares nothing with `b`. */
export function cloneBalances(b: ReadonlyBalances): Balances {
  const out: Balances = { accounts: new Map() }
  for (const [id, e] of b.accounts) {
    out.accounts.set(id, { id, kind: e.kind, cash: e.cash, stock: e.stock ? new Map(e.stock) : undefined })
  }
  return out
}

// Entries found while validating, reused while applying, so each posting costs one map lookup.
let scratch: (AccountBalance | undefined)[] = []

/**
 * Validates `tx` and, only if it is valid, applies it to `b` in place. O(postings): each account is looked
 * up once and an account id is parsed only the first time it is seen. Returns `b` on success; on refusal
 * `b` is exactly as it was.
 */
export function applyTransaction(b: Balances, tx: Transaction): Result<Balances, LedgerError> {
  const e = envelopeError(tx) ?? checkPostings(b, tx)
  if (e) return err(e)
  const ps = tx.postings
  const refused = balanceError(tx) ?? overflowError(tx)
  if (refused) return err(clearScratch(ps.length, refused))
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!
    let entry = scratch[i]
    if (entry === undefined) {
      entry = b.accounts.get(p.account) ?? newEntry(p.account)
      b.accounts.set(p.account, entry)
    }
    scratch[i] = undefined
    addUnits(entry, p)
  }
  return ok(b)
}

function stockOf(entry: AccountBalance): Map<string, number> {
  if (entry.stock === undefined) entry.stock = new Map()
  return entry.stock
}

function addUnits(entry: AccountBalance, p: Posting): void {
  if (p.commodity === CASH) {
    entry.cash += (p as CashPosting).amount
    return
  }
  const stock = stockOf(entry)
  const next = (stock.get(p.commodity) ?? 0) + (p as StockPosting).quantity
  if (next === 0) stock.delete(p.commodity)
  else stock.set(p.commodity, next)
}

function checkPostings(b: Balances, tx: Transaction): LedgerError | undefined {
  const ps = tx.postings
  if (scratch.length < ps.length) scratch = new Array(ps.length * 2)
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!
    const shape = postingShapeError(p, i, tx.id)
    if (shape) return clearScratch(i, shape)
    const entry = b.accounts.get(p.account)
    if (entry === undefined) {
      const a = parseAccountId(p.account)
      if (!a.ok) return clearScratch(i, a.error)
    }
    scratch[i] = entry
  }
  return undefined
}

function clearScratch(n: number, e: LedgerError): LedgerError {
  scratch.fill(undefined, 0, n)
  return e
}

/** Refuses a transaction that would push a balance beyond a safe integer (it could not be exact). */
function overflowError(tx: Transaction): LedgerError | undefined {
  const ps = tx.postings
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!
    const entry = scratch[i]
    const current =
      entry === undefined ? 0 : p.commodity === CASH ? entry.cash : (entry.stock?.get(p.commodity) ?? 0)
    // Same-account, same-commodity postings within one transaction are summed before the check.
    let delta = 0
    for (let k = 0; k < ps.length; k++) {
      const q = ps[k]!
      if (q.account === p.account && q.commodity === p.commodity) delta += postingUnits(q)
    }
    if (!Number.isSafeInteger(current + delta)) {
      return new LedgerError(
        'out-of-range',
        `Transaction ${tx.id} would take ${p.account} ${p.commodity} beyond the supported range.`,
        { txId: tx.id, account: p.account },
      )
    }
  }
  return undefined
}

/** Immutable ledger starting from `opening`; throws like {@link createBalances}. */
export function createLedger(opening: BalanceSheet = {}): Ledger {
  return createBalances(opening) as unknown as Ledger
}

/** Posts `tx` to a copy of `ledger`; the given ledger is never changed. A refused transaction is an error. */
export function post(ledger: Ledger, tx: Transaction): Result<Ledger, LedgerError> {
  const next = cloneBalances(ledger)
  const r = applyTransaction(next, tx)
  return r.ok ? ok(next as unknown as Ledger) : r
}

/** The balance of an account in a commodity: {@link Money} for `cash`, whole pieces for stock. */
export function balance(b: ReadonlyBalances, account: string, commodity: 'cash'): Money
export function balance(b: ReadonlyBalances, account: string, commodity: string): number
export function balance(b: ReadonlyBalances, account: string, commodity: string): number {
  const e = b.accounts.get(account)
  if (e === undefined) return 0
  return commodity === CASH ? e.cash : (e.stock?.get(commodity) ?? 0)
}

/** The cash balance of an account. */
export function cashBalance(b: ReadonlyBalances, account: string): Money {
  return (b.accounts.get(account)?.cash ?? 0) as Money
}

/**
 * Every non-zero balance as plain data, accounts and commodities in sorted order (so equal balances give
 * equal JSON). `filter` keeps only some accounts, e.g. {@link isCustodyAccount}.
 */
export function balancesByAccount(b: ReadonlyBalances, filter?: (account: string) => boolean): BalanceSheet {
  const out: Record<string, Record<string, number>> = {}
  for (const id of [...b.accounts.keys()].sort()) {
    if (filter && !filter(id)) continue
    const lines = linesOf(b.accounts.get(id)!)
    if (Object.keys(lines).length > 0) out[id] = lines
  }
  return out
}

function linesOf(e: Readonly<AccountBalance>): Record<string, number> {
  const lines: Record<string, number> = {}
  if (e.cash !== 0) lines[CASH] = e.cash
  if (e.stock) {
    for (const c of [...e.stock.keys()].sort()) {
      const u = e.stock.get(c)!
      if (u !== 0) lines[c] = u
    }
  }
  return lines
}

/** Σ over accounts (all, or those `filter` keeps) per commodity, non-zero totals only. */
export function totalsByCommodity(
  b: ReadonlyBalances,
  filter?: (account: string) => boolean,
): Record<string, number> {
  const totals: Record<string, number> = {}
  for (const [id, e] of b.accounts) {
    if (filter && !filter(id)) continue
    if (e.cash !== 0) totals[CASH] = (totals[CASH] ?? 0) + e.cash
    if (e.stock) for (const [c, u] of e.stock) totals[c] = (totals[c] ?? 0) + u
  }
  for (const c of Object.keys(totals)) if (totals[c] === 0) delete totals[c]
  return totals
}
