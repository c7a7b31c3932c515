import { describe, expect, it } from 'vitest'
import { openConflicts } from '../src/journal/journal.ts'
import { BO, beginAll, OPENING, onDuty, rupees, SO } from './day-setup.ts'
import { createWorld, DATE } from './day-world.ts'

const NEXT = '2026-12-02'

describe('Day Begin', () => {
  it('posts the first day’s opening cash and stock into the treasury', () => {
    const w = createWorld()
    beginAll(w)
    const s = w.state()
    expect(s.day.days[`${SO}/${DATE}`]?.status).toBe('begun')
    expect(rupees(s, `treasury:${SO}`)).toBe('110000.00')
    expect(rupees(s, `treasury:${SO}`, 'stamp-10')).toBe('300')
    expect(rupees(s, `opening:${SO}`)).toBe('-110000.00')
  })

  it('refuses a postal assistant, naming the rule', () => {
    const w = createWorld()
    const e = w.refused('so-pa1', SO, 'day.begin', { cash: OPENING[SO], stock: {} })
    expect(e.code).toBe('role-not-permitted')
    expect(e.rule).toMatch(/postmaster, sub-postmaster or treasurer/)
  })

  it('refuses a second Day Begin and a new day before the previous one ended', () => {
    const w = createWorld()
    beginAll(w)
    expect(w.refused('so-spm', SO, 'day.begin', { cash: OPENING[SO], stock: {} }).code).toBe(
      'day-already-begun',
    )
    onDuty(w, 'so-pa1', SO, 'counter', 'C1', 'so-spm')
    const e = w.refused('so-spm', SO, 'day.begin', { cash: OPENING[SO], stock: {} }, { date: NEXT })
    expect(e.code).toBe('previous-day-not-ended')
    // The refusal says what still blocks the previous Day End.
    expect(e.message).toMatch(/duty .* of so-pa1 is begun/)
  })

  it('refuses a malformed opening count with the field at fault', () => {
    const w = createWorld()
    const e = w.refused('so-spm', SO, 'day.begin', { cash: { '3': 1 }, stock: {} })
    expect(e.code).toBe('invalid-payload')
    expect(e.message).toMatch(/denomination/)
  })

  it('nothing can be done in an office whose day has not begun', () => {
    const w = createWorld()
    expect(w.refused('so-pa1', SO, 'duty.request', { kind: 'counter', counter: 'C1' }).code).toBe(
      'day-not-begun',
    )
    expect(
      w.refused('so-spm', SO, 'cash.request', { amount: '500.00', denominations: { '500': 1 }, remark: '' })
        .code,
    ).toBe('day-not-begun')
  })

  it('records a difference from yesterday’s close as its own event', () => {
    const w = createWorld()
    w.act('bo-bpm', BO, 'day.begin', { cash: OPENING[BO], stock: { 'stamp-5': 100 } })
    w.act('bo-bpm', BO, 'day.end', {})
    const evs = w.act(
      'bo-bpm',
      BO,
      'day.begin',
      { cash: { '500': 10, '100': 19 }, stock: { 'stamp-5': 100 } },
      { date: NEXT },
    )
    expect(evs.map((e) => e.type)).toEqual(['day.begun', 'day.opening-difference.recorded'])
    expect((evs[1]!.payload as { difference: string }).difference).toBe('-100.00')
    const s = w.state()
    expect(rupees(s, `treasury:${BO}`)).toBe('6900.00')
    expect(rupees(s, `opening:${BO}.difference`)).toBe('100.00')
  })

  it('an equal opening records no difference', () => {
    const w = createWorld()
    w.act('bo-bpm', BO, 'day.begin', { cash: OPENING[BO], stock: {} })
    w.act('bo-bpm', BO, 'day.end', {})
    expect(w.act('bo-bpm', BO, 'day.begin', { cash: OPENING[BO], stock: {} }, { date: NEXT })).toHaveLength(1)
  })

  it('a BO opens on a Sunday only with the divisional office’s permission', () => {
    const w = createWorld()
    w.act('bo-bpm', BO, 'day.begin', { cash: OPENING[BO], stock: {} })
    w.act('bo-bpm', BO, 'day.end', {})
    const sunday = '2026-12-06'
    const e = w.refused('bo-bpm', BO, 'day.begin', { cash: OPENING[BO], stock: {} }, { date: sunday })
    expect(e).toMatchObject({ code: 'holiday-needs-permission' })
    expect(w.refused('bo-bpm', BO, 'day.permit-holiday', { date: sunday, reason: 'pension camp' }).code).toBe(
      'role-not-permitted',
    )
    w.act('div-admin', BO, 'day.permit-holiday', { date: sunday, reason: 'Aadhaar and pension camp' })
    w.act('bo-bpm', BO, 'day.begin', { cash: OPENING[BO], stock: {} }, { date: sunday })
    // An SO has no such rule.
    w.act('so-spm', SO, 'day.begin', { cash: OPENING[SO], stock: {} }, { date: sunday })
  })

  it('two offline Day Begins become one conflict and the cash is posted once', () => {
    const w = createWorld()
    const a = w.goOffline()
    const b = w.goOffline()
    w.act('so-spm', SO, 'day.begin', { cash: OPENING[SO], stock: {} }, { offline: a })
    w.act('so-trr', SO, 'day.begin', { cash: { '500': 100 }, stock: {} }, { offline: b })
    w.sync(a)
    w.sync(b)
    let s = w.state()
    const [c] = openConflicts(s)
    expect(c?.kind).toBe('day-begun-twice')
    expect(rupees(s, `treasury:${SO}`)).toBe('110000.00')
    w.act('so-spm', SO, 'conflict.resolve', {
      conflictId: c!.id,
      resolution: 'keep-second',
      reason: 'count by treasurer',
    })
    s = w.state()
    expect(openConflicts(s)).toEqual([])
    expect(rupees(s, `treasury:${SO}`)).toBe('50000.00')
    expect(rupees(s, `opening:${SO}`)).toBe('-50000.00')
  })
})

describe('duties and shifts', () => {
  it('asks, approves, begins; only then may the PA act, only within the duty', () => {
    const w = createWorld()
    beginAll(w)
    const [req] = w.act('so-pa1', SO, 'duty.request', { kind: 'counter', counter: 'C1' })
    const dutyId = req!.id
    expect(
      w.refused('so-pa1', SO, 'counter.deposit', { amount: '100.00', reference: 'SB' }, { duty: dutyId })
        .code,
    ).toBe('duty-not-active')
    expect(w.refused('so-pa1', SO, 'shift.begin', { dutyId }).code).toBe('duty-not-approved')
    expect(w.refused('so-pa2', SO, 'duty.approve', { dutyId }).rule).toBe(
      'only a supervisor of this office may approve or refuse a duty',
    )
    w.act('so-spm', SO, 'duty.approve', { dutyId })
    w.act('so-pa1', SO, 'shift.begin', { dutyId }, { duty: dutyId })
    w.act('so-pa1', SO, 'counter.deposit', { amount: '100.00', reference: 'SB 1234' }, { duty: dutyId })
    expect(rupees(w.state(), `counter:${dutyId}`)).toBe('100.00')
  })

  it('refuses acting without a duty, on someone else’s duty, or on the wrong kind of duty', () => {
    const w = createWorld()
    beginAll(w)
    const d1 = onDuty(w, 'so-pa1', SO, 'counter', 'C1', 'so-spm')
    expect(w.refused('so-pa2', SO, 'counter.deposit', { amount: '1.00', reference: '' }).code).toBe(
      'no-approved-duty',
    )
    expect(
      w.refused('so-pa2', SO, 'counter.deposit', { amount: '1.00', reference: '' }, { duty: d1 }).code,
    ).toBe('no-approved-duty')
    const d2 = onDuty(w, 'so-pa2', SO, 'mail-processing', null, 'so-spm')
    expect(
      w.refused('so-pa2', SO, 'counter.deposit', { amount: '1.00', reference: '' }, { duty: d2 }).code,
    ).toBe('wrong-duty')
  })

  it('a supervisor may refuse a duty with a reason; nobody approves their own', () => {
    const w = createWorld()
    beginAll(w)
    const [req] = w.act('so-pa1', SO, 'duty.request', { kind: 'counter', counter: 'C1' })
    w.act('so-spm', SO, 'duty.refuse', { dutyId: req!.id, reason: 'counter 1 closed today' })
    expect(w.state().day.duties[req!.id]?.status).toBe('refused')
    const [own] = w.act('so-spm', SO, 'duty.request', { kind: 'counter', counter: 'C2' })
    expect(w.refused('so-spm', SO, 'duty.approve', { dutyId: own!.id }).code).toBe('self-approval')
    const [bo] = w.act('bo-bpm', BO, 'duty.request', { kind: 'counter', counter: 'BO' })
    w.act('bo-bpm', BO, 'duty.approve', { dutyId: bo!.id })
  })

  it('one counter has one holder; one person one duty', () => {
    const w = createWorld()
    beginAll(w)
    onDuty(w, 'so-pa1', SO, 'counter', 'C1', 'so-spm')
    const [req] = w.act('so-pa2', SO, 'duty.request', { kind: 'counter', counter: 'C1' })
    expect(w.refused('so-spm', SO, 'duty.approve', { dutyId: req!.id }).code).toBe('counter-taken')
    expect(w.refused('so-pa1', SO, 'duty.request', { kind: 'counter', counter: 'C3' }).code).toBe(
      'already-on-duty',
    )
  })
})

describe('advances treasury → counter (two parties)', () => {
  it('requested by the PA, issued by the treasurer, acknowledged by the PA', () => {
    const w = createWorld()
    beginAll(w)
    const trr = onDuty(w, 'so-trr', SO, 'treasury', null, 'so-spm')
    const d = onDuty(w, 'so-pa1', SO, 'counter', 'C1', 'so-spm')
    const [req] = w.act(
      'so-pa1',
      SO,
      'advance.request',
      { amount: '5000.00', stock: { 'stamp-5': 100 } },
      { duty: d },
    )
    const advanceId = req!.id
    expect(w.refused('so-pa2', SO, 'advance.issue', { advanceId }).code).toBe('role-not-permitted')
    w.act('so-trr', SO, 'advance.issue', { advanceId }, { duty: trr })
    let s = w.state()
    expect(rupees(s, `transit:advance-${advanceId}`)).toBe('5000.00')
    expect(w.refused('so-pa2', SO, 'advance.acknowledge', { advanceId }).code).toBe('no-approved-duty')
    w.act('so-pa1', SO, 'advance.acknowledge', { advanceId }, { duty: d })
    s = w.state()
    expect(rupees(s, `counter:${d}`)).toBe('5000.00')
    expect(rupees(s, `counter:${d}`, 'stamp-5')).toBe('100')
    expect(rupees(s, `treasury:${SO}`)).toBe('105000.00')
  })

  it('the treasurer needs a treasury duty and cannot issue more than the treasury holds', () => {
    const w = createWorld()
    beginAll(w)
    const d = onDuty(w, 'so-pa1', SO, 'counter', 'C1', 'so-spm')
    const [req] = w.act('so-pa1', SO, 'advance.request', { amount: '200000.00', stock: {} }, { duty: d })
    expect(w.refused('so-trr', SO, 'advance.issue', { advanceId: req!.id }).code).toBe('no-approved-duty')
    const trr = onDuty(w, 'so-trr', SO, 'treasury', null, 'so-spm')
    expect(w.refused('so-trr', SO, 'advance.issue', { advanceId: req!.id }, { duty: trr }).code).toBe(
      'treasury-short',
    )
  })

  it('a counter cannot pay out more than its wallet holds', () => {
    const w = createWorld()
    beginAll(w)
    const d = onDuty(w, 'so-pa1', SO, 'counter', 'C1', 'so-spm')
    w.act('so-pa1', SO, 'counter.deposit', { amount: '300.00', reference: 'RD' }, { duty: d })
    expect(
      w.refused('so-pa1', SO, 'counter.withdraw', { amount: '300.50', reference: 'SB' }, { duty: d }).code,
    ).toBe('counter-short')
    w.act('so-pa1', SO, 'counter.withdraw', { amount: '300.00', reference: 'SB' }, { duty: d })
    expect(rupees(w.state(), `counter:${d}`)).toBe('0.00')
  })
})
