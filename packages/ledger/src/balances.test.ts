import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyTransaction, createLedger, post } from './apply.ts'
import { ACCOUNTS, arbAnyTx, arbBalancedTx, arbOpening, SEED } from './arbitraries.test-util.ts'
import {
  type BalanceSheet,
  balance,
  balancesByAccount,
  cashBalance,
  cloneBalances,
  createBalances,
  totalsByCommodity,
  validateBalanceSheet,
} from './balances.ts'
import { money } from './money.ts'
import {
  postingUnits,
  reverseTransaction,
  type Transaction,
  transfer,
  validateTransaction,
} from './postings.ts'

/** The oracle: balances rebuilt from scratch by plain summing, without the incremental structure. */
function naive(opening: BalanceSheet, txs: readonly Transaction[]): BalanceSheet {
  const out: Record<string, Record<string, number>> = {}
  const add = (a: string, c: string, u: number) => {
    out[a] ??= {}
    out[a][c] = (out[a][c] ?? 0) + u
  }
  for (const [a, lines] of Object.entries(opening)) for (const [c, u] of Object.entries(lines)) add(a, c, u)
  for (const tx of txs) for (const p of tx.postings) add(p.account, p.commodity, postingUnits(p))
  const sorted: Record<string, Record<string, number>> = {}
  for (const a of Object.keys(out).sort()) {
    const lines: Record<string, number> = {}
    for (const c of Object.keys(out[a]!).sort()) if (out[a]![c] !== 0) lines[c] = out[a]![c]!
    if (Object.keys(lines).length) sorted[a] = lines
  }
  return sorted
}

describe('balances', () => {
  it('applies a transaction in place and answers balances', () => {
    const b = createBalances({ 'treasury:SO': { cash: money('10000'), 'stamp-5': 200 } })
    expect(applyTransaction(b, transfer('t1', 'treasury:SO', 'counter:S1', 'cash', money('2500'))).ok).toBe(
      true,
    )
    expect(applyTransaction(b, transfer('t2', 'treasury:SO', 'counter:S1', 'stamp-5', 50)).ok).toBe(true)
    expect(cashBalance(b, 'treasury:SO')).toBe(money('7500'))
    expect(balance(b, 'counter:S1', 'cash')).toBe(money('2500'))
    expect(balance(b, 'counter:S1', 'stamp-5')).toBe(50)
    expect(balance(b, 'counter:NOBODY', 'cash')).toBe(0)
    expect(balancesByAccount(b)).toEqual({
      'counter:S1': { cash: 250000, 'stamp-5': 50 },
      'treasury:SO': { cash: 750000, 'stamp-5': 150 },
    })
    expect(totalsByCommodity(b)).toEqual({ cash: 1000000, 'stamp-5': 200 })
  })

  it('refuses a malformed opening', () => {
    expect(() => createBalances({ bogus: { cash: 1 } })).toThrowError(
      expect.objectContaining({ code: 'invalid-account' }),
    )
    for (const bad of [
      { 'treasury:SO': { cash: 1.5 } },
      { 'treasury:SO': { cash: 1n } },
      { 'treasury:SO': { 'a b': 1 } },
      [],
      null,
    ]) {
      const r = validateBalanceSheet(bad)
      expect(r.ok ? undefined : r.error.code).toBe('invalid-opening')
    }
  })

  it('refuses a balance that would leave the safe range, changing nothing', () => {
    const b = createBalances({ 'treasury:SO': { cash: Number.MAX_SAFE_INTEGER } })
    const before = balancesByAccount(b)
    const r = applyTransaction(b, transfer('t', 'outside:x', 'treasury:SO', 'cash', 1))
    expect(r.ok ? undefined : r.error.code).toBe('out-of-range')
    expect(balancesByAccount(b)).toEqual(before)
  })

  it('undoes a transaction that overflows halfway through applying, leaving no trace', () => {
    const max = Number.MAX_SAFE_INTEGER
    const b = createBalances({ 'treasury:SO': { cash: max - 15, 'stamp-5': max - 1 } })
    const before = balancesByAccount(b)
    const cash = applyTransaction(b, {
      id: 'twice',
      postings: [
        { account: 'outside:new', commodity: 'cash', amount: money('-0.20') },
        { account: 'treasury:SO', commodity: 'cash', amount: money('0.10') },
        { account: 'treasury:SO', commodity: 'cash', amount: money('0.10') },
      ],
    })
    expect(cash.ok ? undefined : cash.error.code).toBe('out-of-range')
    const stock = applyTransaction(b, transfer('stk', 'outside:new', 'treasury:SO', 'stamp-5', 2))
    expect(stock.ok ? undefined : stock.error.code).toBe('out-of-range')
    expect(balancesByAccount(b)).toEqual(before)
    expect(b.accounts.has('outside:new')).toBe(false)
    expect(applyTransaction(b, transfer('fine', 'treasury:SO', 'counter:S', 'cash', money('1'))).ok).toBe(
      true,
    )
  })

  it('keeps an opening account that holds nothing when a later posting overflows (regression)', () => {
    const max = Number.MAX_SAFE_INTEGER
    const b = createBalances({ 'counter:S1': { cash: 0 }, 'treasury:SO': { cash: max, 'stamp-5': 3 } })
    const accounts = [...b.accounts.keys()]
    const before = balancesByAccount(b)
    const stockBefore = { ...b.byId['treasury:SO']!.stock }
    const r = applyTransaction(b, {
      id: 'overflow',
      postings: [
        { account: 'counter:S1', commodity: 'stamp-10', quantity: -1 },
        { account: 'counter:S1', commodity: 'cash', amount: -1 },
        { account: 'treasury:SO', commodity: 'stamp-10', quantity: 1 },
        { account: 'treasury:SO', commodity: 'cash', amount: 1 },
      ],
    })
    expect(r.ok ? undefined : r.error.code).toBe('out-of-range')
    expect([...b.accounts.keys()]).toEqual(accounts)
    expect(balancesByAccount(b)).toEqual(before)
    expect(b.byId['counter:S1']!.stock).toBeUndefined()
    expect({ ...b.byId['treasury:SO']!.stock }).toEqual(stockBefore)
  })

  it('refuses malformed input of any shape as a value, never a throw', () => {
    const b = createBalances({ 'treasury:SO': { cash: money('10') } })
    const junk: unknown[] = [
      null,
      undefined,
      42,
      { id: 'x' },
      { id: 'x', postings: null },
      { id: 'x', postings: [null, null] },
      {
        id: 'x',
        postings: [
          { account: { toString: () => 'treasury:SO' }, commodity: 'cash', amount: -1 },
          { account: 'counter:S', commodity: 'cash', amount: 1 },
        ],
      },
      {
        id: 'x',
        postings: [
          { account: { toString: 0 }, commodity: 'cash', amount: -1 },
          { account: 'treasury:SO', commodity: 'cash', amount: 1 },
        ],
      },
      { id: 'x', postings: [undefined] },
      {
        id: 'x',
        postings: [
          { account: 42, commodity: 'cash', amount: 1 },
          { account: 'treasury:SO', commodity: 'cash', amount: -1 },
        ],
      },
      {
        id: 'x',
        postings: [
          { account: 'treasury:SO', commodity: 7, quantity: 1 },
          { account: 'counter:S', commodity: 7, quantity: -1 },
        ],
      },
      {
        id: 'x',
        postings: [
          { account: 'treasury:SO', commodity: 'cash', amount: '1' },
          { account: 'counter:S', commodity: 'cash', amount: '-1' },
        ],
      },
    ]
    for (const tx of junk) {
      const r = applyTransaction(b, tx as Transaction)
      expect(r.ok).toBe(false)
      expect(validateTransaction(tx as Transaction).ok).toBe(false)
    }
    expect(balancesByAccount(b)).toEqual({ 'treasury:SO': { cash: 1000 } })
  })

  it('never throws, whatever it is given (property)', () => {
    const arbJunkTx = fc.oneof(
      fc.anything({ withBigInt: true }),
      fc.record({
        id: fc.oneof(fc.string(), fc.anything()),
        postings: fc.array(fc.anything(), { maxLength: 4 }),
      }),
      fc.record({
        id: fc.string(),
        postings: fc.array(
          fc.record({
            account: fc.anything(),
            commodity: fc.anything(),
            amount: fc.anything(),
            quantity: fc.anything(),
          }),
          { maxLength: 4 },
        ),
      }),
    )
    fc.assert(
      fc.property(fc.array(arbJunkTx, { maxLength: 10 }), (txs) => {
        const b = createBalances({ 'treasury:SO': { cash: 1 } })
        for (const tx of txs) {
          expect(() => applyTransaction(b, tx as Transaction)).not.toThrow()
          expect(() => validateTransaction(tx as Transaction)).not.toThrow()
        }
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('ledger: post returns a new ledger and never changes the old one', () => {
    const l0 = createLedger({ 'treasury:SO': { cash: money('100') } })
    const r = post(l0, transfer('t', 'treasury:SO', 'counter:S', 'cash', money('40')))
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(cashBalance(l0, 'treasury:SO')).toBe(money('100'))
    expect(cashBalance(r.value, 'treasury:SO')).toBe(money('60'))
    const refused = post(r.value, transfer('', 'treasury:SO', 'counter:S', 'cash', money('1')))
    expect(refused.ok ? undefined : refused.error.code).toBe('invalid-transaction-id')
  })

  it('conservation: no sequence of transactions creates or destroys any commodity (property)', () => {
    fc.assert(
      fc.property(arbOpening, fc.array(arbAnyTx, { maxLength: 40 }), (opening, txs) => {
        const b = createBalances(opening)
        const before = totalsByCommodity(b)
        for (const tx of txs) {
          applyTransaction(b, tx)
          expect(totalsByCommodity(b)).toEqual(before)
        }
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('a refused transaction changes nothing, an accepted one changes exactly its postings (property)', () => {
    fc.assert(
      fc.property(arbOpening, fc.array(arbAnyTx, { maxLength: 30 }), (opening, txs) => {
        const b = createBalances(opening)
        const accepted: Transaction[] = []
        for (const tx of txs) {
          const before = balancesByAccount(b)
          const r = applyTransaction(b, tx)
          expect(r.ok).toBe(validateTransaction(tx).ok)
          if (r.ok) accepted.push(tx)
          else expect(balancesByAccount(b)).toEqual(before)
        }
        // Oracle: the incremental balances equal a from-scratch sum of the accepted postings.
        expect(balancesByAccount(b)).toEqual(naive(opening, accepted))
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('a transaction then its reversal leaves every balance as it was (property)', () => {
    fc.assert(
      fc.property(arbOpening, arbBalancedTx, (opening, tx) => {
        const b = createBalances(opening)
        const before = balancesByAccount(b)
        expect(applyTransaction(b, tx).ok).toBe(true)
        expect(applyTransaction(b, reverseTransaction(tx, `${tx.id}-rev`)).ok).toBe(true)
        expect(balancesByAccount(b)).toEqual(before)
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('the immutable ledger and the mutable balances agree (property)', () => {
    fc.assert(
      fc.property(fc.array(arbAnyTx, { maxLength: 20 }), (txs) => {
        let ledger = createLedger()
        const b = createBalances()
        for (const tx of txs) {
          const snapshot = balancesByAccount(ledger)
          const r = post(ledger, tx)
          expect(balancesByAccount(ledger)).toEqual(snapshot)
          if (r.ok) ledger = r.value
          applyTransaction(b, tx)
        }
        expect(balancesByAccount(ledger)).toEqual(balancesByAccount(b))
        expect(balancesByAccount(cloneBalances(b))).toEqual(balancesByAccount(b))
      }),
      { seed: SEED, numRuns: 200 },
    )
  })

  it('covers every fixture account', () => {
    const b = createBalances()
    for (const [i, a] of ACCOUNTS.entries()) {
      expect(applyTransaction(b, transfer(`t${i}`, 'outside:world', a, 'cash', money('1'))).ok).toBe(true)
    }
    expect(Object.keys(balancesByAccount(b))).toHaveLength(ACCOUNTS.length + 1)
  })
})
