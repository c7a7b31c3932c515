/**
 * Applying transactions: {@link applyTransaction} validates and applies one transaction to mutable
 * balances in place, in O(postings); {@link post} does the same on a copy for the immutable ledger.
 * Either way a refused transaction changes nothing.
 */
import { parseAccountId } from './accounts.ts'
import {
  type AccountBalance,
  addEntry,
  type BalanceSheet,
  type Balances,
  cloneBalances,
  createBalances,
  type Ledger,
  newEntry,
  removeEntry,
  stockOf,
} from './balances.ts'
import { LedgerError } from './ledger-error.ts'
import {
  balanceError,
  CASH,
  type CashPosting,
  envelopeError,
  type Posting,
  postingShapeError,
  type StockPosting,
  type Transaction,
} from './postings.ts'
import { err, ok, type Result } from './result.ts'
import { isStockItemId } from './stock.ts'

// Per-call scratch space, reused so that the hot path allocates nothing: the entry found for posting i
// while validating, looked up once and used again when applying. JavaScript is single-threaded and nothing
// here calls out, so one module-level buffer is safe; it is always left cleared.
let entries: (AccountBalance | undefined)[] = new Array(16)
// What pass 2 created, so that an out-of-range refusal removes exactly that and nothing that was there
// before (an opening account may hold nothing and must survive a refusal).
const createdAccounts: string[] = []
const createdStockLines: [AccountBalance, string][] = []
const createdStockMaps: AccountBalance[] = []
let lastBalances: Balances | undefined
let lastOk: Result<Balances, LedgerError> | undefined

/**
 * Validates `tx` and, only if it is valid, applies it to `b` in place: O(postings), each account looked up
 * once, an account id parsed only the first time it is seen. Refuses (and changes nothing) when the
 * envelope, a posting, an account id or the per-commodity balance is invalid, or a balance would leave the
 * safe-integer range. Returns `b` on success.
 */
export function applyTransaction(b: Balances, tx: Transaction): Result<Balances, LedgerError> {
  const envelope = envelopeError(tx)
  if (envelope) return err(envelope)
  const ps = tx.postings
  const n = ps.length
  if (n === 2 && transferTwo(b, ps[0]!, ps[1]!)) return okOf(b)
  if (entries.length < n) entries = new Array(n * 2)
  // Pass 1: shapes and accounts, summing units on the way: a transaction in one commodity (the common
  // case) needs no further balance check.
  const first = ps[0]?.commodity
  let single = true
  let sum = 0
  let moves = false
  let exact = true
  for (let i = 0; i < n; i++) {
    const p = ps[i]!
    if (typeof p !== 'object' || p === null) return refuse(i, postingShapeError(p, i, tx.id)!)
    const c = p.commodity
    let u: number
    if (c === CASH) {
      u = (p as CashPosting).amount
      if (
        typeof u !== 'number' ||
        !Number.isSafeInteger(u) ||
        (p as { quantity?: unknown }).quantity !== undefined
      ) {
        return refuse(i, postingShapeError(p, i, tx.id)!)
      }
    } else {
      u = (p as StockPosting).quantity
      const shapeOk =
        typeof u === 'number' &&
        Number.isSafeInteger(u) &&
        (p as { amount?: unknown }).amount === undefined &&
        isKnownCommodity(c)
      if (!shapeOk) return refuse(i, postingShapeError(p, i, tx.id)!)
    }
    if (c !== first) single = false
    sum += u
    if (u !== 0) moves = true
    if (!Number.isSafeInteger(sum)) exact = false
    // A non-string account must never reach the lookup: as a property key it would be converted to a string.
    const entry = typeof p.account === 'string' ? b.byId[p.account] : undefined
    if (entry === undefined) {
      const parsed = parseAccountId(p.account)
      if (!parsed.ok) return refuse(i, parsed.error)
    }
    entries[i] = entry
  }
  const balanced = single && exact && sum === 0 && moves
  const unbalanced = balanced ? undefined : balanceError(tx)
  if (unbalanced) return refuse(n, unbalanced)
  return applyChecked(b, tx)
}

// Stock item ids already found valid, so the id pattern is tested once per id rather than once per posting.
// Bounded: ids are few (a catalog), and a flood of distinct ids only falls back to testing each time.
const knownCommodities = new Set<string>()
function isKnownCommodity(c: string): boolean {
  if (knownCommodities.has(c)) return true
  if (!isStockItemId(c)) return false
  if (knownCommodities.size < 4096) knownCommodities.add(c)
  return true
}

function refuse(n: number, e: LedgerError): Result<Balances, LedgerError> {
  entries.fill(undefined, 0, n)
  return err(e)
}

/**
 * Pass 2: apply. A balance is written only after its new value is checked to be a safe integer, so every
 * write made before a refusal was exact and can be undone exactly by subtracting it again.
 */
function applyChecked(b: Balances, tx: Transaction): Result<Balances, LedgerError> {
  const ps = tx.postings
  const n = ps.length
  for (let i = 0; i < n; i++) {
    const p = ps[i]!
    let entry = entries[i]
    entries[i] = undefined
    if (entry === undefined) {
      // New account (already validated), or one created by an earlier posting of this transaction.
      entry = b.byId[p.account]
      if (entry === undefined) {
        entry = newEntry(p.account)
        addEntry(b, entry)
        createdAccounts.push(p.account)
      }
    }
    if (p.commodity === CASH) {
      const next = entry.cash + (p as CashPosting).amount
      if (!Number.isSafeInteger(next)) return undo(b, tx, i)
      entry.cash = next
    } else {
      if (entry.stock === undefined) createdStockMaps.push(entry)
      const stock = stockOf(entry)
      const had = stock[p.commodity]
      const next = (had ?? 0) + (p as StockPosting).quantity
      if (!Number.isSafeInteger(next)) return undo(b, tx, i)
      if (had === undefined) createdStockLines.push([entry, p.commodity])
      stock[p.commodity] = next
    }
  }
  clearCreated()
  return okOf(b)
}

function clearCreated(): void {
  createdAccounts.length = 0
  createdStockLines.length = 0
  createdStockMaps.length = 0
}

/** The success result for `b`, reused for consecutive calls on the same balances (it is immutable). */
function okOf(b: Balances): Result<Balances, LedgerError> {
  if (lastBalances !== b) {
    lastBalances = b
    lastOk = ok(b)
  }
  return lastOk!
}

/**
 * The fast path for the commonest transaction — one commodity from one known account to another — doing
 * the same checks as the general path in one step. Returns false (having changed nothing) whenever the
 * transaction is anything else, and the general path then decides.
 */
function transferTwo(b: Balances, p0: Posting, p1: Posting): boolean {
  if (typeof p0 !== 'object' || p0 === null || typeof p1 !== 'object' || p1 === null) return false
  const c = p0.commodity
  if (p1.commodity !== c) return false
  return c === CASH
    ? transferCash(b, p0 as CashPosting, p1 as CashPosting)
    : transferStock(b, p0 as StockPosting, p1 as StockPosting)
}

function transferCash(b: Balances, p0: CashPosting, p1: CashPosting): boolean {
  const u0 = p0.amount
  const u1 = p1.amount
  if (typeof u0 !== 'number' || typeof u1 !== 'number' || u0 === 0 || u0 + u1 !== 0) return false
  if (!Number.isSafeInteger(u0) || !Number.isSafeInteger(u1)) return false
  if (
    (p0 as { quantity?: unknown }).quantity !== undefined ||
    (p1 as { quantity?: unknown }).quantity !== undefined
  ) {
    return false
  }
  if (typeof p0.account !== 'string' || typeof p1.account !== 'string') return false
  const e0 = b.byId[p0.account]
  const e1 = b.byId[p1.account]
  if (e0 === undefined || e1 === undefined || e0 === e1) return false
  const n0 = e0.cash + u0
  const n1 = e1.cash + u1
  if (!Number.isSafeInteger(n0) || !Number.isSafeInteger(n1)) return false
  e0.cash = n0
  e1.cash = n1
  return true
}

function transferStock(b: Balances, p0: StockPosting, p1: StockPosting): boolean {
  const u0 = p0.quantity
  const u1 = p1.quantity
  if (typeof u0 !== 'number' || typeof u1 !== 'number' || u0 === 0 || u0 + u1 !== 0) return false
  if (!Number.isSafeInteger(u0) || !Number.isSafeInteger(u1)) return false
  if (
    (p0 as { amount?: unknown }).amount !== undefined ||
    (p1 as { amount?: unknown }).amount !== undefined
  ) {
    return false
  }
  const c = p0.commodity
  if (!isKnownCommodity(c)) return false
  if (typeof p0.account !== 'string' || typeof p1.account !== 'string') return false
  const e0 = b.byId[p0.account]
  const e1 = b.byId[p1.account]
  if (e0 === undefined || e1 === undefined || e0 === e1) return false
  const s0 = stockOf(e0)
  const s1 = stockOf(e1)
  const n0 = (s0[c] ?? 0) + u0
  const n1 = (s1[c] ?? 0) + u1
  if (!Number.isSafeInteger(n0) || !Number.isSafeInteger(n1)) return false
  s0[c] = n0
  s1[c] = n1
  return true
}

/** Undoes postings [0, failed) of `tx` in reverse, exactly, and refuses the transaction. */
function undo(b: Balances, tx: Transaction, failed: number): Result<Balances, LedgerError> {
  const ps = tx.postings
  entries.fill(undefined, 0, ps.length)
  for (let i = failed - 1; i >= 0; i--) {
    const p = ps[i]!
    const entry = b.byId[p.account]!
    if (p.commodity === CASH) entry.cash -= (p as CashPosting).amount
    else {
      const stock = stockOf(entry)
      stock[p.commodity] = (stock[p.commodity] ?? 0) - (p as StockPosting).quantity
    }
  }
  // What this transaction created is dropped, and only that: a refusal leaves no trace.
  for (const [entry, commodity] of createdStockLines) delete entry.stock![commodity]
  for (const entry of createdStockMaps) entry.stock = undefined
  for (const id of createdAccounts) removeEntry(b, id)
  clearCreated()
  const p = ps[failed]!
  return err(
    new LedgerError(
      'out-of-range',
      `Transaction ${tx.id} would take ${p.account} ${p.commodity} beyond the supported range; it was not applied.`,
      { txId: tx.id, account: p.account },
    ),
  )
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
