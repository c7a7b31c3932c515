import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { DakEvent } from '../src/events/envelope.ts'
import { eventHash, linkEvent, parsePrev } from '../src/identity/chain.ts'
import { eventAuthorityRefusal } from '../src/identity/event-authority.ts'
import { signEvent } from '../src/identity/signatures.ts'
import { auditTrust, type TrustFinding } from '../src/identity/trust-audit.ts'
import { verifyIncomingEvents } from '../src/identity/verify-batch.ts'
import { createDevice, DATE, directEnrolment, foldEvents, OFFICE, seedOffice } from './identity-helpers.ts'

const SEED = Number(process.env.FC_SEED ?? 100_083)
const DAY = { office: OFFICE, date: DATE }

/** The office's reference (seeded by the admin device) and two working devices. */
function world() {
  const seeder = createDevice('seed', 7, 'da-1')
  const adm = createDevice('adm', 1, 'pm-1')
  const counter = createDevice('counter-1', 2, 'pa-1')
  const reference = [
    ...seedOffice(seeder),
    seeder.emit('device.enrolled', directEnrolment(adm)),
    seeder.emit('device.enrolled', directEnrolment(counter)),
  ]
  return { adm, counter, reference }
}

const summary = (findings: readonly TrustFinding[]) =>
  findings.map((f) => `${f.status}:${f.code}@${f.event}`).sort()

/** Replaces an event's link with one to the same predecessor id but a wrong hash, re-signed by its device. */
function forgeLink(e: DakEvent, secretKey: Uint8Array, hash = 'f'.repeat(64)): DakEvent {
  const link = parsePrev(e.prev ?? '')
  if (!link) throw new Error('needs a linked event')
  return signEvent({ ...e, prev: `${hash}:${link.id}` }, secretKey)
}

describe('auditTrust: chains', () => {
  it('finds nothing in a complete, valid day', () => {
    const { adm, counter, reference } = world()
    adm.emit('day.begun', { cash: '0.00' })
    for (let i = 0; i < 4; i++) counter.emit('counter.deposit', { amount: `${i}.00` })
    const audit = auditTrust({ reference, events: [...adm.events, ...counter.events], day: DAY })
    expect(audit.findings).toEqual([])
    expect(audit.sealed).toBe(false)
  })

  it('a missing predecessor is pending until the day is sealed, then a gap; it clears when the event arrives', () => {
    const { adm, counter, reference } = world()
    adm.emit('day.begun', { cash: '0.00' })
    for (let i = 0; i < 4; i++) counter.emit('counter.deposit', { amount: `${i}.00` })
    const missing = counter.events[1] as DakEvent
    const held = [...adm.events, ...counter.events].filter((e) => e.id !== missing.id)
    expect(summary(auditTrust({ reference, events: held, day: DAY }).findings)).toEqual([
      `pending:chain-gap@${counter.events[2]?.id}`,
    ])
    // Day End lists every event of the day; held without one of them, a gap may still fill
    const ended = adm.emit('day.ended', { eventIds: [...adm.events, ...counter.events].map((e) => e.id) })
    const notYet = auditTrust({ reference, events: [...held, ended], day: DAY })
    expect(notYet.sealed).toBe(false)
    expect(summary(notYet.findings)).toEqual([`pending:chain-gap@${counter.events[2]?.id}`])
    // the day sealed without it (Day End listed only what it held): the gap never fills
    const sealedWithout = adm.emit('day.ended', { eventIds: held.map((e) => e.id) }, { date: DATE })
    const sealedAudit = auditTrust({ reference, events: [...held, sealedWithout], day: DAY })
    expect(sealedAudit.sealed).toBe(true)
    expect(summary(sealedAudit.findings)).toContain(`failed:chain-gap@${counter.events[2]?.id}`)
    // once it arrives, nothing is left
    expect(auditTrust({ reference, events: [...held, missing, ended], day: DAY }).findings).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ code: 'chain-gap' })]),
    )
  })

  it('an edited predecessor, a fork and a link into another device are failures at once', () => {
    const { adm, counter, reference } = world()
    const a = [0, 1, 2].map((i) => counter.emit('counter.deposit', { amount: `${i}.00` }))
    const b = adm.emit('day.begun', { cash: '0.00' })
    const forged = forgeLink(a[2] as DakEvent, counter.secretKey)
    const twin = signEvent(
      linkEvent({ ...(a[2] as DakEvent), id: 'counter-1:twin' }, a[0]),
      counter.secretKey,
    )
    const crossed = signEvent(
      { ...(a[1] as DakEvent), id: 'counter-1:cross', prev: `${eventHash(b)}:${b.id}` },
      counter.secretKey,
    )
    const audit = auditTrust({
      reference,
      events: [a[0], a[1], forged, twin, crossed, b] as DakEvent[],
      day: DAY,
    })
    expect(summary(audit.findings)).toEqual(
      [
        `failed:chain-edit@${forged.id}`,
        `failed:chain-fork@${twin.id}`,
        'failed:chain-gap@counter-1:cross',
      ].sort(),
    )
  })

  it('checks chains of the open day only: late entries and inbox copies link into rooms not held', () => {
    const { counter, reference } = world()
    counter.emit('counter.deposit', { amount: '1.00' }, { date: '2026-11-29' })
    const late = counter.emit('counter.deposit', { amount: '2.00' }, { date: '2026-11-29' })
    expect(auditTrust({ reference, events: [late], day: DAY }).findings).toEqual([])
  })

  it('any arrival order of a valid day gives the same findings as the server-style ordered check (property)', () => {
    const { adm, counter, reference } = world()
    adm.emit('day.begun', { cash: '0.00' })
    for (let i = 0; i < 6; i++) {
      counter.emit('counter.deposit', { amount: `${i}.00` })
      if (i % 2 === 0) adm.emit('duty.approved', { dutyId: `d${i}` })
    }
    const all = [...adm.events, ...counter.events]
    // the server's own check agrees: every event accepted in order
    const state = foldEvents(reference)
    const held = new Map(reference.map((e) => [e.id, e]))
    expect(verifyIncomingEvents(state, all, { getEvent: (id) => held.get(id) }).refused).toEqual([])
    fc.assert(
      // shuffledSubarray picks any subset in any order
      fc.property(fc.shuffledSubarray(all, { minLength: 0 }), (subset) => {
        const findings = auditTrust({ reference, events: subset, day: DAY }).findings
        // a subset is never wrong, only waiting; everything arrived is clean
        expect(findings.every((f) => f.status === 'pending' && f.code === 'chain-gap')).toBe(true)
        if (subset.length === all.length) expect(findings).toEqual([])
      }),
      { seed: SEED, numRuns: 150 },
    )
  })

  it('a forged link is always caught, whatever the arrival order and where it is (property)', () => {
    const { counter, reference } = world()
    const chain = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => counter.emit('counter.deposit', { amount: `${i}.00` }))
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: chain.length - 1 }),
        fc.stringMatching(/^[0-9a-f]{64}$/),
        fc.infiniteStream(fc.integer()),
        (at, hash, keys) => {
          const target = chain[at] as DakEvent
          fc.pre(hash !== eventHash(chain[at - 1] as DakEvent))
          const forged = forgeLink(target, counter.secretKey, hash)
          const events = chain.map((e) => (e.id === target.id ? forged : e))
          const ks = [...keys.take(events.length)]
          const shuffled = events
            .map((e, i) => ({ e, k: ks[i] ?? 0 }))
            .sort((x, y) => x.k - y.k)
            .map((x) => x.e)
          const findings = auditTrust({ reference, events: shuffled, day: DAY }).findings
          expect(findings).toContainEqual(
            expect.objectContaining({ code: 'chain-edit', status: 'failed', event: forged.id }),
          )
          // and the server refuses the very same event
          const held = new Map(reference.map((e) => [e.id, e]))
          const verdict = verifyIncomingEvents(foldEvents(reference), events, {
            getEvent: (id) => held.get(id),
          })
          expect(verdict.refused.map((r) => r.event)).toContain(forged.id)
        },
      ),
      { seed: SEED, numRuns: 25 },
    )
  })
})

describe('auditTrust: roles', () => {
  it('flags a clerk granting themselves a role, and what they then do with it', () => {
    const { adm, counter, reference } = world()
    const begun = adm.emit('day.begun', { cash: '0.00' })
    const grant = counter.emit('role.granted', { staff: 'pa-1', role: 'postmaster', office: OFFICE })
    const approval = counter.emit('cash.approved', { request: 'r1' })
    const ended = counter.emit('day.ended', { eventIds: [] })
    const audit = auditTrust({ reference, events: [begun, grant, approval, ended], day: DAY })
    expect(summary(audit.findings)).toEqual(
      [
        `failed:not-authorized@${grant.id}`,
        `failed:not-authorized@${approval.id}`,
        `failed:not-authorized@${ended.id}`,
      ].sort(),
    )
    expect(audit.findings[0]?.message).toMatch(/holds \[postal-assistant\]/)
  })

  it('judges a role at the time of the event: a grant before it counts, a revocation before it does not', () => {
    const { adm, counter, reference } = world()
    const grant = adm.emit(
      'role.granted',
      { staff: 'pa-1', role: 'supervisor', office: OFFICE },
      { actor: 'da-1' },
    )
    const approve = counter.emit('duty.approved', { dutyId: 'd1' })
    const revoke = adm.emit(
      'role.revoked',
      { staff: 'pa-1', role: 'supervisor', office: OFFICE },
      { actor: 'da-1' },
    )
    const again = counter.emit('duty.approved', { dutyId: 'd2' })
    const findings = auditTrust({ reference, events: [again, revoke, approve, grant], day: DAY }).findings
    expect(summary(findings)).toEqual([`failed:not-authorized@${again.id}`])
  })

  it('an excluded (badly signed) grant neither counts nor is judged: what it would allow is flagged', () => {
    const { adm, counter, reference } = world()
    const forgedGrant = counter.emit(
      'role.granted',
      { staff: 'pa-1', role: 'supervisor', office: OFFICE },
      { actor: 'da-1' },
    )
    const approve = counter.emit('duty.approved', { dutyId: 'd1' })
    const begun = adm.emit('day.begun', { cash: '0.00' })
    const events = [forgedGrant, approve, begun]
    expect(auditTrust({ reference, events, day: DAY }).findings).toEqual([])
    const audit = auditTrust({ reference, events, day: DAY, exclude: new Set([forgedGrant.id]) })
    expect(summary(audit.findings)).toEqual([`failed:not-authorized@${approve.id}`])
  })

  it('uses the check the fold and the server use for identity events', () => {
    const { counter, reference } = world()
    const rogue = createDevice('rogue', 9)
    const enrol = counter.emit('device.enrolled', directEnrolment(rogue))
    const state = foldEvents(reference)
    expect(eventAuthorityRefusal(state, enrol)?.code).toBe('role-not-permitted')
    expect(auditTrust({ reference, events: [enrol], day: DAY }).findings[0]?.code).toBe('not-authorized')
    // the server refuses it for the same reason
    const held = new Map(reference.map((e) => [e.id, e]))
    expect(verifyIncomingEvents(state, [enrol], { getEvent: (id) => held.get(id) }).refused[0]?.code).toBe(
      'not-authorized',
    )
  })
})
