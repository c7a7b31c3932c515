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

  it('never throws on any input (property)', () => {
    const arbData = fc.oneof(
      fc.anything({ withBigInt: true }),
      fc.record({
        id: fc.anything(),
        postings: fc.array(
          fc.oneof(
            fc.anything(),
            fc.record({
              account: fc.anything(),
              commodity: fc.constantFrom('cash', 'INR', 'stamp-5'),
              amount: fc.anything(),
            }),
          ),
          { maxLength: 4 },
        ),
      }),
    )
    fc.assert(
      fc.property(arbData, (data) => {
        expect(() => parseTransactionData(data)).not.toThrow()
      }),
      { seed: SEED, numRuns: 500 },
    )
  })

  it('(regression) an id that cannot be turned into a string does not throw', () => {
    // Found by the property above with the package seed: String({ toString: 0 }) throws a TypeError.
    const r = parseTransactionData({
      id: { toString: 0 },
      postings: [{ account: false, commodity: 'cash', amount: {} }],
    })
    expect(r.ok ? undefined : r.error.code).toBe('invalid-posting')
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
