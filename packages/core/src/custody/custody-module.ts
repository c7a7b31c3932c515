/**
 * The custody ledger: every rupee and every piece of accountable stock is always in exactly one custody
 * account (a treasury, a counter wallet, a cash bag in transit, a postman's COD pouch, UCP/UCR…). The
 * accounting itself is `@dak/ledger`'s: this slice parses, validates and applies every transaction with it and
 * adds only what the journal needs on top (idempotency per event, the posted and rejected lists).
 *
 * HOW OTHER MODULES POST MONEY (the contract for day, mail and anyone else):
 *
 * ```ts
 * postTransaction(custody: CustodyState, txId: string, postings: readonly PostingData[], meta: TxMeta): PostOutcome
 * reverseTransaction(custody: CustodyState, txId: string, reversalId: string, meta: TxMeta): PostOutcome
 * ```
 *
 * - An event that moves money or stock carries its transaction in its payload as `postings: PostingData[]`
 *   where `amount` is a string: a money string (`"1250.50"`, `"-1250.50"`) for commodity `cash` (`CASH`; `INR`
 *   is accepted as another name), an integer count of pieces for any stock commodity (`"stamp-5"`, `"ipo-10"`…).
 *   Per commodity the amounts sum to zero. This is `@dak/ledger`'s `TransactionData` form.
 * - The custody module's own `apply` posts nothing by itself: the module that OWNS the event decides, in its
 *   own `apply`, whether the event is accepted (e.g. the first receipt of a cash bag) and only then calls
 *   `postTransaction(state.custody, event.id, event.payload.postings, { office, date })`. A refused or
 *   conflicting event (the second receipt of the same bag) is simply not posted until a `conflict.resolved`
 *   event says so. The custody slice is the one slice written by other modules' `apply`, and only through
 *   these two functions; the fold hands `apply` the live draft, so the posting lands in the same fold step.
 * - Posting is idempotent per `txId` (the event id, or `<eventId>:<suffix>` for a second transaction of one
 *   event): a replayed id posts nothing. A transaction `@dak/ledger` refuses (unbalanced, unparseable, an
 *   unknown account kind…) posts nothing and is kept in `rejected` with its reason (handlers validate with
 *   `checkPostings` before emitting, so this only catches foreign/corrupt events).
 *
 * Balances are integer minor units (paise for cash, pieces for stock), never floats. Account ids are
 * `@dak/ledger`'s kinds (`treasury:`, `counter:`, `transit:`, `cod-pouch:`, `ucp:`, `ucr:`, `opening:`, `savings:`…).
 */
import {
  type Balances,
  cloneBalances,
  createBalances,
  CASH as LEDGER_CASH,
  applyTransaction as ledgerApply,
  balance as ledgerBalance,
  reverseTransaction as ledgerReverse,
  type Money,
  moneyToString,
  parseMoney,
  parseTransactionData,
  type Transaction,
  toTransactionData,
} from '@dak/ledger'
import type { DomainModule } from '../journal/module.ts'

/** Commodity code of cash (`@dak/ledger`'s `CASH`). Everything else is accountable stock counted in pieces. */
export const CASH: string = LEDGER_CASH

/** One leg of a transaction as stored in an event payload (`@dak/ledger`'s `PostingData`). */
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
  /** The postings as posted, in `@dak/ledger`'s canonical payload form (`cash`, `"1250.50"`). */
  readonly postings: readonly PostingData[]
  /** The transaction this one reverses, if any. */
  readonly reverses?: string
}

export interface CustodyState {
  /**
   * `balances[account][commodity]` in integer minor units (paise / pieces): a plain read view of `ledger`,
   * written only by `postTransaction` (for screens and checks that read balances as data).
   */
  balances: Record<string, Record<string, number>>
  /** The `@dak/ledger` balances every transaction is applied to: the books themselves. */
  ledger: Balances
  /** Every posted transaction by id, in posting order of `order`. */
  posted: Record<string, PostedTransaction>
  order: string[]
  /** Transactions refused by the ledger (unbalanced, unparseable), by id, with the reason. */
  rejected: Record<string, string>
}

export type PostOutcome = { readonly posted: true } | { readonly posted: false; readonly reason: string }

const PIECES = /^[+-]?\d{1,15}$/

/**
 * Parses a posting amount into integer minor units: paise for cash (any amount `@dak/ledger`'s `parseMoney`
 * accepts, exact to the paisa), whole pieces for stock. Returns null when the string is not such an amount.
 */
export function toMinorUnits(commodity: string, amount: string): number | null {
  if (commodity === CASH || commodity === 'INR') {
    if (typeof amount !== 'string') return null
    const m = parseMoney(amount)
    return m.ok ? m.value + 0 : null
  }
  return PIECES.test(amount) ? Number(amount) + 0 : null
}

/** Formats minor units back into the payload string form (`"1250.50"` for cash, `"20"` for stock). */
export function fromMinorUnits(commodity: string, units: number): string {
  return commodity === CASH ? moneyToString(units as Money) : String(units + 0)
}

/**
 * Parses and validates a transaction with `@dak/ledger` (amounts, account kinds and keys, commodities, zero sum
 * per commodity). Returns the transaction, or the ledger's reason.
 */
function parse(txId: string, postings: readonly PostingData[]): { tx: Transaction } | { reason: string } {
  const r = parseTransactionData({ id: txId, postings })
  return r.ok ? { tx: r.value } : { reason: r.error.message }
}

/**
 * Checks a transaction as `postTransaction` will: `@dak/ledger` must accept it. Returns the reason if not, so a
 * command handler can refuse before emitting an event whose money would never post.
 */
export function checkPostings(postings: readonly PostingData[]): string | null {
  if (postings.length === 0) return 'a transaction needs at least one posting'
  const r = parse('transaction', postings)
  return 'reason' in r ? r.reason : null
}

/** A transaction whose every amount is zero: it moves nothing (the ledger refuses it as such). */
function movesNothing(postings: readonly PostingData[]): boolean {
  return postings.every((p) => toMinorUnits(p.commodity, p.amount) === 0)
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
  if (postings.length === 0 || movesNothing(postings)) return { posted: false, reason: 'no postings' }
  const parsed = parse(txId, postings)
  const applied = 'tx' in parsed ? ledgerApply(custody.ledger, parsed.tx) : undefined
  if (!('tx' in parsed) || !applied?.ok) {
    const reason = 'reason' in parsed ? parsed.reason : (applied as { error: Error }).error.message
    custody.rejected[txId] = reason
    return { posted: false, reason }
  }
  // Keep the plain view in step, copying what the ledger now holds (no arithmetic of its own).
  for (const p of parsed.tx.postings) {
    const held = custody.balances[p.account] ?? {}
    custody.balances[p.account] = held
    held[p.commodity] = ledgerBalance(custody.ledger, p.account, p.commodity)
  }
  const canonical = toTransactionData(parsed.tx).postings
  const tx: PostedTransaction = reverses
    ? { id: txId, postings: canonical, office: meta.office, date: meta.date, reverses }
    : { id: txId, postings: canonical, office: meta.office, date: meta.date }
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
  const posted = custody.posted[txId]
  if (!posted)
    return { posted: false, reason: `transaction ${txId} was never posted, so it cannot be reversed` }
  const parsed = parse(txId, posted.postings)
  if ('reason' in parsed) return { posted: false, reason: parsed.reason }
  const negated = toTransactionData(ledgerReverse(parsed.tx, reversalId)).postings
  return postTransaction(custody, reversalId, negated, meta, txId)
}

/** Balance of one account in one commodity, in minor units (0 when never posted). */
export function balanceOf(custody: CustodyState, account: string, commodity: string = CASH): number {
  return ledgerBalance(custody.ledger, account, commodity) + 0
}

/** All non-cash commodities an account holds, with their piece counts (zero balances omitted). */
export function stockOf(custody: CustodyState, account: string): Record<string, number> {
  const out: Record<string, number> = {}
  const held = custody.ledger.accounts.get(account)?.stock
  if (held === undefined) return out
  for (const commodity of Object.keys(held).sort()) {
    const n = held[commodity] ?? 0
    if (n !== 0) out[commodity] = n
  }
  return out
}

export function createCustodyState(): CustodyState {
  return { balances: {}, ledger: createBalances(), posted: {}, order: [], rejected: {} }
}

/**
 * A copy for fold checkpoints: the ledger through `cloneBalances` (it keeps the ledger's lookup objects as they
 * are), the view and lists copied, posted transactions shared (they are never changed once posted).
 */
export function cloneCustodyState(custody: CustodyState): CustodyState {
  const balances: Record<string, Record<string, number>> = {}
  for (const account in custody.balances) balances[account] = { ...custody.balances[account] }
  return {
    balances,
    ledger: cloneBalances(custody.ledger),
    posted: { ...custody.posted },
    order: custody.order.slice(),
    rejected: { ...custody.rejected },
  }
}

/**
 * The custody slice. Its `apply` is deliberately empty: owning modules post through `postTransaction` so that a
 * refused or conflicting event never moves money (see the header).
 */
export const custodyModule: DomainModule<'custody'> = {
  name: 'custody',
  init: createCustodyState,
  apply: () => {},
  clone: cloneCustodyState,
  conflicts: () => [],
  commands: {},
}
