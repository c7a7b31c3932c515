import { describe, expect, it } from 'vitest'
import type { DakEvent } from '../src/events/envelope.ts'
import { eventHash, formatPrev, linkEvent } from '../src/identity/chain.ts'
import { enrolmentCodeHash } from '../src/identity/device-admin.ts'
import { signEvent } from '../src/identity/signatures.ts'
import { verifyIncomingEvents } from '../src/identity/verify-batch.ts'
import { type VerifyIncomingOptions, verifyIncomingEvent } from '../src/identity/verify-incoming.ts'
import type { State } from '../src/journal/state.ts'
import { applyEvent, createDevice, directEnrolment, foldEvents, seedOffice, T0 } from './identity-helpers.ts'

const CODE = 'b25lLXRpbWUtZW5yb2xtZW50LWNvZGU'

/** A server's view: the folded state plus the events it holds by id. */
function server(events: readonly DakEvent[]) {
  const held = new Map(events.map((e) => [e.id, e]))
  const state: State = foldEvents(events)
  const options: VerifyIncomingOptions = { getEvent: (id) => held.get(id) }
  return {
    state,
    options,
    /** Verifies and, when accepted, stores and folds the event (as the server does). */
    receive(event: DakEvent, now?: number) {
      const r = verifyIncomingEvent(state, event, now === undefined ? options : { ...options, now })
      if (r.ok) {
        held.set(event.id, event)
        applyEvent(state, event)
      }
      return r.ok ? 'ok' : r.error.code
    },
  }
}

function setup() {
  const adm = createDevice('adm', 1, 'pm-1')
  const counter = createDevice('counter-1', 2, 'pa-1')
  const base = [
    ...seedOffice(adm),
    adm.emit('device.enrolled', directEnrolment(adm), { actor: 'da-1' }),
    adm.emit('device.enrolled', directEnrolment(counter)),
  ]
  return { adm, counter, srv: server(base) }
}

describe('verifyIncomingEvent', () => {
  it('accepts a chain of signed events from an enrolled device', () => {
    const { counter, srv } = setup()
    for (let i = 0; i < 3; i++)
      expect(srv.receive(counter.emit('counter.deposit', { amount: `${i}.00` }))).toBe('ok')
  })

  it('refuses a missing or forged signature', () => {
    const { counter, srv } = setup()
    const e = counter.emit('counter.deposit', { amount: '5.00' })
    const { sig: _sig, ...unsigned } = e
    expect(srv.receive(unsigned as DakEvent)).toBe('missing-signature')
    const forger = createDevice('x', 99)
    expect(srv.receive(signEvent(e, forger.secretKey))).toBe('bad-signature')
    expect(srv.receive({ ...e, payload: { amount: '5000.00' } })).toBe('bad-signature')
    expect(srv.receive(e)).toBe('ok')
  })

  it('refuses a replayed event (same id), whether identical or altered', () => {
    const { counter, srv } = setup()
    const e = counter.emit('counter.deposit', { amount: '5.00' })
    expect(srv.receive(e)).toBe('ok')
    expect(srv.receive(e)).toBe('duplicate-event')
    expect(srv.receive({ ...e, payload: { amount: '6.00' } })).toBe('duplicate-event')
  })

  it('refuses events from an unknown device and from a device of another office', () => {
    const { srv } = setup()
    const stranger = createDevice('stranger', 3, 'pa-1')
    expect(srv.receive(stranger.emit('counter.deposit', { amount: '1.00' }))).toBe('unknown-device')
    const { counter } = setup()
    const elsewhere = counter.emit('counter.deposit', { amount: '1.00' }, { office: 'SO-110001' })
    expect(srv.receive(elsewhere)).toBe('wrong-office')
  })

  it('refuses every event from a revoked device once the revocation is held, whatever its stamp', () => {
    const { adm, counter, srv } = setup()
    const early = counter.emit('counter.deposit', { amount: '1.00' })
    expect(srv.receive(adm.emit('device.revoked', { device: 'counter-1', reason: 'phone lost' }))).toBe('ok')
    expect(srv.receive(counter.emit('counter.deposit', { amount: '2.00' }))).toBe('revoked-device')
    // Backdated (or genuinely made offline before the revocation): refused by the server too.
    expect(srv.receive(early)).toBe('revoked-device')
  })

  it('detects a gap, a fork and an edited predecessor in the device chain', () => {
    const { counter, srv } = setup()
    const e1 = counter.emit('counter.deposit', { amount: '1.00' })
    const e2 = counter.emit('counter.deposit', { amount: '2.00' })
    const e3 = counter.emit('counter.deposit', { amount: '3.00' })
    expect(srv.receive(e1)).toBe('ok')
    expect(srv.receive(e3)).toBe('chain-gap')
    expect(srv.receive(e2)).toBe('ok')
    expect(srv.receive(e3)).toBe('ok')
    // A second event claiming e2 as its predecessor: a fork.
    const twin = signEvent(
      linkEvent({ ...e3, id: 'counter-1:twin', hlc: `${e3.hlc.slice(0, 24)}-0009-counter-1` }, e2),
      counter.secretKey,
    )
    expect(srv.receive(twin)).toBe('chain-fork')
    // A new first event for a day that already has events: a fork too.
    const restart = signEvent(
      linkEvent({ ...e3, id: 'counter-1:restart', hlc: `${e3.hlc.slice(0, 24)}-000a-counter-1` }, undefined),
      counter.secretKey,
    )
    expect(srv.receive(restart)).toBe('chain-fork')
    // Linked to the right id but to a different version of it: an edit.
    const e4 = counter.emit('counter.deposit', { amount: '4.00' })
    const wrongHash = signEvent(
      { ...e4, prev: formatPrev({ ...e3, payload: { amount: '300.00' } }) },
      counter.secretKey,
    )
    expect(srv.receive(wrongHash)).toBe('chain-edit')
    expect(srv.receive(e4)).toBe('ok')
  })

  it('refuses an identity event by someone without the role', () => {
    const { counter, srv } = setup()
    const e = counter.emit('device.revoked', { device: 'adm', reason: 'coup' })
    expect(srv.receive(e)).toBe('not-authorized')
  })

  it('lets a new device send its own device.enrolled with a valid code, and checks expiry with the server clock', () => {
    const { adm, srv } = setup()
    const opened = adm.emit('device.enrolment-opened', {
      enrolment: 'enr-1',
      label: 'Counter 2',
      codeHash: enrolmentCodeHash('enr-1', CODE),
      expiresAt: T0 + 3_600_000,
    })
    expect(srv.receive(opened)).toBe('ok')
    const fresh = createDevice('counter-2', 4, 'pm-1')
    const payload = {
      device: 'counter-2',
      label: 'Counter 2',
      publicKey: fresh.publicKey,
      enrolment: 'enr-1',
      code: CODE,
    }
    const enrol = fresh.emit('device.enrolled', payload)
    expect(srv.receive(enrol, T0 + 7_200_000)).toBe('enrolment-refused')
    expect(srv.receive({ ...enrol, payload: { ...payload, code: `${CODE}A` } })).toBe('enrolment-refused')
    expect(srv.receive(enrol, T0 + 60_000)).toBe('ok')
    expect(srv.receive(fresh.emit('counter.deposit', { amount: '1.00' }))).toBe('ok')
    // The code is used up: a thief who saw it cannot enrol another device.
    const thief = createDevice('thief', 5, 'pm-1')
    const stolen = thief.emit('device.enrolled', { ...payload, device: 'thief', publicKey: thief.publicKey })
    expect(srv.receive(stolen, T0 + 60_000)).toBe('enrolment-refused')
  })
})

describe('a memoised hashOf', () => {
  it('is used for the predecessor, so a server can hash each held event once', () => {
    const { counter, srv } = setup()
    const e1 = counter.emit('counter.deposit', { amount: '1.00' })
    const e2 = counter.emit('counter.deposit', { amount: '2.00' })
    expect(srv.receive(e1)).toBe('ok')
    const memo = new Map<string, string>()
    const hashOf = (e: DakEvent) => memo.get(e.id) ?? memo.set(e.id, eventHash(e)).get(e.id) ?? ''
    expect(verifyIncomingEvent(srv.state, e2, { ...srv.options, hashOf }).ok).toBe(true)
    expect([...memo.keys()]).toEqual([e1.id])
    memo.set(e1.id, '0'.repeat(64))
    const r = verifyIncomingEvent(srv.state, e2, { ...srv.options, hashOf })
    expect(r.ok ? null : r.error.code).toBe('chain-edit')
  })
})

describe('genesis', () => {
  it('trusts the first device of a fresh office enrolling itself, and nobody after that without a code', () => {
    const first = createDevice('first', 7, 'da-1')
    const srv = server([])
    expect(srv.receive(first.emit('device.enrolled', directEnrolment(first)))).toBe('ok')
    expect(srv.receive(first.emit('office.registered', { id: 'x' }))).toBe('ok')
    const second = createDevice('second', 8, 'da-1')
    expect(srv.receive(second.emit('device.enrolled', directEnrolment(second)))).toBe('unknown-device')
  })
})

describe('verifyIncomingEvents (a batch from a device back online)', () => {
  it('accepts an offline run of events in any arrival order, without changing the state', () => {
    const { counter, srv } = setup()
    const run = [1, 2, 3, 4].map((i) => counter.emit('counter.deposit', { amount: `${i}.00` }))
    const before = structuredClone(srv.state.identity)
    const verdict = verifyIncomingEvents(srv.state, [...run].reverse(), srv.options)
    expect(verdict.accepted.map((e) => e.id)).toEqual(run.map((e) => e.id))
    expect(verdict.refused).toEqual([])
    expect(srv.state.identity).toEqual(before)
  })

  it('refuses a forged event and everything chained after it', () => {
    const { counter, srv } = setup()
    const run = [1, 2, 3].map((i) => counter.emit('counter.deposit', { amount: `${i}.00` }))
    const forged = run.map((e, i) => (i === 1 ? { ...e, payload: { amount: '9999.00' } } : e))
    const verdict = verifyIncomingEvents(srv.state, forged, srv.options)
    expect(verdict.accepted.map((e) => e.id)).toEqual([run[0]?.id])
    expect(verdict.refused.map((r) => r.code)).toEqual(['bad-signature', 'chain-gap'])
  })

  it("sees an enrolment and the new device's first events in the same batch", () => {
    const { adm, srv } = setup()
    const fresh = createDevice('counter-9', 19, 'pa-1')
    const batch = [
      adm.emit('device.enrolled', directEnrolment(fresh)),
      fresh.emit('counter.deposit', { amount: '1.00' }),
    ]
    expect(verifyIncomingEvents(srv.state, batch, srv.options).refused).toEqual([])
  })
})
