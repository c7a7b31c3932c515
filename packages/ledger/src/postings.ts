/**
 * Double-entry postings. A transaction is a set of postings that sums to zero per commodity, or it is
 * refused. The commodity `cash` moves an amount of {@link Money} (paise); any other commodity names a stock
 * item and moves a whole number of pieces (`quantity`). A positive amount or quantity is a debit: the
 * account now holds (or is owed) more; a negative one is a credit.
 */
import { parseAccountId } from './accounts.ts'
import { LedgerError, show } from './ledger-error.ts'
import type { Money } from './money.ts'
import { err, ok, type Result } from './result.ts'
import { isStockItemId } from './stock.ts'

/** The commodity of money. Every other commodity is a stock item id. */
export const CASH = 'cash'

/** A movement of cash: `amount` in paise, positive into the account, negative out of it. */
export interface CashPosting {
  readonly account: string
  readonly commodity: 'cash'
  readonly amount: Money
}

/** A movement of accountable stock: `quantity` whole pieces of the item named by `commodity`. */
export interface StockPosting {
  readonly account: string
  /** A stock item id (never `cash`). */
  readonly commodity: string
  readonly quantity: number
}

/** One line of a transaction. */
export type Posting = CashPosting | StockPosting

/** A balanced set of postings with a unique id (the journal event's id is a good choice). */
export interface Transaction {
  readonly id: string
  readonly postings: readonly Posting[]
  readonly memo?: string
}

/** A cash posting. */
export function cashPosting(account: string, amount: Money): CashPosting {
  return { account, commodity: CASH, amount }
}

/** A stock posting of `quantity` pieces of `itemId`. */
export function stockPosting(account: string, itemId: string, quantity: number): StockPosting {
  return { account, commodity: itemId, quantity }
}

/** True when the posting moves cash (and so carries `amount`). */
export function isCashPosting(p: Posting): p is CashPosting {
  return p.commodity === CASH
}

/** The signed whole units a posting moves: paise for cash, pieces for stock. */
export function postingUnits(p: Posting): number {
  return p.commodity === CASH ? (p as CashPosting).amount : (p as StockPosting).quantity
}

/**
 * A two-posting transaction moving `units` of `commodity` from one account to another: paise when the
 * commodity is `cash` (pass a {@link Money}), pieces otherwise.
 */
export function transfer(
  id: string,
  from: string,
  to: string,
  commodity: string,
  units: number,
  memo?: string,
): Transaction {
  const line = (account: string, n: number): Posting =>
    commodity === CASH ? cashPosting(account, n as Money) : stockPosting(account, commodity, n)
  const postings = [line(from, units === 0 ? 0 : -units), line(to, units)]
  return memo === undefined ? { id, postings } : { id, postings, memo }
}

/** The transaction that exactly cancels `tx` (every posting negated), under a new id. */
export function reverseTransaction(tx: Transaction, id: string, memo?: string): Transaction {
  const postings = tx.postings.map(
    (p): Posting =>
      p.commodity === CASH
        ? cashPosting(p.account, (0 - (p as CashPosting).amount) as Money)
        : stockPosting(p.account, p.commodity, 0 - (p as StockPosting).quantity),
  )
  return { id, postings, memo: memo ?? `reversal of ${tx.id}` }
}

/**
 * Checks the shape of one posting (commodity, units), not its account. Returns the error, or undefined.
 * Internal fast path shared with the balances; the account is checked by the caller.
 */
export function postingShapeError(p: Posting, index: number, txId: string): LedgerError | undefined {
  if (typeof p !== 'object' || p === null) {
    return new LedgerError('invalid-posting', `Posting ${index} of ${txId} is not an object.`, {
      txId,
      index,
    })
  }
  if (p.commodity === CASH) {
    const amount = (p as CashPosting).amount
    if (
      typeof amount === 'number' &&
      Number.isSafeInteger(amount) &&
      (p as { quantity?: unknown }).quantity === undefined
    ) {
      return undefined
    }
    return new LedgerError(
      'invalid-posting',
      `Posting ${index} of ${txId} moves cash, so it needs "amount" as a whole number of paise (use money()) and no "quantity"; got ${show(p)}.`,
      { txId, index },
    )
  }
  if (!isStockItemId(p.commodity)) {
    return new LedgerError(
      'invalid-commodity',
      `Posting ${index} of ${txId} has commodity ${show(p.commodity)}; use "cash" or a stock item id.`,
      { txId, index },
    )
  }
  const q = (p as StockPosting).quantity
  if (typeof q === 'number' && Number.isSafeInteger(q) && (p as { amount?: unknown }).amount === undefined) {
    return undefined
  }
  return new LedgerError(
    'invalid-posting',
    `Posting ${index} of ${txId} moves stock ${p.commodity}, so it needs "quantity" as whole pieces and no "amount"; got ${show(p)}.`,
    { txId, index },
  )
}

/** Checks the transaction envelope: a non-empty id and a non-empty array of postings. */
export function envelopeError(tx: Transaction): LedgerError | undefined {
  if (typeof tx !== 'object' || tx === null || typeof tx.id !== 'string' || tx.id.length === 0) {
    return new LedgerError('invalid-transaction-id', 'A transaction needs a non-empty string id.', {})
  }
  if (!Array.isArray(tx.postings) || tx.postings.length === 0) {
    return new LedgerError(
      'empty-transaction',
      `Transaction ${tx.id} has no postings; it needs at least two that sum to zero per commodity.`,
      { txId: tx.id },
    )
  }
  return undefined
}

/**
 * Checks that postings sum to zero per commodity and are not all zero. Sums are kept exact: a running sum
 * beyond a safe integer is refused rather than rounded (a rounded sum could look balanced).
 */
export function balanceError(tx: Transaction): LedgerError | undefined {
  const sums = new Map<string, number>()
  let nonZero = false
  for (const p of tx.postings) {
    const u = postingUnits(p)
    if (u !== 0) nonZero = true
    const sum = (sums.get(p.commodity) ?? 0) + u
    if (!Number.isSafeInteger(sum)) {
      return new LedgerError('out-of-range', `Transaction ${tx.id} sums beyond the supported range.`, {
        txId: tx.id,
      })
    }
    sums.set(p.commodity, sum)
  }
  for (const [c, sum] of sums) {
    if (sum !== 0) {
      return new LedgerError(
        'unbalanced-transaction',
        `Transaction ${tx.id} does not balance: its ${c} postings sum to ${sum} ${c === CASH ? 'paise' : 'pieces'}, not 0. Every unit taken from one account must go to another.`,
        { txId: tx.id, commodity: c, sum },
      )
    }
  }
  if (!nonZero) {
    return new LedgerError('zero-transaction', `Transaction ${tx.id} moves nothing: every posting is zero.`, {
      txId: tx.id,
    })
  }
  return undefined
}

/**
 * Validates a transaction on its own: id, postings present, each posting's account id, commodity and units,
 * balanced per commodity, not all zero. Returns the same transaction when valid.
 */
export function validateTransaction(tx: Transaction): Result<Transaction, LedgerError> {
  const e = envelopeError(tx)
  if (e) return err(e)
  for (let i = 0; i < tx.postings.length; i++) {
    const p = tx.postings[i]!
    const shape = postingShapeError(p, i, tx.id)
    if (shape) return err(shape)
    const account = parseAccountId(p.account)
    if (!account.ok) return err(account.error)
  }
  const b = balanceError(tx)
  return b ? err(b) : ok(tx)
}
