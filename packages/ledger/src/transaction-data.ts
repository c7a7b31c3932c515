/**
 * The wire form of a transaction, as stored in an event payload (JSON, no branded numbers): every posting
 * carries `amount` as a string — a canonical money string ("1250.50", "-20.00") for cash, whole pieces
 * ("-20") for stock. {@link parseTransactionData} is the only way back in, and validates everything.
 */
import { LedgerError, show } from './ledger-error.ts'
import { moneyToString, parseMoney } from './money.ts'
import {
  CASH,
  type CashPosting,
  type Posting,
  type StockPosting,
  type Transaction,
  validateTransaction,
} from './postings.ts'
import { err, type Result } from './result.ts'

/** One posting in an event payload. */
export interface PostingData {
  readonly account: string
  /** `cash` (the alias `INR` is accepted on input) or a stock item id. */
  readonly commodity: string
  /** Money string for cash ("-500.00"), whole pieces for stock ("-20"). */
  readonly amount: string
}

/** A transaction in an event payload. */
export interface TransactionData {
  readonly id: string
  readonly postings: readonly PostingData[]
  readonly memo?: string
}

const PIECES = /^[+-]?\d{1,15}$/

/** Encodes a transaction for an event payload (cash amounts in the canonical `moneyToString` form). */
export function toTransactionData(tx: Transaction): TransactionData {
  const postings = tx.postings.map(
    (p): PostingData => ({
      account: p.account,
      commodity: p.commodity,
      amount:
        p.commodity === CASH
          ? moneyToString((p as CashPosting).amount)
          : String((p as StockPosting).quantity + 0),
    }),
  )
  return tx.memo === undefined ? { id: tx.id, postings } : { id: tx.id, postings, memo: tx.memo }
}

/**
 * Decodes and validates a transaction from an event payload: amounts parse exactly (cash via
 * {@link parseMoney}, stock as whole pieces), accounts and commodities are valid, and every commodity
 * sums to zero. Never throws.
 */
export function parseTransactionData(data: unknown): Result<Transaction, LedgerError> {
  const d = data as Partial<TransactionData> | null
  if (typeof d !== 'object' || d === null || !Array.isArray(d.postings)) {
    return err(
      new LedgerError(
        'invalid-posting',
        'Transaction data must be { id, postings: [{ account, commodity, amount }] }.',
        {},
      ),
    )
  }
  const postings: Posting[] = []
  for (const [i, p] of d.postings.entries()) {
    const r = parsePostingData(p, i, typeof d.id === 'string' ? d.id : '(transaction without an id)')
    if (!r.ok) return r
    postings.push(r.value)
  }
  const tx: Transaction =
    typeof d.memo === 'string'
      ? { id: d.id as string, postings, memo: d.memo }
      : { id: d.id as string, postings }
  return validateTransaction(tx)
}

function parsePostingData(p: PostingData, index: number, txId: string): Result<Posting, LedgerError> {
  const bad = (why: string) =>
    err(
      new LedgerError('invalid-posting', `Posting ${index} of ${txId}: ${why}.`, { txId, index, posting: p }),
    )
  if (typeof p !== 'object' || p === null || typeof p.amount !== 'string') {
    return bad('it needs account, commodity and amount as a string')
  }
  if (p.commodity === CASH || p.commodity === 'INR') {
    const m = parseMoney(p.amount)
    if (!m.ok) return err(m.error)
    return { ok: true, value: { account: p.account, commodity: CASH, amount: m.value } }
  }
  if (!PIECES.test(p.amount)) return bad(`stock amount ${show(p.amount)} must be whole pieces, e.g. "-20"`)
  return { ok: true, value: { account: p.account, commodity: p.commodity, quantity: Number(p.amount) + 0 } }
}
