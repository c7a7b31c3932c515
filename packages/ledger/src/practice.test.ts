/**
 * Examples from post-office practice (spec domain.md §b1, §b3, §b6), written the way @dak/core uses the
 * ledger: one balances object per office day, one transaction per journal event.
 */
import { describe, expect, it } from 'vitest'
import {
  counterAccount,
  revenueAccount,
  transitAccount,
  treasuryAccount,
  ucpAccount,
  ucrAccount,
} from './accounts.ts'
import { applyTransaction } from './apply.ts'
import { type Balances, balancesByAccount, cashBalance, createBalances } from './balances.ts'
import { countTotal } from './denominations.ts'
import { formatMoney, money } from './money.ts'
import { cashPosting, type Transaction, transfer } from './postings.ts'
import {
  checkOpeningMatchesClose,
  compareWithCount,
  madeGood,
  officeRollup,
  settleDifference,
  tally,
} from './tally.ts'

function apply(b: Balances, tx: Transaction): void {
  const r = applyTransaction(b, tx)
  if (!r.ok) throw r.error
}

describe('practice', () => {
  it('Day Begin whose declared opening differs from the last close', () => {
    const closeYesterday = {
      [treasuryAccount('SO-1')]: { cash: money('48250'), 'stamp-5': 400 },
    }
    // The postmaster counts the treasury at Day Begin: ₹200 in notes fewer than yesterday's close.
    const counted = countTotal({ 'note-500': 90, 'note-100': 30, 'note-50': 1 })
    expect(counted).toEqual({ ok: true, value: money('48050') })
    const declared = { [treasuryAccount('SO-1')]: { cash: money('48050'), 'stamp-5': 400 } }

    const check = checkOpeningMatchesClose(closeYesterday, declared)
    expect(check.matches).toBe(false)
    expect(check.differences).toEqual([
      {
        account: 'treasury:SO-1',
        commodity: 'cash',
        expected: 4825000,
        counted: 4805000,
        difference: -20000,
        kind: 'short',
        value: -20000,
      },
    ])

    // The day opens on yesterday's close; the difference is its own transaction (to UCP), never absorbed.
    const day = createBalances(closeYesterday)
    apply(day, settleDifference(check.differences[0]!, 'SO-1', 'day-begin-diff'))
    expect(compareWithCount(day, declared).matches).toBe(true)
    expect(cashBalance(day, ucpAccount('SO-1'))).toBe(money('200'))
  })

  it('shortage at Close Account moved to UCP, then made good through UCR', () => {
    const shift = counterAccount('SHIFT-PA-7')
    const day = createBalances({ [treasuryAccount('SO-1')]: { cash: money('30000') } })
    apply(day, transfer('advance', treasuryAccount('SO-1'), shift, 'cash', money('5000')))
    apply(day, {
      id: 'booking-1',
      postings: [
        cashPosting(shift, money('1475.50')),
        cashPosting(revenueAccount('postage'), money('-1475.50')),
      ],
    })

    // Close Account: the PA counts ₹6,375.50; the books expect ₹6,475.50.
    const count = { [shift]: { cash: money('6375.50') } }
    const close = compareWithCount(day, count)
    expect(close.differences).toHaveLength(1)
    const shortage = close.differences[0]!
    expect(shortage).toMatchObject({ kind: 'short', difference: -10000 })

    apply(day, settleDifference(shortage, 'SO-1', 'ucp-1', 'shortage at close, witnessed inventory'))
    expect(compareWithCount(day, count).matches).toBe(true)
    expect(formatMoney(cashBalance(day, ucpAccount('SO-1')))).toBe('₹100.00')

    // Next day the PA makes it good into the treasury: credited to UCR (PM Vol V r.217).
    apply(day, madeGood('SO-1', treasuryAccount('SO-1'), money('100'), 'ucr-1'))
    expect(cashBalance(day, ucrAccount('SO-1'))).toBe(money('-100'))
    expect(cashBalance(day, treasuryAccount('SO-1'))).toBe(money('25100'))
    // UCP and UCR together net to zero once the shortage is recovered.
    expect(cashBalance(day, ucpAccount('SO-1')) + cashBalance(day, ucrAccount('SO-1'))).toBe(0)
  })

  it('cash remittance out of the treasury, in transit, then received: always in somebody’s custody', () => {
    const ho = treasuryAccount('HO-1')
    const so = treasuryAccount('SO-1')
    const bag = transitAccount('CASHBAG-2026-11-30-01')
    const opening = { [ho]: { cash: money('500000') }, [so]: { cash: money('8000') } }
    const custodyTotal = (b: Balances) => officeRollup(b, ['treasury', 'transit']).cash

    const b = createBalances(opening)
    apply(b, transfer('dispatch', ho, bag, 'cash', money('40000'), 'remittance HO → SO, sealed bag'))
    expect(balancesByAccount(b)[bag]).toEqual({ cash: money('40000') })
    expect(custodyTotal(b)).toBe(money('508000'))

    // Received short? No: the SO counts the bag by denomination and it matches.
    const inBag = countTotal({ 'note-500': 60, 'note-200': 50 })
    expect(inBag).toEqual({ ok: true, value: money('40000') })
    expect(compareWithCount(b, { [bag]: { cash: money('40000') } }).matches).toBe(true)

    apply(b, transfer('receive', bag, so, 'cash', money('40000'), 'received with OTP'))
    expect(cashBalance(b, bag)).toBe(0)
    expect(cashBalance(b, so)).toBe(money('48000'))
    expect(custodyTotal(b)).toBe(money('508000'))

    // The same day replayed in any order of arrival tallies the same.
    const txs = [
      transfer('dispatch', ho, bag, 'cash', money('40000')),
      transfer('receive', bag, so, 'cash', money('40000')),
    ]
    const forward = tally(opening, txs)
    const backward = tally(opening, [...txs].reverse())
    expect(forward.ok && backward.ok && balancesByAccount(forward.value)).toEqual(
      backward.ok && balancesByAccount(backward.value),
    )
  })
})

describe('README example', () => {
  it('runs as written', async () => {
    const {
      absMoney,
      cashPosting: cp,
      compareWithCount: cmp,
      formatMoney: fmt,
      settleDifference: settle,
      ZERO,
    } = await import('./index.ts')
    const day = createBalances({ 'treasury:SO-1': { cash: money('30000') } })
    applyTransaction(day, transfer('adv-1', 'treasury:SO-1', 'counter:SHIFT-7', 'cash', money('5000')))
    applyTransaction(day, {
      id: 'bk-1',
      postings: [cp('counter:SHIFT-7', money('1475.50')), cp('revenue:postage', money('-1475.50'))],
    })
    const counted = countTotal({ 'note-500': 12, 'note-100': 3, 'coin-5': 15 })
    if (!counted.ok) throw counted.error
    const check = cmp(day, { 'counter:SHIFT-7': { cash: counted.value } })
    const lines: string[] = []
    for (const d of check.differences) {
      lines.push(`${d.kind} ${fmt(absMoney(d.value ?? ZERO))}`)
      expect(applyTransaction(day, settle(d, 'SO-1', `ucp-${d.account}`)).ok).toBe(true)
    }
    expect(lines).toEqual(['short ₹100.50'])
    expect(cmp(day, { 'counter:SHIFT-7': { cash: counted.value } }).matches).toBe(true)
  })
})
