import Decimal from 'decimal.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyTransaction } from './apply.ts'
import { ACCOUNTS, arbAnyTx, arbBalancedTx, arbOpening, COMMODITIES, SEED } from './arbitraries.test-util.ts'
import {
  type BalanceSheet,
  type Balances,
  balancesByAccount,
  createBalances,
  totalsByCommodity,
} from './balances.ts'
import type { LedgerError } from './ledger-error.ts'
import { type Money, money } from './money.ts'
import {
  appendTransaction,
  appendTransactions,
  buildPostingLog,
  clonePostingLog,
  createPostingLog,
  type PostingLog,
  tallyLog,
  transactionAt,
} from './posting-log.ts'
import {
  cashPosting,
  type Posting,
  postingUnits,
  stockPosting,
  type Transaction,
  transfer,
} from './postings.ts'
import type { Result } from './result.ts'
import { tally } from './tally.ts'

/** The naive oracle: opening plus every posting, summed in decimal.js, non-zero lines in sorted order. */
function decimalOracle(opening: BalanceSheet, txs: readonly Transaction[]): BalanceSheet {
  const sums = new Map<string, Map<string, Decimal>>()
  const add = (a: string, c: string, u: number) => {
    const m = sums.get(a) ?? new Map<string, Decimal>()
    sums.set(a, m)
    m.set(c, (m.get(c) ?? new Decimal(0)).plus(u))
  }
  for (const [a, lines] of Object.entries(opening)) for (const [c, u] of Object.entries(lines)) add(a, c, u)
  for (const tx of txs) for (const p of tx.postings) add(p.account, p.commodity, postingUnits(p))
  const out: Record<string, Record<string, number>> = {}
  for (const a of [...sums.keys()].sort()) {
    const lines: Record<string, number> = {}
    for (const c of [...sums.get(a)!.keys()].sort()) {
      const d = sums.get(a)!.get(c)!
      if (!d.isZero()) lines[c] = d.toNumber()
    }
    if (Object.keys(lines).length > 0) out[a] = lines
  }
  return out
}

/** What can be seen of a log from outside: a refused transaction must leave all of it as it was. */
function observe(log: PostingLog) {
  const n = log.postingCount
  return {
    transactionCount: log.transactionCount,
    postingCount: n,
    accounts: [...log.accounts],
    accountKinds: [...log.accountKinds],
    commodities: [...log.commodities],
    ids: [...log.ids],
    account: [...log.account.subarray(0, n)],
    commodity: [...log.commodity.subarray(0, n)],
    units: [...log.units.subarray(0, n)],
    offsets: [...log.offsets.subarray(0, log.transactionCount + 1)],
  }
}

/** Two balances are the same: the same accounts in the same order, kinds, and every non-zero balance. */
function expectSameBalances(a: Balances, b: Balances): void {
  expect([...a.accounts.keys()]).toEqual([...b.accounts.keys()])
  expect([...a.accounts.values()].map((e) => e.kind)).toEqual([...b.accounts.values()].map((e) => e.kind))
  expect(balancesByAccount(a)).toEqual(balancesByAccount(b))
}

function errorOf<T>(r: Result<T, LedgerError>) {
  return r.ok ? undefined : { code: r.error.code, message: r.error.message, details: r.error.details }
}

/** The transaction as the log gives it back: postings in order, -0 as 0, no memo. */
function normalised(tx: Transaction): Transaction {
  return {
    id: tx.id,
    postings: tx.postings.map(
      (p): Posting =>
        p.commodity === 'cash'
          ? cashPosting(p.account, (postingUnits(p) + 0) as Money)
          : stockPosting(p.account, p.commodity, postingUnits(p) + 0),
    ),
  }
}

describe('posting log', () => {
  const day: Transaction[] = [
    transfer('t1', 'treasury:SO', 'counter:S1', 'cash', money('1000')),
    {
      id: 't2',
      postings: [
        cashPosting('counter:S1', money('265')),
        cashPosting('revenue:postage', money('-250')),
        cashPosting('revenue:gst', money('-15')),
        stockPosting('counter:S1', 'stamp-5', -3),
        stockPosting('outside:customers', 'stamp-5', 3),
      ],
    },
    transfer('t3', 'treasury:SO', 'counter:S1', 'stamp-5', 100),
  ]

  it('keeps postings in columns with interned accounts and commodities', () => {
    const built = buildPostingLog(day)
    if (!built.ok) throw built.error
    const log = built.value
    expect(log.transactionCount).toBe(3)
    expect(log.postingCount).toBe(9)
    expect(log.accounts).toEqual([
      'treasury:SO',
      'counter:S1',
      'revenue:postage',
      'revenue:gst',
      'outside:customers',
    ])
    expect(log.accountKinds).toEqual(['treasury', 'counter', 'revenue', 'revenue', 'outside'])
    expect(log.commodities).toEqual(['cash', 'stamp-5'])
    expect(log.ids).toEqual(['t1', 't2', 't3'])
    expect([...log.offsets.subarray(0, 4)]).toEqual([0, 2, 7, 9])
    expect([...log.units.subarray(0, 2)]).toEqual([-100000, 100000])
    expect(transactionAt(log, 1)).toEqual(normalised(day[1]!))
  })

  it('tallies to the same balances as tally, from an opening', () => {
    const opening = { 'treasury:SO': { cash: money('5000'), 'stamp-5': 500 }, 'counter:S9': { cash: 7 } }
    const built = buildPostingLog(day)
    const fromLog = built.ok ? tallyLog(built.value, opening) : built
    const fromObjects = tally(opening, day)
    if (!fromLog.ok || !fromObjects.ok) throw new Error('both tallies should succeed')
    expectSameBalances(fromLog.value, fromObjects.value)
    expect(balancesByAccount(fromLog.value)).toEqual({
      'counter:S1': { cash: money('1265'), 'stamp-5': 97 },
      'counter:S9': { cash: 7 },
      'outside:customers': { 'stamp-5': 3 },
      'revenue:gst': { cash: money('-15') },
      'revenue:postage': { cash: money('-250') },
      'treasury:SO': { cash: money('4000'), 'stamp-5': 400 },
    })
  })

  it('refuses what applyTransaction refuses, with the same error, and changes nothing', () => {
    const log = createPostingLog()
    appendTransaction(log, day[0]!)
    const before = observe(log)
    const refused: Transaction[] = [
      { id: 'u', postings: [cashPosting('counter:S1', money('1'))] },
      transfer('', 'treasury:SO', 'counter:S1', 'cash', money('1')),
      { id: 'z', postings: [cashPosting('counter:S1', 0 as Money), cashPosting('counter:S2', 0 as Money)] },
      transfer('k', 'drawer:1', 'counter:S1', 'cash', money('1')),
      transfer('f', 'treasury:SO', 'counter:S1', 'cash', 0.5 as Money),
      transfer('c', 'treasury:SO', 'counter:S1', 'a b', 1),
      { id: 'e', postings: [] },
    ]
    for (const tx of refused) {
      const r = appendTransaction(log, tx)
      expect(r.ok).toBe(false)
      expect(errorOf(r)).toEqual(errorOf(applyTransaction(createBalances(), tx)))
      expect(observe(log)).toEqual(before)
    }
  })

  it('refuses a balance beyond the safe-integer range in tallyLog, as tally does', () => {
    const max = Number.MAX_SAFE_INTEGER
    const opening = { 'treasury:SO': { cash: max - 5 } }
    const txs = [
      transfer('ok', 'outside:bank', 'treasury:SO', 'cash', 5 as Money),
      transfer('over', 'outside:bank', 'treasury:SO', 'cash', 1 as Money),
    ]
    const built = buildPostingLog(txs)
    if (!built.ok) throw built.error
    const r = tallyLog(built.value, opening)
    expect(r.ok).toBe(false)
    expect(errorOf(r)).toEqual(errorOf(tally(opening, txs)))
    expect(errorOf(r)?.details).toMatchObject({ index: 1, txId: 'over', account: 'treasury:SO' })
    // The first transaction alone stays in range: exactly the safe maximum.
    const first = tallyLog(built.value, opening, { transactions: 1 })
    expect(first.ok && balancesByAccount(first.value)['treasury:SO']).toEqual({ cash: max })
  })

  it('reports a malformed opening as tally does', () => {
    const log = createPostingLog()
    expect(errorOf(tallyLog(log, { 'drawer:1': { cash: 1 } }))).toEqual(
      errorOf(tally({ 'drawer:1': { cash: 1 } }, [])),
    )
  })

  it('buildPostingLog stops at the first refused transaction, as tally does', () => {
    const txs = [...day, { id: 'bad', postings: [cashPosting('counter:S1', money('1'))] }, day[0]!]
    const built = buildPostingLog(txs)
    expect(errorOf(built)).toEqual(errorOf(tally({}, txs)))
    expect(errorOf(built)?.details).toMatchObject({ index: 3, txId: 'bad' })
  })

  it('appendTransactions keeps what came before a refusal and nothing from it on, from any iterable', () => {
    const log = createPostingLog()
    function* events(): Generator<Transaction> {
      yield* day
      yield { id: 'bad', postings: [cashPosting('counter:S1', money('1'))] }
      yield transfer('after', 'treasury:SO', 'counter:S1', 'cash', money('1'))
    }
    const r = appendTransactions(log, events())
    expect(errorOf(r)?.details).toMatchObject({ index: 3, txId: 'bad' })
    expect(log.ids).toEqual(['t1', 't2', 't3'])
    expect(log.postingCount).toBe(9)
  })

  it('clonePostingLog gives a copy that shares nothing: appending to either leaves the other as it was', () => {
    const built = buildPostingLog(day)
    if (!built.ok) throw built.error
    const log = built.value
    const before = observe(log)
    const copy = clonePostingLog(log)
    expect(observe(copy)).toEqual(before)
    for (let i = 0; i < 40; i++) {
      expect(
        appendTransaction(copy, transfer(`c${i}`, 'counter:S1', `counter:C${i}`, 'stamp-10', 1)).ok,
      ).toBe(true)
    }
    expect(observe(log)).toEqual(before)
    expect(appendTransaction(log, transfer('o', 'counter:S1', 'ucp:SO', 'cash', money('1'))).ok).toBe(true)
    expect(copy.transactionCount).toBe(43)
    expect(copy.accounts).not.toContain('ucp:SO')
    expect(log.accounts).not.toContain('counter:C0')
    const t = tallyLog(copy)
    expect(t.ok && balancesByAccount(t.value)['counter:C39']).toEqual({ 'stamp-10': 1 })
  })

  it('throws out-of-range for a transaction index it does not have', () => {
    const log = createPostingLog()
    expect(() => transactionAt(log, 0)).toThrowError(expect.objectContaining({ code: 'out-of-range' }))
  })

  it('refuses to tally a prefix the log does not have', () => {
    const built = buildPostingLog(day)
    if (!built.ok) throw built.error
    for (const n of [-1, 4, 1.5, Number.NaN]) {
      expect(errorOf(tallyLog(built.value, {}, { transactions: n }))?.code).toBe('out-of-range')
    }
    expect(tallyLog(built.value, {}, { transactions: 3 }).ok).toBe(true)
    expect(tallyLog(built.value, {}, { transactions: 0 }).ok).toBe(true)
  })

  it('grows past its initial capacity', () => {
    const log = createPostingLog({ capacity: 16 })
    const txs = Array.from({ length: 1000 }, (_, i) =>
      transfer(
        `t${i}`,
        ACCOUNTS[i % ACCOUNTS.length]!,
        ACCOUNTS[(i * 7 + 1) % ACCOUNTS.length]!,
        'cash',
        (i + 1) as Money,
      ),
    )
    const r = appendTransactions(log, txs)
    expect(r.ok).toBe(true)
    expect(log.postingCount).toBe(2000)
    const t = tallyLog(log)
    const o = tally({}, txs)
    if (!t.ok || !o.ok) throw new Error('both tallies should succeed')
    expectSameBalances(t.value, o.value)
    expect(transactionAt(log, 999)).toEqual(normalised(txs[999]!))
  })
})

describe('posting log properties', () => {
  it('appends exactly what applyTransaction accepts and tallies to the same balances and the decimal oracle', () => {
    fc.assert(
      fc.property(arbOpening, fc.array(arbAnyTx, { maxLength: 40 }), (opening, txs) => {
        const balances = createBalances(opening)
        const log = createPostingLog({ capacity: 16 })
        const accepted: Transaction[] = []
        for (const tx of txs) {
          const before = observe(log)
          const a = applyTransaction(balances, tx)
          const l = appendTransaction(log, tx)
          expect(errorOf(l)).toEqual(errorOf(a))
          if (l.ok) accepted.push(tx)
          else expect(observe(log)).toEqual(before)
        }
        expect(log.transactionCount).toBe(accepted.length)
        const t = tallyLog(log, opening)
        if (!t.ok) throw t.error
        expectSameBalances(t.value, balances)
        expect(balancesByAccount(t.value)).toEqual(decimalOracle(opening, accepted))
        accepted.forEach((tx, k) => {
          expect(transactionAt(log, k)).toEqual(normalised(tx))
        })
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('tallies the same whatever order the transactions were appended in', () => {
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
          const a = buildPostingLog(txs)
          const b = buildPostingLog(shuffled)
          if (!a.ok || !b.ok) throw new Error('balanced transactions are accepted')
          const ta = tallyLog(a.value, opening)
          const tb = tallyLog(b.value, opening)
          if (!ta.ok || !tb.ok) throw new Error('small amounts stay in range')
          expect(balancesByAccount(tb.value)).toEqual(balancesByAccount(ta.value))
        },
      ),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('conserves every commodity: totals after the tally equal the opening totals', () => {
    fc.assert(
      fc.property(arbOpening, fc.array(arbBalancedTx, { maxLength: 30 }), (opening, txs) => {
        const built = buildPostingLog(txs)
        if (!built.ok) throw built.error
        const t = tallyLog(built.value, opening)
        if (!t.ok) throw t.error
        expect(totalsByCommodity(t.value)).toEqual(totalsByCommodity(createBalances(opening)))
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('a prefix of the log tallies like the same prefix of the transactions', () => {
    fc.assert(
      fc.property(
        arbOpening,
        fc.array(arbBalancedTx, { maxLength: 20 }),
        fc.nat(25),
        (opening, txs, upTo) => {
          const built = buildPostingLog(txs)
          if (!built.ok) throw built.error
          const n = Math.min(upTo, txs.length)
          const t = tallyLog(built.value, opening, { transactions: n })
          const o = tally(opening, txs.slice(0, n))
          if (!t.ok || !o.ok) throw new Error('small amounts stay in range')
          expectSameBalances(t.value, o.value)
        },
      ),
      { seed: SEED, numRuns: 200 },
    )
  })

  it('agrees with tally near the edge of the safe range: the same balances or the same refusal', () => {
    const max = Number.MAX_SAFE_INTEGER
    const arbBig = fc.oneof(fc.integer({ min: -max, max }), fc.constantFrom(max, -max, max - 1, 1, -1))
    const accounts = ACCOUNTS.slice(0, 3)
    const arbTx = fc
      .tuple(
        fc.uuid(),
        fc.constantFrom(...accounts),
        fc.constantFrom(...accounts),
        fc.constantFrom(...COMMODITIES),
        arbBig.filter((u) => u !== 0),
      )
      .map(([id, from, to, c, u]): Transaction => transfer(id, from, to, c, u))
    const arbBigOpening = fc.dictionary(
      fc.constantFrom(...accounts),
      fc.dictionary(fc.constantFrom(...COMMODITIES), arbBig),
    )
    fc.assert(
      fc.property(arbBigOpening, fc.array(arbTx, { maxLength: 12 }), (opening, txs) => {
        const built = buildPostingLog(txs)
        if (!built.ok) throw built.error
        const t = tallyLog(built.value, opening)
        const o = tally(opening, txs)
        expect(errorOf(t)).toEqual(errorOf(o))
        if (t.ok && o.ok) expectSameBalances(t.value, o.value)
      }),
      { seed: SEED, numRuns: 500 },
    )
  })
})
