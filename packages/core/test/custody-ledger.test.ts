/**
 * The custody slice over `@dak/ledger`: posting parses, validates and applies with the ledger; refusals are
 * kept with the ledger's reason and change nothing; the plain balance view follows the ledger; checkpoint
 * copies are independent; a real day posts nothing the ledger refuses. Also the Day End seal computed lazily.
 */
import { balancesByAccount, isCustodyAccount, parseAccountId } from '@dak/ledger'
import { describe, expect, it } from 'vitest'
import {
  balanceOf,
  CASH,
  type CustodyState,
  checkPostings,
  cloneCustodyState,
  createCustodyState,
  type PostingData,
  postTransaction,
  reverseTransaction,
  stockOf,
} from '../src/custody/custody-module.ts'
import { dayEventHash, daySeal } from '../src/day/day-digest.ts'
import { cloneDayState } from '../src/day/day-module.ts'
import { accounts, dayKey } from '../src/day/day-state.ts'
import { daySealDigest } from '../src/identity/seal.ts'
import { BO, beginAll, onDuty, SO } from './day-setup.ts'
import { createWorld, DATE } from './day-world.ts'

const META = { office: 'SO-1', date: '2026-12-01' }
const cash = (account: string, amount: string): PostingData => ({ account, commodity: CASH, amount })
const stock = (account: string, item: string, n: number): PostingData => ({
  account,
  commodity: item,
  amount: String(n),
})

/** The plain view holds exactly what the ledger holds (zeros aside). */
function viewMatchesLedger(c: CustodyState): void {
  const view: Record<string, Record<string, number>> = {}
  for (const [account, lines] of Object.entries(c.balances)) {
    const nonZero = Object.fromEntries(Object.entries(lines).filter(([, n]) => n !== 0))
    if (Object.keys(nonZero).length > 0) view[account] = nonZero
  }
  expect(view).toEqual(balancesByAccount(c.ledger))
}

describe('custody posting through @dak/ledger', () => {
  it('applies a balanced transaction to the ledger and the view, and stores it in canonical form', () => {
    const c = createCustodyState()
    const out = postTransaction(
      c,
      'tx-1',
      [
        cash('treasury:SO-1', '-500'),
        cash('counter:D1', '500.00'),
        stock('treasury:SO-1', 'stamp-5', -20),
        stock('counter:D1', 'stamp-5', 20),
      ],
      META,
    )
    expect(out).toEqual({ posted: true })
    expect(balanceOf(c, 'counter:D1')).toBe(50_000)
    expect(balanceOf(c, 'treasury:SO-1')).toBe(-50_000)
    expect(stockOf(c, 'counter:D1')).toEqual({ 'stamp-5': 20 })
    expect(c.balances['counter:D1']).toEqual({ [CASH]: 50_000, 'stamp-5': 20 })
    expect(c.posted['tx-1']?.postings[0]).toEqual(cash('treasury:SO-1', '-500.00'))
    expect(c.order).toEqual(['tx-1'])
    viewMatchesLedger(c)
  })

  it('accepts INR as another name for cash', () => {
    const c = createCustodyState()
    postTransaction(
      c,
      'tx-inr',
      [
        { account: 'treasury:SO-1', commodity: 'INR', amount: '-12.50' },
        { account: 'ucp:SO-1', commodity: 'INR', amount: '12.50' },
      ],
      META,
    )
    expect(balanceOf(c, 'ucp:SO-1', CASH)).toBe(1250)
    expect(c.balances['ucp:SO-1']).toEqual({ [CASH]: 1250 })
  })

  it('is idempotent per transaction id', () => {
    const c = createCustodyState()
    const tx = [cash('treasury:SO-1', '-1.00'), cash('counter:D1', '1.00')]
    postTransaction(c, 'tx-1', tx, META)
    expect(postTransaction(c, 'tx-1', tx, META)).toEqual({
      posted: false,
      reason: 'transaction tx-1 is already posted',
    })
    expect(balanceOf(c, 'counter:D1')).toBe(100)
  })

  it('keeps what the ledger refuses in `rejected`, with its reason, and changes nothing', () => {
    const c = createCustodyState()
    postTransaction(c, 'ok', [cash('treasury:SO-1', '-1.00'), cash('counter:D1', '1.00')], META)
    const before = structuredClone({ balances: c.balances, sheet: balancesByAccount(c.ledger) })
    const refusals: [string, PostingData[], RegExp][] = [
      ['unbalanced', [cash('treasury:SO-1', '-1.00'), cash('counter:D1', '2.00')], /does not balance/],
      ['bad-amount', [cash('treasury:SO-1', '-1.001'), cash('counter:D1', '1.001')], /1\.001/],
      ['unknown-kind', [cash('treasury:SO-1', '-1.00'), cash('drawer:D1', '1.00')], /unknown kind "drawer"/],
      ['bad-pieces', [stock('treasury:SO-1', 'stamp-5', -1), stock('counter:D1', 'stamp-5', 1.5)], /pieces/],
    ]
    for (const [id, postings, why] of refusals) {
      const out = postTransaction(c, id, postings, META)
      expect(out.posted).toBe(false)
      expect(c.rejected[id]).toMatch(why)
      expect(checkPostings(postings)).toMatch(why)
    }
    expect({ balances: c.balances, sheet: balancesByAccount(c.ledger) }).toEqual(before)
    expect(c.order).toEqual(['ok'])
  })

  it('posts nothing and rejects nothing for a transaction that moves nothing', () => {
    const c = createCustodyState()
    const zero = [cash('treasury:SO-1', '0.00'), cash('counter:D1', '0.00')]
    expect(postTransaction(c, 'zero', zero, META)).toEqual({ posted: false, reason: 'no postings' })
    expect(postTransaction(c, 'empty', [], META)).toEqual({ posted: false, reason: 'no postings' })
    expect(c.rejected).toEqual({})
    expect(c.order).toEqual([])
  })

  it('reverses a posted transaction exactly, once', () => {
    const c = createCustodyState()
    postTransaction(
      c,
      'tx-1',
      [
        cash('treasury:SO-1', '-99.99'),
        cash('transit:BAG-1', '99.99'),
        stock('treasury:SO-1', 'ipo-10', -3),
        stock('transit:BAG-1', 'ipo-10', 3),
      ],
      META,
    )
    expect(reverseTransaction(c, 'tx-1', 'rev-1', META)).toEqual({ posted: true })
    expect(c.posted['rev-1']?.reverses).toBe('tx-1')
    expect(balanceOf(c, 'transit:BAG-1')).toBe(0)
    expect(stockOf(c, 'transit:BAG-1')).toEqual({})
    expect(balancesByAccount(c.ledger)).toEqual({})
    expect(reverseTransaction(c, 'tx-1', 'rev-1', META).posted).toBe(false)
    expect(reverseTransaction(c, 'never', 'rev-2', META).posted).toBe(false)
  })

  it('checkpoint copies (its own clone and structuredClone) are independent and keep posting alike', () => {
    const c = createCustodyState()
    postTransaction(c, 'tx-1', [cash('treasury:SO-1', '-5.00'), cash('counter:D1', '5.00')], META)
    for (const copy of [cloneCustodyState(c), structuredClone(c)]) {
      postTransaction(copy, 'tx-2', [cash('counter:D1', '-2.00'), cash('ucp:SO-1', '2.00')], META)
      postTransaction(
        copy,
        'tx-3',
        [stock('treasury:SO-1', 'stamp-5', -4), stock('counter:D1', 'stamp-5', 4)],
        META,
      )
      expect(balanceOf(copy, 'counter:D1')).toBe(300)
      expect(stockOf(copy, 'counter:D1')).toEqual({ 'stamp-5': 4 })
      viewMatchesLedger(copy)
      expect(balanceOf(c, 'counter:D1')).toBe(500)
      expect(stockOf(c, 'counter:D1')).toEqual({})
      expect(c.order).toEqual(['tx-1'])
      viewMatchesLedger(c)
    }
  })
})

describe('the day over the custody ledger', () => {
  it('a day of Day Begin, duties and advances posts nothing the ledger refuses, on its account kinds', () => {
    const w = createWorld()
    beginAll(w)
    const trr = onDuty(w, 'so-trr', SO, 'treasury', null, 'so-spm')
    const c1 = onDuty(w, 'so-pa1', SO, 'counter', 'C1', 'so-spm')
    const [req] = w.act(
      'so-pa1',
      SO,
      'advance.request',
      { amount: '1000.00', stock: { 'stamp-5': 10 } },
      { duty: c1 },
    )
    w.act('so-trr', SO, 'advance.issue', { advanceId: req!.id }, { duty: trr })
    w.act('so-pa1', SO, 'advance.acknowledge', { advanceId: req!.id }, { duty: c1 })
    const { custody } = w.state()
    expect(custody.order.length).toBeGreaterThan(3)
    expect(custody.rejected).toEqual({})
    for (const account of Object.keys(custody.balances)) expect(parseAccountId(account).ok).toBe(true)
    expect(balanceOf(custody, `counter:${c1}`)).toBe(100_000)
    expect(isCustodyAccount(`counter:${c1}`)).toBe(true)
    viewMatchesLedger(custody)
  })

  it('every account the day posts to is one of @dak/ledger’s kinds (no kinds of its own)', () => {
    const kinds = Object.fromEntries(
      Object.entries(accounts).map(([name, build]) => {
        const parsed = parseAccountId(build('panem-so'))
        return [name, parsed.ok ? parsed.value.kind : parsed.error.code]
      }),
    )
    expect(kinds).toEqual({
      treasury: 'treasury',
      counter: 'counter',
      transit: 'transit',
      advanceInHand: 'transit',
      ucp: 'ucp',
      ucr: 'ucr',
      opening: 'opening',
      openingDifference: 'opening',
      deposits: 'savings',
    })
  })

  it('refuses a cash bag number that cannot name its custody account in transit', () => {
    const w = createWorld()
    beginAll(w)
    const payload = {
      sealNo: 'S1',
      requestId: null,
      to: SO,
      denominations: { '500': 2 },
      carrier: 'so-postman',
    }
    const error = w.refused('bo-bpm', BO, 'cashbag.pack', { ...payload, bagNo: 'CB~1' })
    expect(error.code).toBe('invalid-bag-number')
    expect(error.message).toMatch(/CB~1/)
    expect(w.state().custody.rejected).toEqual({})
  })

  it('records the day’s events without hashing them; the seal is computed on demand and equals daySealDigest', () => {
    const w = createWorld()
    beginAll(w)
    onDuty(w, 'so-pa1', SO, 'counter', 'C1', 'so-spm')
    const day = w.state().day
    const record = day.records[dayKey(SO, DATE)]!
    const dayEvents = w.events.filter((e) => e.office === SO && e.date === DATE)
    expect(record.events.map((e) => e.id)).toEqual(record.eventIds)
    expect(daySeal(record.events)).toBe(daySealDigest(dayEvents))
    // Checkpoint copies share the (immutable) events, so memoised hashes survive a re-fold.
    const copy = cloneDayState(day)
    expect(copy.records[dayKey(SO, DATE)]!.events[0]).toBe(record.events[0])
    copy.records[dayKey(SO, DATE)]!.eventIds.push('x')
    expect(record.eventIds).not.toContain('x')
    const first = record.events[0]!
    expect(dayEventHash(first)).toBe(dayEventHash(structuredClone(first)))
  })
})
