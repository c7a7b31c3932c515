/**
 * The posting log: an append-only, columnar journal of validated transactions, kept so that a day's tally is
 * one pass over flat arrays instead of a walk through tens of thousands of transaction objects.
 *
 * Layout. Accounts and commodities are interned into a small dictionary (index → id; `cash` is always
 * commodity 0). Posting `i` is three columns: `account[i]`, `commodity[i]` (dictionary indices) and `units[i]`
 * (signed paise for cash, pieces for stock). Transaction `k` owns postings `offsets[k]` to `offsets[k + 1]`
 * and its id is `ids[k]`. Columns are typed arrays that double when full.
 *
 * Exactness. Units are held in a Float64Array, but only ever as safe integers (|n| ≤ 2⁵³ − 1), where a double
 * is exact: every unit is validated as a safe integer before it is written, and every balance `tallyLog`
 * computes is checked to stay a safe integer (a sum beyond the range is refused with `out-of-range`, never
 * rounded). Money leaves the log only as {@link Money} through {@link transactionAt} and the tally.
 *
 * Validation is the ledger's own ({@link validateTransaction}): a transaction the log refuses is refused with
 * the same {@link LedgerError} that {@link applyTransaction} would give, and changes nothing in the log.
 * What only balances can refuse (a balance pushed beyond the safe range) is checked by {@link tallyLog}.
 */
import { type AccountKind, parseAccountId } from './accounts.ts'
import {
  type AccountBalance,
  addEntry,
  type BalanceSheet,
  type Balances,
  emptyBalances,
  newEntry,
  stockOf,
  validateBalanceSheet,
} from './balances.ts'
import { LedgerError } from './ledger-error.ts'
import type { Money } from './money.ts'
import {
  CASH,
  type CashPosting,
  type Posting,
  type StockPosting,
  type Transaction,
  validateTransaction,
} from './postings.ts'
import { err, ok, type Result } from './result.ts'

/**
 * An append-only columnar journal of validated transactions. Read it through {@link tallyLog},
 * {@link transactionAt} and the fields below; change it only through {@link appendTransaction}. The column
 * arrays may be replaced by larger ones when the log grows, so read them from the log each time, and only
 * the first `postingCount` entries (`transactionCount + 1` for `offsets`) are meaningful.
 */
export interface PostingLog {
  /** Transactions appended so far. */
  readonly transactionCount: number
  /** Postings appended so far (the length of the meaningful part of each column). */
  readonly postingCount: number
  /** Account dictionary: index → account id, in order of first appearance. */
  readonly accounts: readonly string[]
  /** The kind of each account in {@link PostingLog.accounts}, by the same index. */
  readonly accountKinds: readonly AccountKind[]
  /** Commodity dictionary: index → `cash` (always index 0) or a stock item id, in order of first appearance. */
  readonly commodities: readonly string[]
  /** Transaction ids, by transaction index. */
  readonly ids: readonly string[]
  /** Per posting: the account's dictionary index. */
  readonly account: Int32Array
  /** Per posting: the commodity's dictionary index. */
  readonly commodity: Int32Array
  /** Per posting: signed whole units (paise for cash, pieces for stock), always a safe integer. */
  readonly units: Float64Array
  /** Per transaction `k`: its first posting is `offsets[k]`, one past its last is `offsets[k + 1]`. */
  readonly offsets: Int32Array
}

/** The log as this module sees it: the same object with its fields writable. */
interface MutableLog {
  transactionCount: number
  postingCount: number
  accounts: string[]
  accountKinds: AccountKind[]
  commodities: string[]
  ids: string[]
  account: Int32Array
  commodity: Int32Array
  units: Float64Array
  offsets: Int32Array
  /** account id → index, in a prototype-less object (V8 finds string keys in it faster than in a Map). */
  accountIndex: Record<string, number | undefined>
  commodityIndex: Record<string, number | undefined>
  /** The success result of an append, made once: it is immutable and the hot path then allocates nothing. */
  appended: Result<PostingLog, LedgerError> | undefined
}

/** Options for {@link createPostingLog}. */
export interface PostingLogOptions {
  /** Postings to make room for up front (a hint: at most 16,777,216; the log grows past it). Default 1,024. */
  readonly capacity?: number
}

/** An empty posting log. */
export function createPostingLog(options: PostingLogOptions = {}): PostingLog {
  const capacity = Math.max(16, Math.min(options.capacity ?? 1024, 1 << 24) | 0)
  const log: MutableLog = {
    transactionCount: 0,
    postingCount: 0,
    accounts: [],
    accountKinds: [],
    commodities: [CASH],
    ids: [],
    account: new Int32Array(capacity),
    commodity: new Int32Array(capacity),
    units: new Float64Array(capacity),
    offsets: new Int32Array((capacity >> 1) + 1),
    accountIndex: Object.create(null) as Record<string, number | undefined>,
    commodityIndex: Object.create(null) as Record<string, number | undefined>,
    appended: undefined,
  }
  log.appended = ok(log)
  log.commodityIndex[CASH] = 0
  return log
}

/**
 * A copy of `log` that shares nothing with it (for a fold's checkpoint): appending to either leaves the other
 * as it was. O(postings), as flat copies of the columns.
 */
export function clonePostingLog(log: PostingLog): PostingLog {
  const m = log as MutableLog
  const room = Math.max(16, m.postingCount)
  const copy: MutableLog = {
    transactionCount: m.transactionCount,
    postingCount: m.postingCount,
    accounts: m.accounts.slice(),
    accountKinds: m.accountKinds.slice(),
    commodities: m.commodities.slice(),
    ids: m.ids.slice(),
    account: grown(m.account.subarray(0, m.postingCount), new Int32Array(room)),
    commodity: grown(m.commodity.subarray(0, m.postingCount), new Int32Array(room)),
    units: grown(m.units.subarray(0, m.postingCount), new Float64Array(room)),
    offsets: grown(m.offsets.subarray(0, m.transactionCount + 1), new Int32Array(m.transactionCount + 2)),
    accountIndex: Object.assign(Object.create(null) as Record<string, number | undefined>, m.accountIndex),
    commodityIndex: Object.assign(
      Object.create(null) as Record<string, number | undefined>,
      m.commodityIndex,
    ),
    appended: undefined,
  }
  copy.appended = ok(copy)
  return copy
}

/**
 * Validates `tx` and, only if it is valid, appends it to `log` in place: amortised O(postings). Refuses, with
 * the same error as {@link applyTransaction} and without changing the log, a bad envelope, posting, account
 * id, commodity or unit, or a transaction that does not balance per commodity or moves nothing. (A balance
 * pushed beyond the safe range is refused later, by {@link tallyLog}: the log holds postings, not balances.)
 * Like the balances, the log trusts the caller to append each transaction once. Returns `log`.
 */
export function appendTransaction(log: PostingLog, tx: Transaction): Result<PostingLog, LedgerError> {
  const m = log as MutableLog
  if (appendTwo(m, tx)) return m.appended!
  const v = validateTransaction(tx)
  if (!v.ok) return v
  const ps = tx.postings
  reserve(m, ps.length)
  let n = m.postingCount
  for (const p of ps) {
    m.account[n] = internAccount(m, p.account)
    m.commodity[n] = internCommodity(m, p.commodity)
    m.units[n] = p.commodity === CASH ? (p as CashPosting).amount : (p as StockPosting).quantity
    n++
  }
  seal(m, tx.id, n)
  return m.appended!
}

/**
 * Appends `transactions` in order, as {@link appendTransaction} would one by one, with the columns held in
 * local variables over runs of two-posting transfers. Stops at the first refused transaction with its error,
 * the message prefixed `Transaction #<index>:` and `index` and `txId` added to the details, as {@link tally}
 * does; the transactions before it stay appended, the refused one and those after it are not.
 */
export function appendTransactions(
  log: PostingLog,
  transactions: Iterable<Transaction>,
): Result<PostingLog, LedgerError> {
  const m = log as MutableLog
  const list: readonly Transaction[] = Array.isArray(transactions) ? transactions : [...transactions]
  let index = 0
  while (index < list.length) {
    index = appendRun(m, list, index)
    if (index === list.length) break
    const tx = list[index]!
    const r = appendTransaction(log, tx)
    if (!r.ok) return err(atIndex(r.error, index, tx))
    index++
  }
  return m.appended!
}

/** A new posting log of `transactions`: {@link createPostingLog} then {@link appendTransactions}. */
export function buildPostingLog(
  transactions: Iterable<Transaction>,
  options: PostingLogOptions = {},
): Result<PostingLog, LedgerError> {
  const presize = options.capacity === undefined && Array.isArray(transactions)
  return appendTransactions(
    createPostingLog(presize ? { capacity: transactions.length * 2 } : options),
    transactions,
  )
}

/** The error of transaction `index`, as {@link tally} reports it. */
export function atIndex(e: LedgerError, index: number, tx: Transaction | undefined): LedgerError {
  return new LedgerError(e.code, `Transaction #${index}: ${e.message}`, { ...e.details, index, txId: tx?.id })
}

/** Options for {@link tallyLog}. */
export interface TallyLogOptions {
  /**
   * Tally only the first `transactions` transactions of the log: the books as they stood then (the log is
   * append-only, so its prefix is an earlier state). A whole number up to `transactionCount`; default: all.
   */
  readonly transactions?: number
}

/**
 * Expected closing balances: `opening` plus every posting in the log, in one pass over its columns into a
 * dense account × commodity table. The same result as {@link tally} over the same transactions: the same
 * balances, the same accounts (those opened plus those posted to, in that order), and the same error when
 * the opening is malformed or a transaction would take a balance beyond the safe-integer range (the first
 * such transaction, with its `index` and `txId`; the tally stops there). The log is not changed.
 */
export function tallyLog(
  log: PostingLog,
  opening: BalanceSheet = {},
  options: TallyLogOptions = {},
): Result<Balances, LedgerError> {
  const sheet = validateBalanceSheet(opening)
  if (!sheet.ok) return sheet
  const m = log as MutableLog
  const count = options.transactions ?? m.transactionCount
  if (!Number.isInteger(count) || count < 0 || count > m.transactionCount) {
    return err(
      new LedgerError(
        'out-of-range',
        `Cannot tally the first ${count} transactions of a log of ${m.transactionCount}; give a whole number from 0 to ${m.transactionCount}.`,
        { transactions: count },
      ),
    )
  }
  const end = m.offsets[count]!

  // Rows: the log's accounts, then any opened account the log never names; columns likewise.
  const used = accountsUsed(m, end)
  const rows = m.accounts.slice(0, used)
  const cols = m.commodities.slice()
  const rowOf = new Map<string, number>()
  const colOf = new Map<string, number>()
  for (let i = 0; i < rows.length; i++) rowOf.set(rows[i]!, i)
  for (let i = 0; i < cols.length; i++) colOf.set(cols[i]!, i)
  for (const [account, lines] of Object.entries(opening)) {
    if (!rowOf.has(account)) rowOf.set(account, rows.push(account) - 1)
    for (const c of Object.keys(lines)) if (!colOf.has(c)) colOf.set(c, cols.push(c) - 1)
  }
  const width = cols.length
  const table = new Float64Array(rows.length * width)
  for (const [account, lines] of Object.entries(opening)) {
    const row = rowOf.get(account)! * width
    for (const [c, u] of Object.entries(lines)) table[row + colOf.get(c)!] = u
  }

  // The pass. Every value added is a safe integer; the sum is checked against the safe range after each
  // addition, so a sum that left it (and might have been rounded) is caught before it is stored.
  const account = m.account
  const commodity = m.commodity
  const units = m.units
  for (let i = 0; i < end; i++) {
    const cell = account[i]! * width + commodity[i]!
    const next = table[cell]! + units[i]!
    if (next > Number.MAX_SAFE_INTEGER || next < -Number.MAX_SAFE_INTEGER) return outOfRange(m, i)
    table[cell] = next
  }

  // Back to the ledger's Balances: opened accounts first (in the opening's order), then the log's.
  const b = emptyBalances()
  const order = [...Object.keys(opening), ...rows.filter((a) => !Object.hasOwn(opening, a))]
  for (const id of order) {
    const r = rowOf.get(id)!
    const entry: AccountBalance =
      r < used ? { id, kind: m.accountKinds[r]!, cash: 0, stock: undefined } : newEntry(id)
    const row = r * width
    entry.cash = table[row]! + 0
    for (let c = 1; c < width; c++) {
      const u = table[row + c]!
      if (u !== 0) stockOf(entry)[cols[c]!] = u
    }
    addEntry(b, entry)
  }
  return ok(b)
}

/**
 * Transaction `k` of the log, rebuilt as a {@link Transaction} (postings in their original order; the memo is
 * not kept by the log). Throws `out-of-range` when there is no transaction `k`.
 */
export function transactionAt(log: PostingLog, k: number): Transaction {
  if (!Number.isInteger(k) || k < 0 || k >= log.transactionCount) {
    throw new LedgerError(
      'out-of-range',
      `The log has ${log.transactionCount} transactions (0 to ${log.transactionCount - 1}); there is no #${k}.`,
      { index: k },
    )
  }
  const postings: Posting[] = []
  for (let i = log.offsets[k]!; i < log.offsets[k + 1]!; i++) {
    const account = log.accounts[log.account[i]!]!
    const commodity = log.commodities[log.commodity[i]!]!
    const u = log.units[i]! + 0
    postings.push(
      commodity === CASH
        ? { account, commodity: CASH, amount: u as Money }
        : { account, commodity, quantity: u },
    )
  }
  return { id: log.ids[k]!, postings }
}

// What matchTwo found, read right after it returns true (JavaScript is single-threaded and nothing runs in
// between), so that the hot loop allocates nothing.
let twoFrom = 0
let twoTo = 0
let twoCommodity = 0
let twoUnits = 0

/**
 * The fast path for the commonest transaction — two postings of one commodity between accounts the log
 * already knows — doing every check {@link validateTransaction} does, in one step. Known accounts and
 * commodities were validated when first interned. Returns false for anything else (the general path then
 * decides); true with the postings' dictionary indices and units in `two*`.
 */
function matchTwo(m: MutableLog, tx: Transaction): boolean {
  if (typeof tx !== 'object' || tx === null) return false
  const id = tx.id
  const ps = tx.postings
  if (typeof id !== 'string' || id.length === 0 || !Array.isArray(ps) || ps.length !== 2) return false
  const p0 = ps[0] as Posting | null
  const p1 = ps[1] as Posting | null
  if (typeof p0 !== 'object' || p0 === null || typeof p1 !== 'object' || p1 === null) return false
  const c = p0.commodity
  if (p1.commodity !== c) return false
  let u0: unknown
  let u1: unknown
  let ci: number | undefined
  if (c === CASH) {
    u0 = (p0 as CashPosting).amount
    u1 = (p1 as CashPosting).amount
    if (
      (p0 as { quantity?: unknown }).quantity !== undefined ||
      (p1 as { quantity?: unknown }).quantity !== undefined
    ) {
      return false
    }
    ci = 0
  } else {
    u0 = (p0 as StockPosting).quantity
    u1 = (p1 as StockPosting).quantity
    if (
      (p0 as { amount?: unknown }).amount !== undefined ||
      (p1 as { amount?: unknown }).amount !== undefined
    ) {
      return false
    }
    ci = typeof c === 'string' ? m.commodityIndex[c] : undefined
    if (ci === undefined) return false
  }
  // Both safe integers summing to zero: u1 is exactly −u0 (and neither is zero, so no −0).
  if (typeof u0 !== 'number' || typeof u1 !== 'number' || u0 === 0 || u0 + u1 !== 0) return false
  if (!Number.isSafeInteger(u0) || !Number.isSafeInteger(u1)) return false
  const a0 = p0.account
  const a1 = p1.account
  if (typeof a0 !== 'string' || typeof a1 !== 'string') return false
  const i0 = m.accountIndex[a0]
  const i1 = m.accountIndex[a1]
  if (i0 === undefined || i1 === undefined) return false
  twoFrom = i0
  twoTo = i1
  twoCommodity = ci
  twoUnits = u0
  return true
}

/** Appends `tx` through the fast path, or returns false having changed nothing. */
function appendTwo(m: MutableLog, tx: Transaction): boolean {
  if (!matchTwo(m, tx)) return false
  reserve(m, 2)
  let n = m.postingCount
  m.account[n] = twoFrom
  m.commodity[n] = twoCommodity
  m.units[n] = twoUnits
  n++
  m.account[n] = twoTo
  m.commodity[n] = twoCommodity
  m.units[n] = -twoUnits
  seal(m, tx.id, n + 1)
  return true
}

/**
 * Appends `list[start…]` through the fast path while it applies, with the columns in local variables, and
 * returns the index of the first transaction it did not append (the general path's to decide).
 */
function appendRun(m: MutableLog, list: readonly Transaction[], start: number): number {
  const left = list.length - start
  reserve(m, 2 * left, left)
  const account = m.account
  const commodity = m.commodity
  const units = m.units
  const offsets = m.offsets
  const ids = m.ids
  let n = m.postingCount
  let t = m.transactionCount
  let k = start
  for (; k < list.length; k++) {
    const tx = list[k]!
    if (!matchTwo(m, tx)) break
    account[n] = twoFrom
    commodity[n] = twoCommodity
    units[n] = twoUnits
    n++
    account[n] = twoTo
    commodity[n] = twoCommodity
    units[n] = -twoUnits
    n++
    ids.push(tx.id)
    t++
    offsets[t] = n
  }
  m.postingCount = n
  m.transactionCount = t
  return k
}

/** Closes the transaction being appended: its postings end at `end`. */
function seal(m: MutableLog, id: string, end: number): void {
  m.postingCount = end
  m.ids.push(id)
  m.transactionCount++
  m.offsets[m.transactionCount] = end
}

/** Makes room for `postings` more postings and `transactions` more transactions, doubling as needed. */
function reserve(m: MutableLog, postings: number, transactions = 1): void {
  const need = m.postingCount + postings
  if (need > m.units.length) {
    let size = m.units.length * 2
    while (size < need) size *= 2
    m.account = grown(m.account, new Int32Array(size))
    m.commodity = grown(m.commodity, new Int32Array(size))
    m.units = grown(m.units, new Float64Array(size))
  }
  const needTx = m.transactionCount + transactions + 1
  if (needTx > m.offsets.length) {
    let size = m.offsets.length * 2
    while (size < needTx) size *= 2
    m.offsets = grown(m.offsets, new Int32Array(size))
  }
}

function grown<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from)
  return to
}

/** The index of a validated account id, interning it on first sight. */
function internAccount(m: MutableLog, id: string): number {
  let i = m.accountIndex[id]
  if (i === undefined) {
    const parsed = parseAccountId(id)
    if (!parsed.ok) throw parsed.error // validated before: a broken invariant
    i = m.accounts.push(id) - 1
    m.accountKinds.push(parsed.value.kind)
    m.accountIndex[id] = i
  }
  return i
}

/** The index of a validated commodity, interning it on first sight. */
function internCommodity(m: MutableLog, c: string): number {
  let i = m.commodityIndex[c]
  if (i === undefined) {
    i = m.commodities.push(c) - 1
    m.commodityIndex[c] = i
  }
  return i
}

/**
 * How many dictionary accounts the first `end` postings use: accounts are interned in order of first
 * appearance, so those of a prefix of the log are a prefix of the dictionary.
 */
function accountsUsed(m: MutableLog, end: number): number {
  if (end === m.postingCount) return m.accounts.length
  let max = -1
  for (let i = 0; i < end; i++) if (m.account[i]! > max) max = m.account[i]!
  return max + 1
}

/** The refusal of the transaction holding posting `i`, worded as {@link applyTransaction} words it. */
function outOfRange(m: MutableLog, i: number): Result<Balances, LedgerError> {
  // The transaction k with offsets[k] ≤ i < offsets[k + 1].
  let lo = 0
  let hi = m.transactionCount - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (m.offsets[mid]! <= i) lo = mid
    else hi = mid - 1
  }
  const txId = m.ids[lo]!
  const account = m.accounts[m.account[i]!]!
  const commodity = m.commodities[m.commodity[i]!]!
  const e = new LedgerError(
    'out-of-range',
    `Transaction ${txId} would take ${account} ${commodity} beyond the supported range; it was not applied.`,
    { txId, account },
  )
  return err(atIndex(e, lo, { id: txId, postings: [] }))
}
