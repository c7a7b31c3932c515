/**
 * A whole realistic day of Panem S.O (Nandyal Division): three counters, a treasury and a postman; Pinnapuram
 * BO in account with it; pension-day cash from Nandyal H.O and the surplus remitted back. Every step goes
 * through the real journal (`decide` + `fold`); the figures are worked out by hand in the comments.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cashBagQr } from '../src/day/cash-movement.ts'
import { dayEndChecklist } from '../src/day/day-end.ts'
import type { CashBag } from '../src/day/day-state.ts'
import { daySealDigest } from '../src/identity/seal.ts'
import { fold, openConflicts, parseEvent } from '../src/journal/journal.ts'
import { BO, beginAll, custodyCash, HO, ledgerSums, onDuty, rupees, SO } from './day-setup.ts'
import { createWorld, DATE, type World } from './day-world.ts'

const SEED = Number(process.env.FC_SEED ?? 7101)

const qr = (w: World, bagNo: string) => cashBagQr(w.state().day.bags[bagNo] as CashBag)

function advance(
  w: World,
  staff: string,
  office: string,
  duty: string,
  issuer: string,
  issuerDuty: string | null,
  amount: string,
  stock = {},
) {
  const [req] = w.act(staff, office, 'advance.request', { amount, stock }, { duty })
  w.act(issuer, office, 'advance.issue', { advanceId: req!.id }, { duty: issuerDuty })
  w.act(staff, office, 'advance.acknowledge', { advanceId: req!.id }, { duty })
}

function playDay(): World {
  const w = createWorld()
  // 08:00 Day Begin in the HO (₹5,00,000), the SO (₹1,10,000) and the BO (₹7,000).
  beginAll(w)

  // 08:15 Duties: the SPM allots the treasury, three counters and a delivery beat.
  const trr = onDuty(w, 'so-trr', SO, 'treasury', null, 'so-spm')
  const c1 = onDuty(w, 'so-pa1', SO, 'counter', 'C1', 'so-spm')
  const c2 = onDuty(w, 'so-pa2', SO, 'counter', 'C2', 'so-spm')
  const c3 = onDuty(w, 'so-pa3', SO, 'counter', 'C3', 'so-spm')
  const beat = onDuty(w, 'so-postman', SO, 'delivery', null, 'so-spm')

  // 08:30 Advances from the treasury: ₹10,000 + 100 ₹5 stamps, ₹10,000, ₹5,000 → treasury ₹85,000.
  advance(w, 'so-pa1', SO, c1, 'so-trr', trr, '10000.00', { 'stamp-5': 100 })
  advance(w, 'so-pa2', SO, c2, 'so-trr', trr, '10000.00')
  advance(w, 'so-pa3', SO, c3, 'so-trr', trr, '5000.00')

  // 09:00 Pension day: the SO asks its HO for ₹1,50,000.
  const [req] = w.act('so-spm', SO, 'cash.request', {
    amount: '150000.00',
    denominations: { '500': 300 },
    remark: 'pension payments',
  })
  w.act('ho-spm', HO, 'cash.approve', { requestId: req!.id, amount: '150000.00' })
  w.act('ho-spm', HO, 'cashbag.pack', {
    bagNo: 'NDL-CB-0412',
    sealNo: 'HO-SEAL-88121',
    requestId: req!.id,
    to: SO,
    denominations: { '500': 300 },
    carrier: 'so-postman',
  })
  w.act('ho-spm', HO, 'cashbag.dispatch', { bagNo: 'NDL-CB-0412' })

  // Counter business: C1 +12,000 +3,500 −4,000 = ₹21,500; C2 +8,000 −15,000 = ₹3,000; C3 +2,300 −1,000 = ₹6,300.
  w.act('so-pa1', SO, 'counter.deposit', { amount: '12000.00', reference: 'SB 4410023' }, { duty: c1 })
  w.act('so-pa1', SO, 'counter.deposit', { amount: '3500.00', reference: 'RD 2201987' }, { duty: c1 })
  w.act('so-pa1', SO, 'counter.withdraw', { amount: '4000.00', reference: 'SB 4410871' }, { duty: c1 })
  w.act('so-pa2', SO, 'counter.deposit', { amount: '8000.00', reference: 'TD 310045' }, { duty: c2 })
  w.act('so-pa2', SO, 'counter.withdraw', { amount: '15000.00', reference: 'pension MIS' }, { duty: c2 })
  w.act('so-pa3', SO, 'counter.deposit', { amount: '2300.00', reference: 'SSA 98812' }, { duty: c3 })
  w.act('so-pa3', SO, 'counter.withdraw', { amount: '1000.00', reference: 'SB 4410090' }, { duty: c3 })

  // 11:00 The cash bag reaches the SO; the treasurer scans its QR → treasury ₹2,35,000.
  w.act(
    'so-trr',
    SO,
    'cashbag.receive',
    {
      bagNo: 'NDL-CB-0412',
      sealNo: 'HO-SEAL-88121',
      denominations: { '500': 300 },
      confirmation: { method: 'qr', code: qr(w, 'NDL-CB-0412') },
    },
    { duty: trr },
  )

  // 11:30 C2 needs more for pensions: ₹40,000 more, ₹38,000 paid out → C2 ₹5,000; treasury ₹1,95,000.
  advance(w, 'so-pa2', SO, c2, 'so-trr', trr, '40000.00')
  w.act('so-pa2', SO, 'counter.withdraw', { amount: '38000.00', reference: 'pensions ×19' }, { duty: c2 })

  // 12:00 The BO asks its account office (the SO) for ₹5,000; the SO sends it with the BO's carrier → SO ₹1,90,000.
  const [boReq] = w.act('bo-bpm', BO, 'cash.request', {
    amount: '5000.00',
    denominations: { '500': 10 },
    remark: 'MGNREGS wages',
  })
  w.act('so-spm', SO, 'cash.approve', { requestId: boReq!.id, amount: '5000.00' })
  w.act(
    'so-trr',
    SO,
    'cashbag.pack',
    {
      bagNo: 'PNM-CB-0077',
      sealNo: 'SO-SEAL-301',
      requestId: boReq!.id,
      to: BO,
      denominations: { '500': 10 },
      carrier: 'bo-abpm',
    },
    { duty: trr },
  )
  w.act('so-trr', SO, 'cashbag.dispatch', { bagNo: 'PNM-CB-0077' }, { duty: trr })
  // The BPM confirms with the one-time code the SO gave the carrier → BO treasury ₹12,000.
  w.act('bo-bpm', BO, 'cashbag.receive', {
    bagNo: 'PNM-CB-0077',
    sealNo: 'SO-SEAL-301',
    denominations: { '500': 10 },
    confirmation: { method: 'otp', code: '731904' },
  })

  // The BO's day: the ABPM keeps its counter: advance ₹2,000, +1,200 −700 → ₹2,500; closes; BO ends at ₹12,500.
  const bc = onDuty(w, 'bo-abpm', BO, 'counter', 'BO', 'bo-bpm')
  advance(w, 'bo-abpm', BO, bc, 'bo-bpm', null, '2000.00')
  w.act('bo-abpm', BO, 'counter.deposit', { amount: '1200.00', reference: 'SB 5520011' }, { duty: bc })
  w.act('bo-abpm', BO, 'counter.withdraw', { amount: '700.00', reference: 'MGNREGS wage' }, { duty: bc })
  w.act(
    'bo-abpm',
    BO,
    'account.submit',
    { cash: { '500': 5 }, stock: {}, deposits: '1200.00', withdrawals: '700.00' },
    { duty: bc },
  )
  w.act('bo-bpm', BO, 'account.verify', { dutyId: bc, acceptDifference: false })
  w.act('bo-abpm', BO, 'shift.end', { dutyId: bc })
  w.act('bo-bpm', BO, 'day.end', {})

  // 17:00 Close Account at the SO.
  // C1 tallies: ₹21,500 and the 100 stamps.
  w.act(
    'so-pa1',
    SO,
    'account.submit',
    { cash: { '500': 43 }, stock: { 'stamp-5': 100 }, deposits: '15500.00', withdrawals: '4000.00' },
    { duty: c1 },
  )
  w.act('so-spm', SO, 'account.verify', { dutyId: c1, acceptDifference: false })
  w.act('so-pa1', SO, 'shift.end', { dutyId: c1 })
  // C2 is ₹10 short (beyond the PA's ₹1 tolerance): counted again before two witnesses, charged to UCP.
  w.act(
    'so-pa2',
    SO,
    'account.submit',
    {
      cash: { '500': 9, '100': 4, '50': 1, '20': 2 },
      stock: {},
      deposits: '8000.00',
      withdrawals: '53000.00',
    },
    { duty: c2 },
  )
  w.act('so-spm', SO, 'account.witness-count', { dutyId: c2, witnesses: ['so-pa1', 'so-pa3'] })
  w.act('so-spm', SO, 'account.verify', { dutyId: c2, acceptDifference: true })
  w.act('so-spm', SO, 'shift.end', { dutyId: c2 })
  // C3 is ₹1 short: within tolerance, the SPM accepts it.
  w.act(
    'so-pa3',
    SO,
    'account.submit',
    {
      cash: { '500': 12, '200': 1, '50': 1, '20': 2, '5': 1, '2': 2 },
      stock: {},
      deposits: '2300.00',
      withdrawals: '1000.00',
    },
    { duty: c3 },
  )
  w.act('so-spm', SO, 'account.verify', { dutyId: c3, acceptDifference: true })
  w.act('so-pa3', SO, 'shift.end', { dutyId: c3 })
  // Treasury ₹1,90,000 + 21,500 + 4,990 + 6,299 = ₹2,22,789. Surplus ₹1,00,000 goes back up to the HO.
  w.act(
    'so-trr',
    SO,
    'cashbag.pack',
    {
      bagNo: 'PNM-CB-0078',
      sealNo: 'SO-SEAL-302',
      requestId: null,
      to: HO,
      denominations: { '500': 200 },
      carrier: 'so-postman',
    },
    { duty: trr },
  )
  w.act('so-trr', SO, 'cashbag.dispatch', { bagNo: 'PNM-CB-0078' }, { duty: trr })
  w.act('ho-spm', HO, 'cashbag.receive', {
    bagNo: 'PNM-CB-0078',
    sealNo: 'SO-SEAL-302',
    denominations: { '500': 200 },
    confirmation: { method: 'qr', code: qr(w, 'PNM-CB-0078') },
  })
  // The postman and the treasurer close their (cashless) shifts.
  for (const [staff, duty] of [
    ['so-postman', beat],
    ['so-trr', trr],
  ] as const) {
    w.act(
      staff,
      SO,
      'account.submit',
      { cash: {}, stock: {}, deposits: '0.00', withdrawals: '0.00' },
      { duty },
    )
    w.act('so-spm', SO, 'account.verify', { dutyId: duty, acceptDifference: false })
    w.act('so-spm', SO, 'shift.end', { dutyId: duty })
  }
  return w
}

describe('a whole day of Panem S.O', () => {
  const w = playDay()

  it('tallies: every treasury holds what the hand-worked figures say', () => {
    const s = w.state()
    expect(rupees(s, `treasury:${SO}`)).toBe('122789.00')
    expect(rupees(s, `treasury:${BO}`)).toBe('12500.00')
    expect(rupees(s, `treasury:${HO}`)).toBe('450000.00')
    expect(rupees(s, `ucp:${SO}`)).toBe('11.00')
    expect(rupees(s, `treasury:${SO}`, 'stamp-5')).toBe('500')
    for (const b of Object.values(s.day.bags)) expect(rupees(s, `transit:${b.bagNo}`)).toBe('0.00')
  })

  it('conserves custody: openings + deposits − withdrawals − shortages, and the ledger balances', () => {
    const s = w.state()
    // 6,17,000 opening + 27,000 deposits − 58,700 withdrawals − ₹11 to UCP.
    expect(custodyCash(s)).toBe(58528900)
    for (const sum of Object.values(ledgerSums(s))) expect(sum).toBe(0)
    expect(openConflicts(s)).toEqual([])
  })

  it('the SO’s Day End checklist passes, the day is sealed with its digest, and the HO can end too', () => {
    expect(dayEndChecklist(w.state(), SO, DATE).filter((c) => !c.pass)).toEqual([])
    const [ended] = w.act('so-spm', SO, 'day.end', {})
    // Every event of the office day (its day room), reference registrations of that date included.
    const dayEvents = w.events.filter((e) => e.office === SO && e.date === DATE && e.id !== ended!.id)
    expect((ended!.payload as { digest: string }).digest).toBe(daySealDigest(dayEvents))
    expect((ended!.payload as { closingCash: string }).closingCash).toBe('122789.00')
    w.act('ho-pm', HO, 'day.end', {})
    const s = w.state()
    for (const office of [HO, SO, BO]) expect(s.day.days[`${office}/${DATE}`]?.status).toBe('ended')
  })

  it('every event of the day passes the journal’s envelope and payload schemas (as the server checks)', () => {
    const refused = w.events.map((e) => ({ id: e.id, type: e.type, r: parseEvent(e) })).filter((x) => !x.r.ok)
    expect(refused).toEqual([])
    // Money as a number instead of a string is refused before it reaches the fold.
    const packed = w.events.find((e) => e.type === 'cashbag.packed')!
    expect(parseEvent({ ...packed, payload: { ...(packed.payload as object), amount: 150000 } }).ok).toBe(
      false,
    )
  })

  it('any arrival order of the day’s events folds to the same state', () => {
    const all = [...w.events]
    const expected = fold(all)
    fc.assert(
      fc.property(fc.shuffledSubarray(all, { minLength: all.length }), (shuffled) => {
        expect(fold(shuffled)).toEqual(expected)
      }),
      { seed: SEED, numRuns: 5 },
    )
  })
})
