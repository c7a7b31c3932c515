import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { arbBalancedTx, SEED } from './arbitraries.test-util.ts'
import { parseTransactionData, toTransactionData } from './transaction-data.ts'

describe('transaction data (event payload form)', () => {
  it('encodes cash as canonical money strings and stock as pieces', () => {
    const data = toTransactionData({
      id: 't1',
      postings: [
        { account: 'counter:S1', commodity: 'cash', amount: 12345650 as never },
        { account: 'revenue:postage', commodity: 'cash', amount: -12345650 as never },
        { account: 'counter:S1', commodity: 'stamp-5', quantity: -20 },
        { account: 'outside:customers', commodity: 'stamp-5', quantity: 20 },
      ],
    })
    expect(data.postings.map((p) => p.amount)).toEqual(['123456.50', '-123456.50', '-20', '20'])
  })

  it('decodes what it encodes (property)', () => {
    fc.assert(
      fc.property(arbBalancedTx, (tx) => {
        const back = parseTransactionData(JSON.parse(JSON.stringify(toTransactionData(tx))))
        expect(back).toEqual({ ok: true, value: tx })
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('accepts INR as the cash commodity, and refuses bad amounts and unbalanced sets', () => {
    const ok = parseTransactionData({
      id: 't',
      postings: [
        { account: 'treasury:SO', commodity: 'INR', amount: '-500.00' },
        { account: 'counter:S', commodity: 'cash', amount: '500' },
      ],
    })
    expect(ok.ok).toBe(true)
    const cases: [unknown, string][] = [
      [
        { id: 't', postings: [{ account: 'counter:S', commodity: 'cash', amount: '1.234' }] },
        'too-many-decimals',
      ],
      [
        { id: 't', postings: [{ account: 'counter:S', commodity: 'stamp-5', amount: '1.5' }] },
        'invalid-posting',
      ],
      [{ id: 't', postings: [{ account: 'counter:S', commodity: 'cash', amount: 5 }] }, 'invalid-posting'],
      [
        { id: 't', postings: [{ account: 'counter:S', commodity: 'cash', amount: '5' }] },
        'unbalanced-transaction',
      ],
      [{ id: 't' }, 'invalid-posting'],
      [null, 'invalid-posting'],
    ]
    for (const [data, code] of cases) {
      const r = parseTransactionData(data)
      expect(r.ok ? undefined : r.error.code).toBe(code)
    }
  })
})
