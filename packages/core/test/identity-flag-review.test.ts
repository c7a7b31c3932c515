import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CommandContext, DakEvent } from '../src/events/envelope.ts'
import { decideFlagReview, flagReviewRefusal, REVIEW_FLAG, trustFlagId } from '../src/identity/flag-review.ts'
import { identityModule } from '../src/identity/identity-module.ts'
import {
  createDevice,
  DATE,
  directEnrolment,
  foldEvents,
  OFFICE,
  seedOffice,
  T0,
} from './identity-helpers.ts'

const SEED = Number(process.env.FC_SEED ?? 100_097)

function world() {
  const seeder = createDevice('seed', 7, 'da-1')
  const adm = createDevice('adm', 1, 'pm-1')
  const counter = createDevice('counter-1', 2, 'pa-1')
  const reference = [
    ...seedOffice(seeder),
    seeder.emit('device.enrolled', directEnrolment(adm)),
    seeder.emit('device.enrolled', directEnrolment(counter)),
  ]
  return { seeder, adm, counter, reference }
}

function ctx(actor: string, device: string): CommandContext {
  let n = 0
  return {
    office: OFFICE,
    date: DATE,
    actor,
    device,
    duty: null,
    now: T0,
    newId: () => `${device}:review-${n++}`,
    nextHlc: () => `2026-11-30T09:00:00.000Z-0000-${device}`,
  }
}

const review = (flag: string, reason = 'checked with the postman') => ({
  type: REVIEW_FLAG,
  payload: { flag, reason },
})

describe('reviewing a trust flag', () => {
  it('the postmaster marks a flag reviewed: one signed-to-be event naming the flag and the reason', () => {
    const { reference } = world()
    const flag = trustFlagId('bad-signature', 'counter-1:0003')
    const r = decideFlagReview(foldEvents(reference), review(flag), ctx('pm-1', 'adm'), [flag])
    expect(r.ok && r.value).toEqual([
      expect.objectContaining({
        type: 'trust.flag-reviewed',
        actor: 'pm-1',
        payload: { flag, reason: 'checked with the postman' },
      }),
    ])
    // and it is a command of the identity module (the kernel routes it)
    expect(identityModule.commands[REVIEW_FLAG]).toBeDefined()
  })

  it('refuses the wrong role, an unknown flag, a flag already reviewed and a missing reason, with typed codes', () => {
    const { adm, reference } = world()
    const flag = trustFlagId('chain-edit', 'counter-1:0002')
    const state = foldEvents(reference)
    const code = (r: ReturnType<typeof decideFlagReview>) => (r.ok ? 'ok' : r.error.code)
    expect(code(decideFlagReview(state, review(flag), ctx('pa-1', 'counter-1'), [flag]))).toBe(
      'role-not-permitted',
    )
    expect(code(decideFlagReview(state, review('no-such-code:e1'), ctx('pm-1', 'adm')))).toBe('unknown-flag')
    expect(code(decideFlagReview(state, review(flag), ctx('pm-1', 'adm'), ['bad-signature:e9']))).toBe(
      'unknown-flag',
    )
    expect(flagReviewRefusal([], flag)?.message).toMatch(/pick one from the list/)
    expect(code(decideFlagReview(state, review(flag, ' '), ctx('pm-1', 'adm'), [flag]))).toBe(
      'invalid-payload',
    )
    const done = adm.emit('trust.flag-reviewed', { flag, reason: 'seen' })
    const after = foldEvents([...reference, done])
    expect(after.identity.reviews[flag]).toMatchObject({ by: 'pm-1', reason: 'seen', event: done.id })
    expect(code(decideFlagReview(after, review(flag), ctx('da-1', 'adm'), [flag]))).toBe(
      'flag-already-reviewed',
    )
  })

  it('a review by someone without the role is journaled but not counted', () => {
    const { counter, reference } = world()
    const flag = trustFlagId('revoked-device', 'x:1')
    const bogus = counter.emit('trust.flag-reviewed', { flag, reason: 'nothing to see' })
    expect(foldEvents([...reference, bogus]).identity.reviews[flag]).toBeUndefined()
  })

  it('a reviewed flag stays reviewed, by the same review, under any event order and duplication (property)', () => {
    const { adm, counter, seeder, reference } = world()
    const flag = trustFlagId('chain-fork', 'counter-1:0001')
    const work = [0, 1, 2].map((i) => counter.emit('counter.deposit', { amount: `${i}.00` }))
    const clerk = counter.emit('trust.flag-reviewed', { flag, reason: 'a clerk cannot review' })
    const first = adm.emit('trust.flag-reviewed', { flag, reason: 'first review' })
    const second = seeder.emit('trust.flag-reviewed', { flag, reason: 'second review' })
    const other = adm.emit('trust.flag-reviewed', { flag: 'bad-signature:e2', reason: 'another flag' })
    const events: DakEvent[] = [...reference, ...work, clerk, first, second, other]
    const expected = foldEvents(events).identity.reviews
    expect(expected[flag]?.event).toBe(first.id)
    fc.assert(
      fc.property(
        fc.shuffledSubarray(events, { minLength: events.length }),
        fc.nat(events.length - 1),
        (order, dup) => {
          const withDup = [...order, order[dup] as DakEvent]
          expect(foldEvents(withDup).identity.reviews).toEqual(expected)
        },
      ),
      { seed: SEED, numRuns: 100 },
    )
  })

  it('reviewing an identity slice flag takes it off the open flags', () => {
    const { adm, counter, reference } = world()
    const revoke = adm.emit('device.revoked', { device: 'counter-1', reason: 'phone lost' })
    const after = counter.emit('counter.deposit', { amount: '1.00' })
    const open = foldEvents([...reference, revoke, after]).identity.flags
    expect(open.map((f) => f.id)).toEqual([`revoked-device-event:${after.id}`])
    const reviewed = adm.emit('trust.flag-reviewed', {
      flag: `revoked-device-event:${after.id}`,
      reason: 'known',
    })
    const state = foldEvents([...reference, revoke, after, reviewed])
    expect(state.identity.flags).toEqual([])
    expect(Object.keys(state.identity.reviews)).toEqual([`revoked-device-event:${after.id}`])
  })
})
