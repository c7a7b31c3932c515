import { describe, expect, it } from 'vitest'
import { money, paise } from './money.ts'
import {
  cashPosting,
  postingUnits,
  reverseTransaction,
  stockPosting,
  type Transaction,
  transfer,
  validateTransaction,
} from './postings.ts'

const sale: Transaction = {
  id: 'tx-1',
  memo: 'ten ₹5 stamps sold',
  postings: [
    cashPosting('counter:S1', money('50')),
    cashPosting('revenue:postage', money('-50')),
    stockPosting('counter:S1', 'stamp-5', -10),
    stockPosting('outside:customers', 'stamp-5', 10),
  ],
}

function code(tx: unknown): string | undefined {
  const r = validateTransaction(tx as Transaction)
  return r.ok ? undefined : r.error.code
}

describe('validateTransaction', () => {
  it('accepts a transaction balanced per commodity', () => {
    expect(validateTransaction(sale)).toEqual({ ok: true, value: sale })
    expect(validateTransaction(transfer('t', 'treasury:SO', 'counter:S1', 'cash', money('2000'))).ok).toBe(
      true,
    )
  })

  it.each([
    ['no id', { id: '', postings: sale.postings }, 'invalid-transaction-id'],
    ['no postings', { id: 'x', postings: [] }, 'empty-transaction'],
    ['only zeros', { id: 'x', postings: [cashPosting('counter:S1', paise(0))] }, 'zero-transaction'],
    [
      'cash unbalanced',
      { id: 'x', postings: [cashPosting('counter:S1', paise(1))] },
      'unbalanced-transaction',
    ],
    [
      'stock unbalanced though cash balances',
      { id: 'x', postings: [...sale.postings.slice(0, 3), stockPosting('outside:customers', 'stamp-5', 9)] },
      'unbalanced-transaction',
    ],
    [
      'bad account',
      { id: 'x', postings: [cashPosting('drawer:1', paise(1)), cashPosting('counter:S', paise(-1))] },
      'unknown-account-kind',
    ],
    [
      'float amount',
      { id: 'x', postings: [{ account: 'counter:S', commodity: 'cash', amount: 0.5 }] },
      'invalid-posting',
    ],
    [
      'cash with quantity',
      { id: 'x', postings: [{ account: 'counter:S', commodity: 'cash', quantity: 1 }] },
      'invalid-posting',
    ],
    [
      'stock with amount',
      { id: 'x', postings: [{ account: 'counter:S', commodity: 'stamp-5', amount: 1 }] },
      'invalid-posting',
    ],
    [
      'bad commodity',
      { id: 'x', postings: [{ account: 'counter:S', commodity: '', quantity: 1 }] },
      'invalid-commodity',
    ],
    [
      'sum beyond range',
      {
        id: 'x',
        postings: [
          cashPosting('counter:S', paise(Number.MAX_SAFE_INTEGER)),
          cashPosting('counter:S', paise(Number.MAX_SAFE_INTEGER)),
          cashPosting('treasury:T', paise(-Number.MAX_SAFE_INTEGER)),
          cashPosting('treasury:T', paise(-Number.MAX_SAFE_INTEGER)),
        ],
      },
      'out-of-range',
    ],
    ['not an object', null, 'invalid-transaction-id'],
  ])('refuses %s', (_, tx, expected) => {
    expect(code(tx)).toBe(expected)
  })

  it('explains an unbalanced transaction', () => {
    const r = validateTransaction({ id: 'x', postings: [cashPosting('counter:S1', money('1'))] })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.message).toMatch(/cash postings sum to 100 paise, not 0/)
  })

  it('reverses a transaction posting by posting', () => {
    const rev = reverseTransaction(sale, 'tx-2')
    expect(rev.id).toBe('tx-2')
    expect(rev.postings.map(postingUnits)).toEqual(sale.postings.map((p) => -postingUnits(p)))
    expect(validateTransaction(rev).ok).toBe(true)
  })
})
