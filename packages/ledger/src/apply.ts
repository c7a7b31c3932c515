/**
 * Applying transactions: {@link applyTransaction} validates and applies one transaction to mutable
 * balances in place, in O(postings); {@link post} does the same on a copy for the immutable ledger.
 * Either way a refused transaction changes nothing.
 */
import { parseAccountId } from './accounts.ts'
import {
  type AccountBalance,
  type BalanceSheet,
  type Balances,
  cloneBalances,
  createBalances,
  type Ledger,
  newEntry,
  stockOf,
} from './balances.ts'
import { LedgerError } from './ledger-error.ts'
import {
  balanceError,
  CASH,
  type CashPosting,
  envelopeError,
  postingShapeError,
  type StockPosting,
  type Transaction,
} from './postings.ts'
import { err, ok, type Result } from './result.ts'
import { isStockItemId } from './stock.ts'

// Per-call scratch space, reused so that the hot path allocates nothing: the entry found for posting i
// while validating (looked up once, used again when applying), and the balance it had before, so that a
// transaction refused halfway through applying (overflow) is undone exactly. JavaScript is single-threaded
// and nothing here calls out, so one module-level buffer is safe.
let entries: (AccountBalance | undefined)[] = new Array(16)
let before: number[] = new Array(16).fill(0)
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
  if (entries.length < n) {
    entries = new Array(n * 2)
    before = new Array(n * 2).fill(0)
  }
  // Pass 1: shapes and accounts, summing units on the way: a transaction in one commodity (the common
  // case) needs no further balance check.
  const first = ps[0]?.commodity
  let single = true
  let sum = 0
  let moves = false
  let exact = true
  for (let i = 0; i < n; i++) {
    const p = ps[i]!
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
    const entry = b.accounts.get(p.account)
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

/** Pass 2: apply, remembering each old balance; undo exactly if a balance would leave the safe range. */
function applyChecked(b: Balances, tx: Transaction): Result<Balances, LedgerError> {
  const ps = tx.postings
  const n = ps.length
  for (let i = 0; i < n; i++) {
    const p = ps[i]!
    let entry = entries[i]
    if (entry === undefined) {
      // New account (already validated), or one created by an earlier posting of this transaction.
      entry = b.accounts.get(p.account)
      if (entry === undefined) {
        entry = newEntry(p.account)
        b.accounts.set(p.account, entry)
      }
      entries[i] = entry
    }
    let next: number
    if (p.commodity === CASH) {
      before[i] = entry.cash
      next = entry.cash + (p as CashPosting).amount
      entry.cash = next
    } else {
      const stock = stockOf(entry)
      const old = stock.get(p.commodity) ?? 0
      before[i] = old
      next = old + (p as StockPosting).quantity
      if (next === 0) stock.delete(p.commodity)
      else stock.set(p.commodity, next)
    }
    if (!Number.isSafeInteger(next)) return undo(b, tx, i)
  }
  for (let i = 0; i < n; i++) entries[i] = undefined
  if (lastBalances !== b) {
    lastBalances = b
    lastOk = ok(b)
  }
  return lastOk!
}

function undo(b: Balances, tx: Transaction, last: number): Result<Balances, LedgerError> {
  const ps = tx.postings
  // Restore in reverse so that an account posted twice ends at its first (true) old balance.
  for (let i = last; i >= 0; i--) {
    const p = ps[i]!
    const entry = entries[i]!
    if (p.commodity === CASH) entry.cash = before[i]!
    else if (before[i] === 0) stockOf(entry).delete(p.commodity)
    else stockOf(entry).set(p.commodity, before[i]!)
  }
  for (let i = 0; i <= last; i++) {
    const entry = entries[i]!
    if (entry.cash === 0 && (entry.stock === undefined || entry.stock.size === 0)) b.accounts.delete(entry.id)
  }
  entries.fill(undefined, 0, ps.length)
  const p = ps[last]!
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
