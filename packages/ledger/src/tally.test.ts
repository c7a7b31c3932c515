import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { arbBalancedTx, arbCount, arbOpening, SEED } from './arbitraries.test-util.ts'
import { balancesByAccount, createBalances } from './balances.ts'
import { money } from './money.ts'
import { cashPosting, transfer } from './postings.ts'
import { createStockCatalog } from './stock.ts'
import { compareWithCount, holdingsValue, officeRollup, settleDifference, tally } from './tally.ts'

describe('tally', () => {
  it('gives expected closing balances from opening and postings', () => {
    const r = tally({ 'treasury:SO': { cash: money('5000') } }, [
      transfer('t1', 'treasury:SO', 'counter:S1', 'cash', money('1000')),
      {
        id: 't2',
        postings: [cashPosting('counter:S1', money('250')), cashPosting('revenue:postage', money('-250'))],
      },
    ])
    expect(r.ok && balancesByAccount(r.value)).toEqual({
      'counter:S1': { cash: money('1250') },
      'revenue:postage': { cash: money('-250') },
      'treasury:SO': { cash: money('4000') },
    })
  })

  it('refuses a malformed opening as a value, not a throw', () => {
    const r = tally({ 'drawer:1': { cash: 1 } }, [])
    expect(r.ok ? undefined : r.error.code).toBe('unknown-account-kind')
  })

  it('stops at the first refused transaction and says which', () => {
    const r = tally({}, [
      transfer('t1', 'treasury:SO', 'counter:S1', 'cash', money('1')),
      { id: 't2', postings: [cashPosting('counter:S1', money('1'))] },
    ])
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('unbalanced-transaction')
      expect(r.error.details).toMatchObject({ index: 1, txId: 't2' })
    }
  })

  it('is the same whatever order the postings are applied in (property)', () => {
    fc.assert(
      fc.property(
        arbOpening,
        fc
          .array(arbBalancedTx, { minLength: 1, maxLength: 30 })
          .chain((txs) =>
            fc.tuple(
              fc.constant(txs),
              fc.shuffledSubarray(txs, { minLength: txs.length, maxLength: txs.length }),
            ),
          ),
        (opening, [txs, shuffled]) => {
          const a = tally(opening, txs)
          const b = tally(opening, shuffled)
          expect(a.ok && b.ok).toBe(true)
          if (a.ok && b.ok) expect(balancesByAccount(b.value)).toEqual(balancesByAccount(a.value))
        },
      ),
      { seed: SEED, numRuns: 300 },
    )
  })
})

describe('compareWithCount', () => {
  const expected = createBalances({
    'counter:S1': { cash: money('1250'), 'stamp-5': 40 },
    'counter:S2': { cash: money('300') },
    'revenue:postage': { cash: money('-1550') },
  })

  it('throws invalid-count for a malformed count', () => {
    expect(() =>
      compareWithCount(expected, { 'counter:S1': { cash: 'lots' as unknown as number } }),
    ).toThrowError(expect.objectContaining({ code: 'invalid-count' }))
  })

  it('matches when the count equals the books', () => {
    const c = compareWithCount(expected, { 'counter:S1': { cash: money('1250'), 'stamp-5': 40 } })
    expect(c).toEqual({ matches: true, differences: [] })
  })

  it('classifies every difference as short or excess, valuing stock with a catalog', () => {
    const catalog = createStockCatalog([
      { id: 'stamp-5', kind: 'postage-stamp', label: '₹5 stamp', faceValue: money('5') },
    ])
    if (!catalog.ok) throw catalog.error
    const c = compareWithCount(
      expected,
      { 'counter:S1': { cash: money('1200'), 'stamp-5': 42 } },
      { accounts: ['counter:S1', 'counter:S2'], catalog: catalog.value },
    )
    expect(c.matches).toBe(false)
    expect(c.differences).toEqual([
      {
        account: 'counter:S1',
        commodity: 'cash',
        expected: 125000,
        counted: 120000,
        difference: -5000,
        kind: 'short',
        value: -5000,
      },
      {
        account: 'counter:S1',
        commodity: 'stamp-5',
        expected: 40,
        counted: 42,
        difference: 2,
        kind: 'excess',
        value: 1000,
      },
      // counter:S2 is in scope but was not counted: it shows as short, not skipped.
      {
        account: 'counter:S2',
        commodity: 'cash',
        expected: 30000,
        counted: 0,
        difference: -30000,
        kind: 'short',
        value: -30000,
      },
    ])
  })

  it('settling every difference makes the books match the count (property)', () => {
    fc.assert(
      fc.property(arbOpening, arbCount, (books, count) => {
        const b = createBalances(books)
        const c = compareWithCount(b, count)
        const r = tally(
          books,
          c.differences.map((d, i) => settleDifference(d, 'SO-1', `settle-${i}`)),
        )
        expect(r.ok).toBe(true)
        if (r.ok) expect(compareWithCount(r.value, count).matches).toBe(true)
      }),
      { seed: SEED, numRuns: 300 },
    )
  })
})

describe('officeRollup', () => {
  it('sums every counter and the treasury, nothing else', () => {
    const b = createBalances({
      'counter:S1': { cash: money('100'), 'stamp-5': 3 },
      'counter:S2': { cash: money('50') },
      'treasury:SO': { cash: money('1000'), 'stamp-5': 7 },
      'transit:BAG-1': { cash: money('5000') },
      'revenue:postage': { cash: money('-150') },
    })
    expect(officeRollup(b)).toEqual({ cash: money('1150'), 'stamp-5': 10 })
    expect(officeRollup(b, ['counter', 'treasury', 'transit'])).toEqual({
      cash: money('6150'),
      'stamp-5': 10,
    })
  })
})

describe('holdingsValue', () => {
  it('values cash and stock at face value, refusing unknown items', () => {
    const catalog = createStockCatalog([
      { id: 'stamp-5', kind: 'postage-stamp', label: '₹5 stamp', faceValue: money('5') },
      { id: 'postcard', kind: 'postal-stationery', label: 'Postcard', faceValue: money('0.50') },
    ])
    if (!catalog.ok) throw catalog.error
    const b = createBalances({
      'counter:S1': { cash: money('100'), 'stamp-5': 3, postcard: 5 },
      'treasury:SO': { cash: money('1000') },
      'counter:S2': { 'stamp-7': 1 },
    })
    expect(holdingsValue(b, ['counter:S1', 'treasury:SO', 'counter:NONE'], catalog.value)).toEqual({
      ok: true,
      value: { cash: money('1100'), stock: money('17.50'), total: money('1117.50') },
    })
    const r = holdingsValue(b, ['counter:S2'], catalog.value)
    expect(r.ok ? undefined : r.error.code).toBe('unknown-stock-item')
  })
})
