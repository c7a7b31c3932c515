import { describe, expect, it } from 'vitest'
import type { CommandContext, DakEvent } from '../src/events/envelope.ts'
import { enrolmentCodeHash } from '../src/identity/device-admin.ts'
import { activeDeviceKey, isDeviceAllowed, totpCredentialsFor } from '../src/identity/device-status.ts'
import { identityModule } from '../src/identity/identity-module.ts'
import { totpCode, totpSecretBase32, totpSecretCheck } from '../src/identity/totp.ts'
import type { State } from '../src/journal/state.ts'
import {
  applyEvent,
  createDevice,
  DATE,
  directEnrolment,
  foldEvents,
  hlcAt,
  OFFICE,
  type SimDevice,
  seedOffice,
  T0,
} from './identity-helpers.ts'

const CODE = 'Qm9va2luZy1jb2RlLTEyMzQ1Ng'

function ctxFor(device: SimDevice, actor: string, now: number): CommandContext {
  let n = 0
  return {
    office: OFFICE,
    date: DATE,
    actor,
    device: device.id,
    duty: null,
    now,
    newId: () => `${device.id}:cmd-${n++}`,
    nextHlc: () => hlcAt(now, device.id, n),
  }
}

function decide(state: State, type: string, payload: unknown, ctx: CommandContext) {
  const handler = identityModule.commands[type]
  if (!handler) throw new Error(`no handler ${type}`)
  return handler(state, { type, payload }, ctx)
}

/** An office with a postmaster whose device `adm` is enrolled, and a postal assistant. */
function office() {
  const adm = createDevice('adm', 1, 'pm-1')
  const base = [
    ...seedOffice(adm),
    adm.emit('device.enrolled', directEnrolment(adm, 'Postmaster phone'), { actor: 'da-1' }),
  ]
  return { adm, base, state: foldEvents(base) }
}

describe('device enrolment', () => {
  it('a postmaster opens a one-time enrolment; only the hash of the code is journaled', () => {
    const { adm, state } = office()
    const r = decide(
      state,
      'device.open-enrolment',
      { enrolment: 'enr-1', label: 'Counter 2', code: CODE },
      ctxFor(adm, 'pm-1', T0),
    )
    expect(r.ok).toBe(true)
    const event = r.ok ? (r.value[0] as DakEvent) : undefined
    expect(event?.type).toBe('device.enrolment-opened')
    expect(JSON.stringify(event)).not.toContain(CODE)
    expect(event?.payload).toMatchObject({
      codeHash: enrolmentCodeHash('enr-1', CODE),
      expiresAt: T0 + 15 * 60_000,
    })
  })

  it('the new device enrols itself with the code, once, before it expires', () => {
    const { adm, base } = office()
    const opened = adm.emit('device.enrolment-opened', {
      enrolment: 'enr-1',
      label: 'Counter 2',
      codeHash: enrolmentCodeHash('enr-1', CODE),
      expiresAt: T0 + 3_600_000,
    })
    const fresh = createDevice('counter-2', 5, 'pm-1')
    let state = foldEvents([...base, opened])
    const ok = decide(
      state,
      'device.enrol',
      { device: 'counter-2', label: 'Counter 2', publicKey: fresh.publicKey, enrolment: 'enr-1', code: CODE },
      ctxFor(fresh, 'pm-1', T0 + 60_000),
    )
    expect(ok.ok).toBe(true)
    const enrolled = fresh.emit('device.enrolled', {
      device: 'counter-2',
      label: 'Counter 2',
      publicKey: fresh.publicKey,
      enrolment: 'enr-1',
      code: CODE,
    })
    state = foldEvents([...base, opened, enrolled])
    expect(state.identity.devices['counter-2']?.publicKey).toEqual(fresh.publicKey)
    expect(state.identity.enrolments['enr-1']?.usedBy).toBe('counter-2')
    expect(state.identity.flags).toEqual([])
    // The same code cannot enrol a second device.
    const thief = createDevice('thief', 6, 'pm-1')
    const again = decide(
      state,
      'device.enrol',
      { device: 'thief', label: 'x', publicKey: thief.publicKey, enrolment: 'enr-1', code: CODE },
      ctxFor(thief, 'pm-1', T0 + 120_000),
    )
    expect(again.ok ? null : again.error.code).toBe('enrolment-refused')
    const replay = thief.emit('device.enrolled', {
      device: 'thief',
      label: 'x',
      publicKey: thief.publicKey,
      enrolment: 'enr-1',
      code: CODE,
    })
    const s2 = foldEvents([...base, opened, enrolled, replay])
    expect(s2.identity.devices.thief).toBeUndefined()
    expect(s2.identity.flags.map((f) => f.kind)).toEqual(['identity-event-refused'])
  })

  it('refuses an expired or wrong code', () => {
    const { adm, base } = office()
    const opened = adm.emit('device.enrolment-opened', {
      enrolment: 'enr-2',
      label: 'Counter 3',
      codeHash: enrolmentCodeHash('enr-2', CODE),
      expiresAt: T0 + 60_000,
    })
    const state = foldEvents([...base, opened])
    const fresh = createDevice('counter-3', 7)
    const payload = {
      device: 'counter-3',
      label: 'c3',
      publicKey: fresh.publicKey,
      enrolment: 'enr-2',
      code: CODE,
    }
    const late = decide(state, 'device.enrol', payload, ctxFor(fresh, 'pm-1', T0 + 3_600_000))
    expect(late.ok ? null : late.error.message).toMatch(/expired/)
    const wrong = decide(
      state,
      'device.enrol',
      { ...payload, code: `${CODE}x` },
      ctxFor(fresh, 'pm-1', T0 + 1_000),
    )
    expect(wrong.ok ? null : wrong.error.message).toMatch(/does not match/)
  })
})

describe('roles', () => {
  it('refuses device and TOTP administration by someone without the role (command and fold)', () => {
    const { adm, base, state } = office()
    const pa = createDevice('counter-1', 3, 'pa-1')
    const r = decide(state, 'device.revoke', { device: 'adm', reason: 'because' }, ctxFor(pa, 'pa-1', T0))
    expect(r.ok ? null : r.error.code).toBe('role-not-permitted')
    const opened = decide(state, 'device.open-enrolment', { label: 'x', code: CODE }, ctxFor(pa, 'pa-1', T0))
    expect(opened.ok ? null : opened.error.code).toBe('role-not-permitted')
    // An event forged past the command check is refused by every peer's fold and flagged.
    const forged = pa.emit('device.revoked', { device: 'adm', reason: 'coup' })
    const s = foldEvents([...base, forged])
    expect(s.identity.devices.adm?.revoked).toBeNull()
    expect(s.identity.flags).toHaveLength(1)
    expect(s.identity.flags[0]?.message).toMatch(/role-not-permitted/)
    expect(adm.id).toBe('adm')
  })
})

describe('revocation', () => {
  it('flags every event a revoked device makes after the revocation, on every peer, and ignores its identity events', () => {
    const { adm, base } = office()
    const lost = createDevice('counter-1', 3, 'pa-1')
    const enrolled = adm.emit('device.enrolled', directEnrolment(lost))
    const before = lost.emit('counter.deposit', { amount: '10.00' })
    const revoked = adm.emit('device.revoked', { device: 'counter-1', reason: 'phone lost' })
    const after = lost.emit('counter.deposit', { amount: '99999.00' })
    const sneaky = lost.emit('device.enrolment-opened', {
      enrolment: 'enr-x',
      label: 'x',
      codeHash: enrolmentCodeHash('enr-x', CODE),
      expiresAt: T0 + 10 ** 9,
    })
    const state = foldEvents([...base, enrolled, before, revoked, after, sneaky])
    expect(state.identity.flags.map((f) => [f.kind, f.events[1]])).toEqual([
      ['revoked-device-event', after.id],
      ['revoked-device-event', sneaky.id],
    ])
    expect(state.identity.enrolments['enr-x']).toBeUndefined()
    expect(isDeviceAllowed(state, 'counter-1', before.hlc)).toBe(true)
    expect(isDeviceAllowed(state, 'counter-1', after.hlc)).toBe(false)
    expect(isDeviceAllowed(state, 'nobody', before.hlc)).toBe(false)
    expect(activeDeviceKey(state, 'counter-1')).toBeUndefined()
    // A person acknowledges a flag with conflict.resolved; it is then closed on every peer.
    const ack = adm.emit('conflict.resolved', {
      conflictId: state.identity.flags[0]?.id,
      resolution: 'acknowledge',
      reason: 'deposit reversed',
    })
    const s2 = structuredClone(state)
    applyEvent(s2, ack)
    expect(identityModule.conflicts(s2.identity)).toHaveLength(1)
  })

  it('gives the same state whatever order the events arrive in', () => {
    const { adm, base } = office()
    const lost = createDevice('counter-1', 3, 'pa-1')
    const events = [
      adm.emit('device.enrolled', directEnrolment(lost)),
      lost.emit('counter.deposit', { amount: '10.00' }),
      adm.emit('device.revoked', { device: 'counter-1', reason: 'phone lost' }),
      lost.emit('counter.deposit', { amount: '20.00' }),
    ]
    const forward = foldEvents([...base, ...events])
    const backward = foldEvents([...events].reverse(), [...base].reverse())
    expect(backward.identity).toEqual(forward.identity)
  })
})

describe('TOTP enrolment', () => {
  const secret = totpSecretBase32(new Uint8Array(20).map((_, i) => 200 - i))

  it('records the credential after a confirming code, without the secret', () => {
    const { adm, state } = office()
    const now = T0 + 5_000
    const r = decide(
      state,
      'staff.enrol-totp',
      {
        credential: 'cred-1',
        staff: 'pa-1',
        devices: ['counter-1'],
        secret,
        code: totpCode({ secret, now }),
      },
      ctxFor(adm, 'pm-1', now),
    )
    expect(r.ok).toBe(true)
    const event = r.ok ? (r.value[0] as DakEvent) : undefined
    expect(JSON.stringify(event)).not.toContain(secret)
    expect(event?.payload).toMatchObject({
      secretCheck: totpSecretCheck('cred-1', secret),
      algorithm: 'SHA1',
      digits: 6,
    })
    const s = foldEvents([event as DakEvent], office().base)
    expect(totpCredentialsFor(s, 'pa-1', 'counter-1').map((c) => c.id)).toEqual(['cred-1'])
    expect(totpCredentialsFor(s, 'pa-1', 'other-device')).toEqual([])
  })

  it('refuses enrolment without a valid first code, or for unknown staff', () => {
    const { adm, state } = office()
    const now = T0 + 5_000
    const payload = { staff: 'pa-1', devices: ['counter-1'], secret, code: '000000' }
    const r = decide(state, 'staff.enrol-totp', payload, ctxFor(adm, 'pm-1', now))
    expect(r.ok ? null : r.error.code).toBe('totp-not-confirmed')
    const r2 = decide(
      state,
      'staff.enrol-totp',
      { ...payload, staff: 'ghost', code: totpCode({ secret, now }) },
      ctxFor(adm, 'pm-1', now),
    )
    expect(r2.ok ? null : r2.error.code).toBe('unknown-staff')
    const r3 = decide(
      state,
      'staff.enrol-totp',
      { ...payload, secret: 'not base32!' },
      ctxFor(adm, 'pm-1', now),
    )
    expect(r3.ok ? null : r3.error.code).toBe('invalid-payload')
  })
})
