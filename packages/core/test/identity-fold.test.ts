import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { enrolmentCodeHash } from '../src/identity/device-admin.ts'
import { identityModule } from '../src/identity/identity-module.ts'
import { fold, parseEvent } from '../src/journal/journal.ts'
import { createDevice, directEnrolment, seedOffice, T0 } from './identity-helpers.ts'

const SEED = Number(process.env.FC_SEED ?? 100_013)
const CODE = 'c2Vjb25kLWVucm9sbWVudC1jb2Rl'

/** A day with enrolments (direct and by code), a revocation, and events before and after it. */
function journal() {
  const adm = createDevice('adm', 1, 'pm-1')
  const lost = createDevice('counter-1', 2, 'pa-1')
  const fresh = createDevice('counter-2', 3, 'pm-1')
  const rogue = createDevice('counter-3', 4, 'pa-1')
  return [
    ...seedOffice(adm),
    adm.emit('device.enrolled', directEnrolment(adm), { actor: 'da-1' }),
    adm.emit('device.enrolled', directEnrolment(lost)),
    lost.emit('counter.deposit', { amount: '10.00' }),
    adm.emit('device.enrolment-opened', {
      enrolment: 'enr-1',
      label: 'Counter 2',
      codeHash: enrolmentCodeHash('enr-1', CODE),
      expiresAt: T0 + 3_600_000,
    }),
    fresh.emit('device.enrolled', {
      device: 'counter-2',
      label: 'Counter 2',
      publicKey: fresh.publicKey,
      enrolment: 'enr-1',
      code: CODE,
    }),
    adm.emit('device.revoked', { device: 'counter-1', reason: 'phone lost' }),
    lost.emit('counter.deposit', { amount: '20.00' }),
    rogue.emit('device.enrolled', directEnrolment(rogue)),
  ]
}

describe('identity in the real journal fold', () => {
  it('every identity event passes the journal parser (envelope and payload schemas)', () => {
    for (const e of journal()) expect(parseEvent(e).ok).toBe(true)
  })

  it('folds to the same identity slice and flags under any arrival order and duplication (property)', () => {
    const events = journal()
    const expected = fold(events)
    expect(Object.keys(expected.identity.devices).sort()).toEqual(['adm', 'counter-1', 'counter-2'])
    expect(identityModule.conflicts(expected.identity).map((c) => c.kind)).toEqual([
      'revoked-device-event',
      'identity-event-refused',
    ])
    fc.assert(
      fc.property(
        fc.shuffledSubarray(events, { minLength: events.length }),
        fc.subarray(events),
        (order, dups) => {
          const s = fold([...order, ...dups])
          expect(s.identity).toEqual(expected.identity)
        },
      ),
      { seed: SEED, numRuns: 50 },
    )
  })
})
