/**
 * The custody ledger: every rupee and every piece of accountable stock is always in exactly one custody
 * account (a treasury, a counter wallet, a cash bag in transit, a postman's COD pouch, UCP/UCR…).
 *
 * HOW OTHER MODULES POST MONEY (the contract for day, mail and anyone else):
 *
 * ```ts
 * postTransaction(custody: CustodyState, txId: string, postings: readonly PostingData[], meta: TxMeta): PostOutcome
 * reverseTransaction(custody: CustodyState, txId: string, reversalId: string, meta: TxMeta): PostOutcome
 * ```
 *
 * - An event that moves money or stock carries its transaction in its payload as `postings: PostingData[]`
 *   where `amount` is a string: a money string (`"1250.50"`, `"-1250.50"`) for commodity `cash` (`CASH`), an integer
 *   count of pieces for any stock commodity (`"stamp-5"`, `"ipo-10"`…). Per commodity the amounts sum to zero.
 * - The custody module's own `apply` posts nothing by itself: the module that OWNS the event decides, in its
 *   own `apply`, whether the event is accepted (e.g. the first receipt of a cash bag) and only then calls
 *   `postTransaction(state.custody, event.id, event.payload.postings, { office, date })`. A refused or
 *   conflicting event (the second receipt of the same bag) is simply not posted until a `conflict.resolved`
 *   event says so. The custody slice is the one slice written by other modules' `apply`, and only through
 *   these two functions; the fold hands `apply` the live draft, so the posting lands in the same fold step.
 * - Posting is idempotent per `txId` (the event id, or `<eventId>:<suffix>` for a second transaction of one
 *   event): a replayed id posts nothing. An unbalanced or unparseable transaction posts nothing and is kept in
 *   `rejected` with its reason (handlers validate before emitting, so this only catches foreign/corrupt events).
 *
 * Balances are integer minor units (paise for cash, pieces for stock), never floats. Account ids follow
 * `@dak/ledger`'s kinds (`treasury:`, `counter:`, `transit:`, `cod-pouch:`, `ucp:`, `ucr:`, `opening:`, `savings:`…).
 */
import { CASH as LEDGER_CASH } from '@dak/ledger'
import type { DomainModule } from '../journal/module.ts'

/** Commodity code of cash (`@dak/ledger`'s `CASH`). Everything else is accountable stock counted in pieces. */
export const CASH: string = LEDGER_CASH

/** One leg of a transaction as stored in an event payload. */
export interface PostingData {
  readonly account: string
  readonly commodity: string
  /** Money string for cash ("-500.00"), integer pieces for stock ("-20"). */
  readonly amount: string
}

/** Where and when a transaction belongs (for day reconciliation and the day-end checklist). */
export interface TxMeta {
  readonly office: string
  readonly date: string
}

export interface PostedTransaction extends TxMeta {
  readonly id: string
  readonly postings: readonly PostingData[]
  /** The transaction this one reverses, if any. */
  readonly reverses?: string
}

export interface CustodyState {
  /** `balances[account][commodity]` in integer minor units (paise / pieces). */
  balances: Record<string, Record<string, number>>
  /** Every posted transaction by id, in posting order of `order`. */
  posted: Record<string, PostedTransaction>
  order: string[]
  /** Transactions refused by the ledger (unbalanced, unparseable), by id, with the reason. */
  rejected: Record<string, string>
}

export type PostOutcome = { readonly posted: true } | { readonly posted: false; readonly reason: string }

const MONEY_RE = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/
const COUNT_RE = /^-?\d{1,12}$/

/**
 * Parses a posting amount into integer minor units: paise for cash, pieces for stock. Returns null when the
 * string is not in the accepted form (money: optional minus, digits, up to two decimals; stock: an integer).
 */
export function toMinorUnits(commodity: string, amount: string): number | null {
  if (commodity !== CASH) return COUNT_RE.test(amount) ? Number(amount) + 0 : null
  const m = MONEY_RE.exec(amount)
  if (!m) return null
  const paise = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'))
  return m[1] ? -paise : paise
}

/** Formats minor units back into the payload string form (`"1250.50"` for cash, `"20"` for stock). */
export function fromMinorUnits(commodity: string, units: number): string {
  if (commodity !== CASH) return String(units)
  const sign = units < 0 ? '-' : ''
  const abs = Math.abs(units)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** Checks a transaction: every amount parses and each commodity sums to zero. Returns the reason if not. */
export function checkPostings(postings: readonly PostingData[]): string | null {
  if (postings.length === 0) return 'a transaction needs at least one posting'
  const sums = new Map<string, number>()
  for (const p of postings) {
    const units = toMinorUnits(p.commodity, p.amount)
    if (units === null) return `amount "${p.amount}" of ${p.account} is not a valid ${p.commodity} amount`
    if (typeof p.account !== 'string' || p.account.length === 0) return 'every posting needs an account'
    sums.set(p.commodity, (sums.get(p.commodity) ?? 0) + units)
  }
  for (const [commodity, sum] of sums) {
    if (sum !== 0) return `${commodity} postings sum to ${fromMinorUnits(commodity, sum)}, not zero`
  }
  return null
}

/** Posts a transaction into the custody slice (in place). Idempotent per `txId`; see the file header. */
export function postTransaction(
  custody: CustodyState,
  txId: string,
  postings: readonly PostingData[],
  meta: TxMeta,
  reverses?: string,
): PostOutcome {
  if (custody.posted[txId]) return { posted: false, reason: `transaction ${txId} is already posted` }
  // An event that moves nothing (a force-end of an empty counter) is fine: nothing to post, nothing to reject.
  if (postings.length === 0) return { posted: false, reason: 'no postings' }
  const reason = checkPostings(postings)
  if (reason) {
    custody.rejected[txId] = reason
    return { posted: false, reason }
  }
  for (const p of postings) {
    const units = toMinorUnits(p.commodity, p.amount) as number
    const account = custody.balances[p.account] ?? {}
    custody.balances[p.account] = account
    account[p.commodity] = (account[p.commodity] ?? 0) + units
  }
  const tx: PostedTransaction = reverses
    ? { id: txId, postings, office: meta.office, date: meta.date, reverses }
    : { id: txId, postings, office: meta.office, date: meta.date }
  custody.posted[txId] = tx
  custody.order.push(txId)
  return { posted: true }
}

/** Posts the exact negation of an already posted transaction under `reversalId`. */
export function reverseTransaction(
  custody: CustodyState,
  txId: string,
  reversalId: string,
  meta: TxMeta,
): PostOutcome {
  const tx = custody.posted[txId]
  if (!tx) return { posted: false, reason: `transaction ${txId} was never posted, so it cannot be reversed` }
  const negated = tx.postings.map((p) => ({
    account: p.account,
    commodity: p.commodity,
    amount: fromMinorUnits(p.commodity, -(toMinorUnits(p.commodity, p.amount) as number)),
  }))
  return postTransaction(custody, reversalId, negated, meta, txId)
}

/** Balance of one account in one commodity, in minor units (0 when never posted). */
export function balanceOf(custody: CustodyState, account: string, commodity: string = CASH): number {
  return custody.balances[account]?.[commodity] ?? 0
}

/** All non-cash commodities an account holds, with their piece counts (zero balances omitted). */
export function stockOf(custody: CustodyState, account: string): Record<string, number> {
  const out: Record<string, number> = {}
  const held = custody.balances[account] ?? {}
  for (const commodity of Object.keys(held).sort()) {
    const n = held[commodity] ?? 0
    if (commodity !== CASH && n !== 0) out[commodity] = n
  }
  return out
}

export function createCustodyState(): CustodyState {
  return { balances: {}, posted: {}, order: [], rejected: {} }
}

/**
 * The custody slice. Its `apply` is deliberately empty: owning modules post through `postTransaction` so that a
 * refused or conflicting event never moves money (see the header).
 */
export const custodyModule: DomainModule<'custody'> = {
  name: 'custody',
  init: createCustodyState,
  apply: () => {},
  conflicts: () => [],
  commands: {},
}
