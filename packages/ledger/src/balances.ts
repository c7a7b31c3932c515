/**
 * Balances of every account and commodity, in two forms over one structure:
 * - the mutable, incremental form for a fold: {@link createBalances} then {@link applyTransaction}, which
 *   validates and applies one transaction in place in O(postings);
 * - the immutable form: {@link createLedger} then {@link post}, which returns a new ledger (O(accounts)).
 * Either way a refused transaction changes nothing.
 */
import { type AccountKind, parseAccountId } from './accounts.ts'
import { LedgerError, show } from './ledger-error.ts'
import type { Money } from './money.ts'
import { CASH } from './postings.ts'
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
  /**
   * Stock item id → pieces, in a prototype-less object (faster to look up than a Map); created on the first
   * stock posting. An item may stay listed at 0: readers skip zeros.
   */
  stock: Record<string, number> | undefined
}

/** Read access to balances; both {@link Balances} and {@link Ledger} are this. */
export interface ReadonlyBalances {
  readonly accounts: ReadonlyMap<string, Readonly<AccountBalance>>
}

/**
 * Mutable balances for an incremental fold. Build them with {@link createBalances} and change them only
 * through {@link applyTransaction}, which keep `accounts` and `byId` in step.
 */
export interface Balances extends ReadonlyBalances {
  readonly accounts: Map<string, AccountBalance>
  /**
   * The same entries by id in a prototype-less object: V8 looks string keys up in it faster than in a Map,
   * and this lookup is the one thing the fold does per posting.
   */
  readonly byId: Record<string, AccountBalance | undefined>
}

/** Empty balances (internal). */
export function emptyBalances(): Balances {
  return { accounts: new Map(), byId: Object.create(null) as Record<string, AccountBalance | undefined> }
}

/** Adds an entry to both indexes (internal). */
export function addEntry(b: Balances, entry: AccountBalance): void {
  b.accounts.set(entry.id, entry)
  b.byId[entry.id] = entry
}

/** Removes an entry from both indexes (internal). */
export function removeEntry(b: Balances, id: string): void {
  b.accounts.delete(id)
  delete b.byId[id]
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
        return err(badOpening(`${account} has commodity ${show(commodity)}; use "cash" or a stock item id`))
      }
      if (typeof units !== 'number' || !Number.isSafeInteger(units)) {
        return err(
          badOpening(`${account} ${commodity} must be whole units (paise or pieces); got ${show(units)}`),
        )
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
  const b = emptyBalances()
  for (const [account, lines] of Object.entries(opening)) {
    const entry = newEntry(account)
    for (const [commodity, units] of Object.entries(lines)) {
      if (commodity === CASH) entry.cash = units
      else if (units !== 0) stockOf(entry)[commodity] = units
    }
    addEntry(b, entry)
  }
  return b
}

/** A zero balance for a valid account id (internal; throws for an invalid id). */
export function newEntry(id: string): AccountBalance {
  const parsed = parseAccountId(id)
  if (!parsed.ok) throw parsed.error
  return { id, kind: parsed.value.kind, cash: 0, stock: undefined }
}

/** The stock of an entry, created on first use (internal). */
export function stockOf(entry: AccountBalance): Record<string, number> {
  if (entry.stock === undefined) entry.stock = Object.create(null) as Record<string, number>
  return entry.stock
}

/** True when an entry holds nothing at all (internal). */
export function isEmptyEntry(entry: AccountBalance): boolean {
  if (entry.cash !== 0) return false
  for (const c in entry.stock) if (entry.stock[c] !== 0) return false
  return true
}

/** The non-zero stock lines of an entry, in item id order. */
export function stockLines(entry: Readonly<AccountBalance>): [string, number][] {
  const out: [string, number][] = []
  if (entry.stock === undefined) return out
  for (const c of Object.keys(entry.stock).sort()) {
    const u = entry.stock[c]!
    if (u !== 0) out.push([c, u])
  }
  return out
}

/** A deep copy that shares nothing with `b`. */
export function cloneBalances(b: ReadonlyBalances): Balances {
  const out = emptyBalances()
  for (const [id, e] of b.accounts) {
    const stock = e.stock ? Object.assign(Object.create(null) as Record<string, number>, e.stock) : undefined
    addEntry(out, { id, kind: e.kind, cash: e.cash, stock })
  }
  return out
}

/** The balance of an account in a commodity: {@link Money} for `cash`, whole pieces for stock. */
export function balance(b: ReadonlyBalances, account: string, commodity: 'cash'): Money
export function balance(b: ReadonlyBalances, account: string, commodity: string): number
export function balance(b: ReadonlyBalances, account: string, commodity: string): number {
  const e = b.accounts.get(account)
  if (e === undefined) return 0
  return commodity === CASH ? e.cash : (e.stock?.[commodity] ?? 0)
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
  for (const [c, u] of stockLines(e)) lines[c] = u
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
    for (const [c, u] of stockLines(e)) totals[c] = (totals[c] ?? 0) + u
  }
  for (const c of Object.keys(totals)) if (totals[c] === 0) delete totals[c]
  return totals
}
