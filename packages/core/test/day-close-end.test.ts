import { describe, expect, it } from 'vitest'
import { CASH, postTransaction } from '../src/custody/custody-module.ts'
import { dayEndChecklist } from '../src/day/day-end.ts'
import { daySealDigest } from '../src/identity/seal.ts'
import { openConflicts } from '../src/journal/journal.ts'
import { BO, beginAll, HO, onDuty, rupees, SO } from './day-setup.ts'
import { createWorld, DATE, type World } from './day-world.ts'

const NEXT = '2026-12-02'

/** A counter with a ₹2,000 advance and ₹1,500 of deposits: expected ₹3,500. */
function counterWithCash(w: World, staff = 'so-pa1', counter = 'C1'): string {
  const trr =
    Object.values(w.state().day.duties).find((d) => d.staff === 'so-trr' && d.status === 'begun')?.id ??
    onDuty(w, 'so-trr', SO, 'treasury', null, 'so-spm')
  const d = onDuty(w, staff, SO, 'counter', counter, 'so-spm')
  const [adv] = w.act(
    staff,
    SO,
    'advance.request',
    { amount: '2000.00', stock: { 'stamp-5': 50 } },
    { duty: d },
  )
  w.act('so-trr', SO, 'advance.issue', { advanceId: adv!.id }, { duty: trr })
  w.act(staff, SO, 'advance.acknowledge', { advanceId: adv!.id }, { duty: d })
  w.act(staff, SO, 'counter.deposit', { amount: '1500.00', reference: 'SB 0042' }, { duty: d })
  return d
}

function submit(w: World, staff: string, d: string, cash: Record<string, number>, stock = { 'stamp-5': 50 }) {
  return w.act(
    staff,
    SO,
    'account.submit',
    { cash, stock, deposits: '1500.00', withdrawals: '0.00' },
    { duty: d },
  )
}

describe('Close Account', () => {
  it('a tallying counter submits, is verified and ends; its cash goes back to the treasury', () => {
    const w = createWorld()
    beginAll(w)
    const d = counterWithCash(w)
    const [ev] = submit(w, 'so-pa1', d, { '500': 7 })
    expect((ev!.payload as { account: { differencePaise: number } }).account.differencePaise).toBe(0)
    expect(w.refused('so-pa1', SO, 'account.verify', { dutyId: d, acceptDifference: false }).code).toBe(
      'role-not-permitted',
    )
    w.act('so-spm', SO, 'account.verify', { dutyId: d, acceptDifference: false })
    w.act('so-pa1', SO, 'shift.end', { dutyId: d })
    const s = w.state()
    expect(s.day.duties[d]?.status).toBe('ended')
    expect(rupees(s, `counter:${d}`)).toBe('0.00')
    expect(rupees(s, `counter:${d}`, 'stamp-5')).toBe('0')
    expect(rupees(s, `treasury:${SO}`)).toBe('111500.00')
  })

  it('a shortage within the PA’s tolerance is accepted by the supervisor and charged to UCP', () => {
    const w = createWorld()
    beginAll(w)
    const d = counterWithCash(w)
    w.act('so-pa1', SO, 'counter.deposit', { amount: '0.50', reference: 'MO comm' }, { duty: d })
    submit(w, 'so-pa1', d, { '500': 7 })
    expect(w.refused('so-spm', SO, 'account.verify', { dutyId: d, acceptDifference: false }).code).toBe(
      'difference-not-accepted',
    )
    w.act('so-spm', SO, 'account.verify', { dutyId: d, acceptDifference: true })
    w.act('so-spm', SO, 'shift.end', { dutyId: d })
    expect(rupees(w.state(), `ucp:${SO}`)).toBe('0.50')
  })

  it('a shortage beyond tolerance needs a witnessed count, goes to UCP, and is made good to UCR', () => {
    const w = createWorld()
    beginAll(w)
    const d = counterWithCash(w)
    submit(w, 'so-pa1', d, { '500': 6, '100': 4 })
    const e = w.refused('so-spm', SO, 'account.verify', { dutyId: d, acceptDifference: true })
    expect(e.code).toBe('difference-needs-witnessed-count')
    expect(e.message).toMatch(/-100.00/)
    expect(
      w.refused('so-spm', SO, 'account.witness-count', { dutyId: d, witnesses: ['so-pa1', 'so-pa2'] }).code,
    ).toBe('witnesses-not-independent')
    w.act('so-spm', SO, 'account.witness-count', { dutyId: d, witnesses: ['so-pa2', 'so-postman'] })
    w.act('so-spm', SO, 'account.verify', { dutyId: d, acceptDifference: true })
    expect(w.refused('so-spm', SO, 'ucp.make-good', { amount: '100.00', reason: 'paid by PA' }).code).toBe(
      'nothing-to-make-good',
    )
    w.act('so-spm', SO, 'shift.end', { dutyId: d })
    let s = w.state()
    expect(rupees(s, `ucp:${SO}`)).toBe('100.00')
    expect(rupees(s, `treasury:${SO}`)).toBe('111400.00')
    w.act('so-spm', SO, 'ucp.make-good', { amount: '100.00', reason: 'made good by PA in cash' })
    s = w.state()
    expect(rupees(s, `ucr:${SO}`)).toBe('-100.00')
    expect(rupees(s, `treasury:${SO}`)).toBe('111500.00')
  })

  it('a stock difference also needs a witnessed count; the counter holder cannot verify their own account', () => {
    const w = createWorld()
    beginAll(w)
    const d = counterWithCash(w)
    submit(w, 'so-pa1', d, { '500': 7 }, { 'stamp-5': 48 })
    expect(w.refused('so-spm', SO, 'account.verify', { dutyId: d, acceptDifference: true }).code).toBe(
      'difference-needs-witnessed-count',
    )
    w.act('so-spm', SO, 'account.witness-count', { dutyId: d, witnesses: ['so-pa2', 'so-pa3'] })
    w.act('so-spm', SO, 'account.verify', { dutyId: d, acceptDifference: true })
    w.act('so-spm', SO, 'shift.end', { dutyId: d })
    expect(rupees(w.state(), `ucp:${SO}`, 'stamp-5')).toBe('2')
  })

  it('only a verified account ends its shift; a supervisor may force-end with a reason', () => {
    const w = createWorld()
    beginAll(w)
    const d = counterWithCash(w)
    expect(w.refused('so-pa1', SO, 'shift.end', { dutyId: d }).code).toBe('account-not-verified')
    expect(w.refused('so-pa1', SO, 'shift.force-end', { dutyId: d, reason: 'gone home' }).code).toBe(
      'role-not-permitted',
    )
    w.act('so-spm', SO, 'shift.force-end', { dutyId: d, reason: 'PA taken ill, counter sealed' })
    const s = w.state()
    expect(s.day.duties[d]).toMatchObject({ status: 'ended', forcedReason: 'PA taken ill, counter sealed' })
    expect(rupees(s, `counter:${d}`)).toBe('0.00')
  })
})

describe('Day End', () => {
  it('is a checklist naming every failing item, and passes once everything is closed', () => {
    const w = createWorld()
    beginAll(w)
    const d = counterWithCash(w)
    const failing = dayEndChecklist(w.state(), SO, DATE).filter((c) => !c.pass)
    expect(failing.map((c) => c.id)).toEqual(['shifts-ended', 'counters-returned'])
    expect(failing[0]?.reason).toMatch(/duty .* is begun/)
    const e = w.refused('so-spm', SO, 'day.end', {})
    expect(e.code).toBe('day-end-checklist-failed')
    expect(e.message).toMatch(/shifts-ended/)
    submit(w, 'so-pa1', d, { '500': 7 })
    w.act('so-spm', SO, 'account.verify', { dutyId: d, acceptDifference: false })
    w.act('so-pa1', SO, 'shift.end', { dutyId: d })
    const trr = Object.values(w.state().day.duties).find((x) => x.staff === 'so-trr')!
    w.act('so-spm', SO, 'shift.force-end', { dutyId: trr.id, reason: 'treasury closed by SPM' })
    expect(dayEndChecklist(w.state(), SO, DATE).every((c) => c.pass)).toBe(true)
    const [ended] = w.act('so-spm', SO, 'day.end', {})
    const s = w.state()
    expect(s.day.days[`${SO}/${DATE}`]?.status).toBe('ended')
    // The seal is the identity module's day seal over the day's events.
    // Every event of the office day (its day room), reference registrations of that date included.
    const dayEvents = w.events.filter((x) => x.office === SO && x.date === DATE && x.id !== ended!.id)
    expect((ended!.payload as { digest: string }).digest).toBe(daySealDigest(dayEvents))
  })

  it('a bag in transit blocks Day End until received or carried over; an open discrepancy blocks too', () => {
    const w = createWorld()
    beginAll(w)
    w.act('bo-bpm', BO, 'cashbag.pack', {
      bagNo: 'BO-R1',
      sealNo: 'S1',
      requestId: null,
      to: SO,
      denominations: { '100': 10 },
      carrier: 'bo-abpm',
    })
    w.act('bo-bpm', BO, 'cashbag.dispatch', { bagNo: 'BO-R1' })
    const items = dayEndChecklist(w.state(), BO, DATE).filter((c) => !c.pass)
    expect(items.map((c) => c.id)).toEqual(['cash-bags-closed'])
    w.act('bo-bpm', BO, 'cashbag.carry-over', { bagNo: 'BO-R1', reason: 'carrier reaches SO tomorrow' })
    w.act('bo-bpm', BO, 'day.end', {})
    w.act('so-spm', SO, 'cashbag.receive', {
      bagNo: 'BO-R1',
      sealNo: 'S1',
      denominations: { '100': 9 },
      confirmation: { method: 'otp', code: '555555' },
    })
    expect(
      dayEndChecklist(w.state(), SO, DATE)
        .filter((c) => !c.pass)
        .map((c) => c.id),
    ).toEqual(['no-open-discrepancy'])
  })

  it('COD left in a postman’s pouch blocks Day End', () => {
    const w = createWorld()
    beginAll(w)
    const s = w.state()
    postTransaction(
      s.custody,
      'cod-test',
      [
        { account: 'outside:addressee', commodity: CASH, amount: '-1250.00' },
        { account: 'cod-pouch:so-postman', commodity: CASH, amount: '1250.00' },
      ],
      { office: SO, date: DATE },
    )
    const failing = dayEndChecklist(s, SO, DATE).filter((c) => !c.pass)
    expect(failing).toEqual([
      {
        id: 'cod-deposited',
        pass: false,
        reason: 'so-postman still holds 1250.00 of COD; deposit it to the treasury',
      },
    ])
  })

  it('a treasury outside its authorised balance needs an explanation', () => {
    const w = createWorld()
    w.act('so-spm', SO, 'day.begin', { cash: { '500': 700 }, stock: {} })
    expect(
      dayEndChecklist(w.state(), SO, DATE)
        .filter((c) => !c.pass)
        .map((c) => c.id),
    ).toEqual(['authorised-balance'])
    w.act('so-spm', SO, 'balance.breach.explain', { reason: 'pension disbursement tomorrow, HoC allowed' })
    w.act('so-spm', SO, 'day.end', {})
  })

  it('locks the day: nothing more is accepted, and the next day may begin', () => {
    const w = createWorld()
    beginAll(w)
    w.act('bo-bpm', BO, 'day.end', {})
    expect(w.refused('bo-bpm', BO, 'duty.request', { kind: 'counter', counter: null }).code).toBe('day-ended')
    expect(w.refused('bo-bpm', BO, 'day.end', {}).code).toBe('day-end-checklist-failed')
    w.act(
      'bo-bpm',
      BO,
      'day.begin',
      { cash: { '500': 10, '100': 20 }, stock: { 'stamp-5': 100 } },
      { date: NEXT },
    )
  })

  it('only the divisional office reverses a Day End, with a reason, and only the latest day', () => {
    const w = createWorld()
    beginAll(w)
    w.act('bo-bpm', BO, 'day.end', {})
    expect(w.refused('bo-bpm', BO, 'day.reverse', { date: DATE, reason: 'wrong count' }).code).toBe(
      'role-not-permitted',
    )
    expect(w.refused('div-admin', BO, 'day.reverse', { date: DATE, reason: '' }).code).toBe('invalid-payload')
    w.act('div-admin', BO, 'day.reverse', { date: DATE, reason: 'BO DA returned by SO for correction' })
    expect(w.state().day.days[`${BO}/${DATE}`]?.status).toBe('begun')
    w.act('bo-bpm', BO, 'day.end', {})
    w.act(
      'bo-bpm',
      BO,
      'day.begin',
      { cash: { '500': 10, '100': 20 }, stock: { 'stamp-5': 100 } },
      { date: NEXT },
    )
    expect(w.refused('div-admin', BO, 'day.reverse', { date: DATE, reason: 'too late now' }).code).toBe(
      'not-latest-day',
    )
    expect(HO).toBe('nandyal-ho')
  })
})

describe('posting after Day End (offline)', () => {
  function boWithCounter() {
    const w = createWorld()
    w.act('bo-bpm', BO, 'day.begin', { cash: { '500': 10 }, stock: {} })
    const d = onDuty(w, 'bo-abpm', BO, 'counter', 'BO-1', 'bo-bpm')
    return { w, d }
  }

  it('a counter posting offline while the postmaster ends the day becomes a late entry for review', () => {
    const { w, d } = boWithCounter()
    const phone = w.goOffline()
    w.act(
      'bo-abpm',
      BO,
      'counter.deposit',
      { amount: '250.00', reference: 'RD 77' },
      { duty: d, offline: phone },
    )
    w.act('bo-bpm', BO, 'shift.force-end', { dutyId: d, reason: 'ABPM out on beat, no signal' })
    const [ended] = w.act('bo-bpm', BO, 'day.end', {})
    w.sync(phone)
    let s = w.state()
    const late = Object.values(s.day.lateEntries)
    expect(late.map((l) => l.type)).toEqual(['counter.transacted'])
    expect(s.day.days[`${BO}/${DATE}`]).toMatchObject({ status: 'ended' })
    expect(s.day.days[`${BO}/${DATE}`]?.ended?.event).toBe(ended!.id)
    // The money is real: it is on the counter, visible, not lost and not counted twice.
    expect(rupees(s, `counter:${d}`)).toBe('250.00')
    const [c] = openConflicts(s)
    expect(c).toMatchObject({ kind: 'posted-after-day-end', resolutions: ['accept-late', 'reverse'] })
    w.act('bo-bpm', BO, 'day.begin', { cash: { '500': 10 }, stock: {} }, { date: NEXT })
    const next = dayEndChecklist(w.state(), BO, NEXT).filter((x) => !x.pass)
    expect(next.map((x) => x.id)).toEqual(['no-open-conflict', 'late-entries-reviewed'])
    w.act(
      'div-admin',
      BO,
      'conflict.resolve',
      { conflictId: c!.id, resolution: 'accept-late', reason: 'RD deposit genuine' },
      { date: NEXT },
    )
    s = w.state()
    expect(rupees(s, `counter:${d}`)).toBe('0.00')
    expect(rupees(s, `treasury:${BO}`)).toBe('5250.00')
    expect(dayEndChecklist(s, BO, NEXT).every((x) => x.pass)).toBe(true)
  })

  it('an event stamped after the Day End is a late entry too, and can be reversed', () => {
    const { w, d } = boWithCounter()
    const phone = w.goOffline()
    w.act('bo-bpm', BO, 'shift.force-end', { dutyId: d, reason: 'closing' })
    w.act('bo-bpm', BO, 'day.end', {})
    w.act(
      'bo-abpm',
      BO,
      'counter.deposit',
      { amount: '99.00', reference: 'SB 9' },
      { duty: d, offline: phone },
    )
    w.sync(phone)
    let s = w.state()
    const [c] = openConflicts(s)
    expect(c?.kind).toBe('posted-after-day-end')
    expect(rupees(s, `savings:${BO}`)).toBe('-99.00')
    w.act('div-admin', BO, 'conflict.resolve', {
      conflictId: c!.id,
      resolution: 'reverse',
      reason: 'entered twice by mistake',
    })
    s = w.state()
    expect(rupees(s, `savings:${BO}`)).toBe('0.00')
    expect(rupees(s, `counter:${d}`)).toBe('0.00')
    expect(Object.values(s.day.lateEntries)[0]?.reviewed).toBe(true)
  })
})
