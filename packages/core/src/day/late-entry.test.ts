/**
 * A late entry is an event of an office day the office has moved on from: folded after that day's `day.ended`
 * (or before it but not sealed by it), or — when the fold never saw that day at all, as in the next day's room
 * that a device re-posts a sealed day's unsent entries into — dated before a day the office has begun.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BO, ledgerSums, onDuty, rupees } from '../../test/day-setup.ts'
import { createWorld, DATE, type OfflineView, type World } from '../../test/day-world.ts'
import { balanceOf } from '../custody/custody-module.ts'
import type { DakEvent } from '../events/envelope.ts'
import { decide, fold, openConflicts } from '../journal/journal.ts'
import type { State } from '../journal/state.ts'
import { demoOffice } from '../office/demo-office.ts'
import { dayEndChecklist } from './day-end.ts'

const SEED = Number(process.env.FC_SEED ?? 20261130)
const NEXT = '2026-12-02'
const reference = demoOffice({ date: DATE }).events

/** The BO's day with an ABPM on a counter whose phone goes offline; returns the world, duty and phone. */
function boDay(): { w: World; d: string; phone: OfflineView } {
  const w = createWorld()
  w.act('bo-bpm', BO, 'day.begin', { cash: { '500': 10 }, stock: {} })
  const d = onDuty(w, 'bo-abpm', BO, 'counter', 'BO-1', 'bo-bpm')
  return { w, d, phone: w.goOffline() }
}

const deposit = (w: World, d: string, phone: OfflineView, amount: string): DakEvent => {
  const [e] = w.act(
    'bo-abpm',
    BO,
    'counter.deposit',
    { amount, reference: 'RD 1' },
    { duty: d, offline: phone },
  )
  if (!e) throw new Error('counter.deposit made no event')
  return e
}

/** Ends the BO's day (force-ending the ABPM's shift, whose phone is offline) and begins the next one. */
function endAndBeginNext(w: World, d: string): void {
  w.act('bo-bpm', BO, 'shift.force-end', { dutyId: d, reason: 'ABPM out on beat, no signal' })
  w.act('bo-bpm', BO, 'day.end', {})
  w.act('bo-bpm', BO, 'day.begin', { cash: { '500': 10 }, stock: {} }, { date: NEXT })
}

/** What the PWA folds on the next day: the reference pack, the next day's room and the re-posted entries. */
const nextDayRoom = (w: World, reposted: readonly DakEvent[]): DakEvent[] => [
  ...reference,
  ...w.events.filter((e) => e.date === NEXT),
  ...reposted,
]

let ids = 0
/** Accepts every open late entry of the fold of `events` as the divisional admin, on the next day. */
function acceptAll(events: readonly DakEvent[]): DakEvent[] {
  const all = [...events]
  const out: DakEvent[] = []
  for (;;) {
    const s = fold(all)
    const c = openConflicts(s).find((x) => x.kind === 'posted-after-day-end')
    if (!c) return out
    const n = ++ids
    const r = decide(
      s,
      {
        type: 'conflict.resolve',
        payload: { conflictId: c.id, resolution: 'accept-late', reason: 'genuine' },
      },
      {
        office: BO,
        date: NEXT,
        actor: 'div-admin',
        device: 'dev-div',
        duty: null,
        now: Date.parse(`${NEXT}T10:00:00Z`),
        newId: () => `accept-${n}`,
        nextHlc: () => `${NEXT}T10:00:00.000Z-${String(n).padStart(4, '0')}-dev-div`,
      },
    )
    if (!r.ok) throw new Error(`accept-late refused: ${r.error.message}`)
    out.push(...r.value)
    all.push(...r.value)
  }
}

const treasury = (s: State): number => balanceOf(s.custody, `treasury:${BO}`)

describe('late entries in the next day’s room (the ended day is not in the fold)', () => {
  it('a re-posted entry of the sealed day is late although its day.ended is not folded, and can be accepted', () => {
    const { w, d, phone } = boDay()
    const late = deposit(w, d, phone, '250.00')
    endAndBeginNext(w, d)
    const s = fold(nextDayRoom(w, [late]))
    expect(s.day.days[`${BO}/${DATE}`]).toBeUndefined()
    expect(Object.values(s.day.lateEntries)).toEqual([
      { event: late.id, office: BO, date: DATE, type: 'counter.transacted', reviewed: false },
    ])
    const [c] = openConflicts(s)
    expect(c).toMatchObject({ kind: 'posted-after-day-end', resolutions: ['accept-late', 'reverse'] })
    // the money is real and visible: on the ended day's counter, not lost and not counted twice
    expect(rupees(s, `counter:${d}`)).toBe('250.00')
    const blocking = dayEndChecklist(s, BO, NEXT).filter((x) => !x.pass)
    expect(blocking.map((x) => x.id)).toContain('late-entries-reviewed')

    const after = fold([...nextDayRoom(w, [late]), ...acceptAll(nextDayRoom(w, [late]))])
    expect(after.day.lateEntries[late.id]?.reviewed).toBe(true)
    // the ended shift's cash goes to the office's treasury, although the duty is not in this fold
    expect(rupees(after, `counter:${d}`)).toBe('0.00')
    expect(treasury(after) - treasury(s)).toBe(25_000)
    expect(dayEndChecklist(after, BO, NEXT).find((x) => x.id === 'late-entries-reviewed')?.pass).toBe(true)
  })

  it('is late whether it folds before the next Day Begin (earlier HLC) or after it', () => {
    const { w, d, phone } = boDay()
    const before = deposit(w, d, phone, '10.00')
    endAndBeginNext(w, d)
    // the phone, still on the old day, writes again after the next day began elsewhere (a later HLC)
    const afterBegin = deposit(w, d, phone, '20.00')
    const begun = w.events.find((e) => e.type === 'day.begun' && e.date === NEXT)
    expect(before.hlc < (begun?.hlc ?? '')).toBe(true)
    expect(afterBegin.hlc > (begun?.hlc ?? '')).toBe(true)
    const s = fold(nextDayRoom(w, [before, afterBegin]))
    expect(Object.keys(s.day.lateEntries).sort()).toEqual([before.id, afterBegin.id].sort())
  })

  it('events of the open day, of a day the fold holds open, and reference events are never late', () => {
    const { w, d, phone } = boDay()
    const open = deposit(w, d, phone, '5.00')
    // the old day is open in this fold: its own events are not late
    expect(Object.keys(fold([...w.events, open]).day.lateEntries)).toEqual([])
    endAndBeginNext(w, d)
    const s = fold(nextDayRoom(w, []))
    expect(Object.keys(s.day.lateEntries)).toEqual([])
    // reference data dated before the open day (the demo pack's) is not a late entry either
    expect(reference.some((e) => e.date < NEXT)).toBe(true)
  })

  it('the full history and the next day’s room find the same late entries', () => {
    const { w, d, phone } = boDay()
    const late = deposit(w, d, phone, '75.00')
    endAndBeginNext(w, d)
    w.sync(phone)
    const full = fold(w.events)
    expect(Object.keys(full.day.lateEntries)).toEqual([late.id])
    expect(Object.keys(fold(nextDayRoom(w, [late])).day.lateEntries)).toEqual([late.id])
  })
})

describe('late entries (property)', () => {
  it('whatever the offline postings and their timing, both folds agree, custody is conserved, acceptance sweeps the counter', () => {
    const posting = fc.record({
      rupees: fc.integer({ min: 1, max: 5000 }),
      when: fc.constantFrom('before-end', 'after-end', 'after-next-begin'),
    })
    fc.assert(
      fc.property(fc.array(posting, { minLength: 1, maxLength: 5 }), fc.boolean(), (postings, shuffle) => {
        const { w, d, phone } = boDay()
        const late: DakEvent[] = []
        const post = (when: string) => {
          for (const p of postings) if (p.when === when) late.push(deposit(w, d, phone, `${p.rupees}.00`))
        }
        post('before-end')
        w.act('bo-bpm', BO, 'shift.force-end', { dutyId: d, reason: 'no signal' })
        w.act('bo-bpm', BO, 'day.end', {})
        post('after-end')
        w.act('bo-bpm', BO, 'day.begin', { cash: { '500': 10 }, stock: {} }, { date: NEXT })
        post('after-next-begin')
        const room = nextDayRoom(w, late)
        if (shuffle) room.reverse()
        const next = fold(room)
        w.sync(phone)
        const full = fold(w.events)
        const want = late.map((e) => e.id).sort()
        expect(Object.keys(next.day.lateEntries).sort()).toEqual(want)
        expect(Object.keys(full.day.lateEntries).sort()).toEqual(want)
        for (const s of [next, full]) for (const n of Object.values(ledgerSums(s))) expect(n).toBe(0)
        const total = postings.reduce((n, p) => n + p.rupees, 0)
        expect(rupees(next, `counter:${d}`)).toBe(`${total}.00`)
        const accepted = fold([...room, ...acceptAll(room)])
        expect(treasury(accepted) - treasury(next)).toBe(total * 100)
        expect(rupees(accepted, `counter:${d}`)).toBe('0.00')
        expect(Object.values(accepted.day.lateEntries).every((l) => l.reviewed)).toBe(true)
        for (const n of Object.values(ledgerSums(accepted))) expect(n).toBe(0)
      }),
      { seed: SEED, numRuns: 25 },
    )
  })
})
