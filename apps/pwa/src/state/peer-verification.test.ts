import 'fake-indexeddb/auto'
import {
  attachSignature,
  type DakEvent,
  ed25519PublicKey,
  fold,
  linkEvent,
  type State,
  signEvent,
  signingPayload,
} from '@dak/core'
import { createJournal } from '@dak/core/yjs'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { peerFlags, peerVerified } from './peer-flags.ts'
import { attachPeerVerification, createPeerVerifier } from './peer-verification.ts'
import type { OfficeStore } from './store.ts'

const OFFICE = 'panem-so'
const DATE = '2026-11-30'
const T0 = Date.UTC(2026, 10, 30, 6, 0, 0)
let tick = 0
let dbs = 0
const freshDb = () => `peer-keys-test-${dbs++}`
const immediate = () => Promise.resolve()

const secretOf = (n: number) => new Uint8Array(32).fill(n)
const KEY_A = secretOf(1)
const KEY_B = secretOf(2)
const KEY_X = secretOf(9)

function event(device: string, overrides: Partial<DakEvent> = {}): DakEvent {
  tick++
  return {
    id: `${device}-${tick.toString().padStart(4, '0')}`,
    type: 'counter.deposit',
    v: 1,
    office: OFFICE,
    date: DATE,
    actor: 'so-pa1',
    device,
    duty: null,
    hlc: `${new Date(T0 + tick * 1000).toISOString()}-0000-${device}`,
    at: T0 + tick * 1000,
    payload: { amount: `${tick}.00` },
    ...overrides,
  }
}

const enrolled = (device: string, secret: Uint8Array) =>
  signEvent(
    event(device, {
      type: 'device.enrolled',
      actor: 'so-spm',
      payload: { device, label: device, publicKey: ed25519PublicKey(secret), enrolment: null },
    }),
    secret,
  )

/** Genesis office (no grants): devices a and b enrolled, b later revoked by a. */
function office() {
  const enrolA = enrolled('dev-a', KEY_A)
  const enrolB = enrolled('dev-b', KEY_B)
  const beforeRevoke = signEvent(linkEvent(event('dev-b'), enrolB), KEY_B)
  const revoke = signEvent(
    linkEvent(
      event('dev-a', { type: 'device.revoked', payload: { device: 'dev-b', reason: 'phone lost' } }),
      enrolA,
    ),
    KEY_A,
  )
  const identity = [enrolA, enrolB, revoke]
  return { identity, state: fold(identity), beforeRevoke }
}

describe('peer verification', () => {
  it('verifies good events and flags missing, bad and revoked ones, naming device and event', async () => {
    const { identity, state, beforeRevoke } = office()
    const v = createPeerVerifier({
      ownDevice: 'dev-me',
      state: () => state,
      dbName: null,
      yieldToUi: immediate,
    })
    const good = signEvent(event('dev-a'), KEY_A)
    const tampered = { ...signEvent(event('dev-a'), KEY_A), payload: { amount: '99999.00' } }
    const unsigned = event('dev-a')
    const forged = signEvent(event('dev-a'), KEY_X)
    const afterRevoke = signEvent(event('dev-b'), KEY_B)
    await v.check([...identity, good, tampered, unsigned, forged, beforeRevoke, afterRevoke])
    const r = v.report()
    expect(r.flags.map((f) => [f.code, f.event, f.device])).toEqual([
      ['bad-signature', tampered.id, 'dev-a'],
      ['missing-signature', unsigned.id, 'dev-a'],
      ['bad-signature', forged.id, 'dev-a'],
      ['revoked-device', afterRevoke.id, 'dev-b'],
    ])
    expect(r.verified).toBe(identity.length + 2)
    expect(r.unverified).toBe(0)
  })

  it('checks each id once, skips its own device, and counts unknown devices as unverified, not trusted', async () => {
    const { state } = office()
    const v = createPeerVerifier({
      ownDevice: 'dev-a',
      state: () => state,
      dbName: null,
      yieldToUi: immediate,
    })
    const mine = event('dev-a') // unsigned, but this device's own: not re-checked
    const stranger = signEvent(event('dev-z', { office: 'nandyal-ho' }), KEY_X)
    const b = signEvent(event('dev-b', { hlc: '2026-11-30T00:00:00.000Z-0000-dev-b' }), KEY_B)
    await v.check([mine, stranger, b])
    await v.check([stranger, b])
    expect(v.report()).toEqual({ flags: [], verified: 1, unverified: 1, pending: 0 })
  })

  it('flags a device claiming another office', async () => {
    const { state } = office()
    const v = createPeerVerifier({
      ownDevice: 'dev-me',
      state: () => state,
      dbName: null,
      yieldToUi: immediate,
    })
    await v.check([signEvent(event('dev-a', { office: 'nandyal-ho' }), KEY_A)])
    expect(v.report().flags.map((f) => f.code)).toEqual(['wrong-office'])
  })

  it('verifies ECDSA P-256 signatures from WebCrypto, and falls back to noble where WebCrypto lacks Ed25519', async () => {
    const subtle = globalThis.crypto.subtle
    const pair = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])
    const raw = new Uint8Array(await subtle.exportKey('raw', pair.publicKey))
    const key = Buffer.from(raw).toString('base64url')
    const state = fold([
      signEvent(
        event('dev-a', {
          type: 'device.enrolled',
          payload: { device: 'dev-a', label: 'a', publicKey: ed25519PublicKey(KEY_A), enrolment: null },
        }),
        KEY_A,
      ),
      signEvent(
        event('dev-a', {
          type: 'device.enrolled',
          payload: { device: 'dev-p', label: 'p', publicKey: { alg: 'ECDSA-P256', key }, enrolment: null },
        }),
        KEY_A,
      ),
    ])
    expect(state.identity.devices['dev-p']).toBeDefined()
    const sign = async (e: DakEvent) =>
      attachSignature(
        e,
        new Uint8Array(
          await subtle.sign(
            { name: 'ECDSA', hash: 'SHA-256' },
            pair.privateKey,
            signingPayload(e) as Uint8Array<ArrayBuffer>,
          ),
        ),
      )
    const p1 = await sign(event('dev-p'))
    const p2 = { ...(await sign(event('dev-p'))), actor: 'so-pm' }
    const noEd25519 = new Proxy(subtle, {
      get(target, prop) {
        if (prop === 'importKey') {
          return (
            format: 'raw',
            data: BufferSource,
            alg: AlgorithmIdentifier,
            ...rest: [boolean, KeyUsage[]]
          ) =>
            (typeof alg === 'string' ? alg : alg.name) === 'Ed25519'
              ? Promise.reject(new DOMException('no Ed25519', 'NotSupportedError'))
              : target.importKey(format, data, alg, ...rest)
        }
        const value = Reflect.get(target, prop, target) as unknown
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    const v = createPeerVerifier({
      ownDevice: 'dev-me',
      state: () => state,
      dbName: null,
      yieldToUi: immediate,
      subtle: noEd25519,
    })
    await v.check([
      p1,
      p2,
      signEvent(event('dev-a'), KEY_A),
      { ...signEvent(event('dev-a'), KEY_A), duty: 'x' },
    ])
    expect(v.report().flags.map((f) => [f.code, f.event])).toEqual([
      ['bad-signature', p2.id],
      ['bad-signature', expect.any(String)],
    ])
    expect(v.report().verified).toBe(2)
  })

  it('remembers keys and revocations learnt on an earlier day (a new day room holds no enrolments)', async () => {
    const dbName = freshDb()
    const { state } = office()
    await createPeerVerifier({ ownDevice: 'me', state: () => state, dbName, yieldToUi: immediate }).check([
      signEvent(event('dev-a'), KEY_A),
    ])
    const nextDay = fold([])
    const v = createPeerVerifier({ ownDevice: 'me', state: () => nextDay, dbName, yieldToUi: immediate })
    const later = signEvent(event('dev-b', { date: '2026-12-01' }), KEY_B)
    await v.check([signEvent(event('dev-a', { date: '2026-12-01' }), KEY_A), later])
    expect(v.report().verified).toBe(1)
    expect(v.report().flags.map((f) => [f.code, f.event])).toEqual([['revoked-device', later.id]])
  })

  it('attached to a store, checks what is held, then each remote transaction, and publishes the flags', async () => {
    const { identity } = office()
    const room = () => {
      const doc = new Y.Doc()
      return { doc, journal: createJournal(doc, { validate: false }) }
    }
    const day = room()
    const inbox = room()
    day.journal.append(identity)
    const store = {
      ctx: { office: OFFICE, date: DATE, staff: 'so-spm', device: 'dev-me' },
      day,
      inbox,
      state: (): State => day.journal.state,
    } as unknown as Pick<OfficeStore, 'ctx' | 'day' | 'inbox' | 'state'>
    const attached = attachPeerVerification(store, { dbName: null, yieldToUi: immediate })
    await attached.verifier.check([])
    // a remote peer's transaction: one good event and one forged one, as a Yjs update
    const peer = room()
    Y.applyUpdate(peer.doc, Y.encodeStateAsUpdate(day.doc))
    const a = chainOf('dev-a', KEY_A, [identity[2] as DakEvent])
    const good = a.next()
    const forged = signEvent(linkEvent(event('dev-a'), good), KEY_X)
    peer.journal.append([good, forged])
    Y.applyUpdate(day.doc, Y.encodeStateAsUpdate(peer.doc, Y.encodeStateVector(day.doc)), 'remote')
    await attached.verifier.check([])
    await expect.poll(() => peerFlags.value.map((f) => f.event)).toEqual([forged.id])
    expect(peerVerified.value).toBe(identity.length + 1)
    attached.stop()
    expect(peerFlags.value).toEqual([])
  })
})

/** Continues a device's chain after `before` (its events already made), signing with `secret`. */
function chainOf(device: string, secret: Uint8Array, before: readonly DakEvent[] = []) {
  let last = before.at(-1)
  return {
    next(overrides: Partial<DakEvent> = {}): DakEvent {
      const e = signEvent(linkEvent(event(device, overrides), last), secret)
      last = e
      return e
    },
  }
}

const officeRef = (id: string, type: string, payload: unknown) =>
  event('dev-ref', { id, type, actor: 'so-da', payload, hlc: `2026-11-01T00:00:00.000Z-0000-${id}` })

/** Reference data with roles: a divisional admin, the postmaster (so-spm) and a postal assistant (so-pa1). */
const REFERENCE: DakEvent[] = [
  officeRef('r1', 'office.registered', {
    id: OFFICE,
    name: 'Panem SO',
    kind: 'SO',
    pincode: '518112',
    accountOffice: null,
    division: 'Kurnool',
    lat: null,
    lon: null,
    authorisedMax: '50000.00',
    authorisedMin: '0.00',
  }),
  officeRef('r2', 'staff.registered', { id: 'so-da', name: 'Admin', office: OFFICE }),
  officeRef('r3', 'staff.registered', { id: 'so-spm', name: 'SPM', office: OFFICE }),
  officeRef('r4', 'staff.registered', { id: 'so-pa1', name: 'PA', office: OFFICE }),
  officeRef('r5', 'role.granted', { staff: 'so-da', role: 'divisional-admin', office: OFFICE }),
  officeRef('r6', 'role.granted', { staff: 'so-spm', role: 'postmaster', office: OFFICE }),
  officeRef('r7', 'role.granted', { staff: 'so-pa1', role: 'postal-assistant', office: OFFICE }),
]

describe('peer verification: chains and roles (core auditTrust over what is held)', () => {
  /** Devices a (the postmaster's) and b (a clerk's) enrolled in the reference; a verifier holding `held`. */
  function setup() {
    const enrolA = enrolled('dev-a', KEY_A)
    const enrolB = enrolled('dev-b', KEY_B)
    const reference = [
      ...REFERENCE,
      { ...enrolA, hlc: '2026-11-01T00:00:01.000Z-0000-a' },
      { ...enrolB, hlc: '2026-11-01T00:00:01.000Z-0000-b' },
    ]
    const state = fold(reference)
    let held: DakEvent[] = []
    const v = createPeerVerifier({
      ownDevice: 'dev-me',
      state: () => state,
      dbName: null,
      yieldToUi: immediate,
      held: () => ({ reference, events: held, day: { office: OFFICE, date: DATE } }),
    })
    const receive = (events: readonly DakEvent[]) => {
      held = [...held, ...events]
      return v.check(events)
    }
    return { v, receive, a: chainOf('dev-a', KEY_A), b: chainOf('dev-b', KEY_B) }
  }
  const codes = (v: ReturnType<typeof createPeerVerifier>) =>
    v.report().flags.map((f) => `${f.code}@${f.event}`)

  it("a tampered event from a second device: its signature fails, and its successor's link shows the edit", async () => {
    const { v, receive, b } = setup()
    const b1 = b.next()
    const b2 = b.next()
    const b3 = b.next()
    const tampered = { ...b2, payload: { amount: '99999.00' } }
    await receive([b1, tampered, b3])
    expect(codes(v)).toEqual([`bad-signature@${b2.id}`, `chain-edit@${b3.id}`])
  })

  it('a missing predecessor is pending, not flagged, whatever order events arrive in; it clears when it arrives', async () => {
    const { v, receive, b } = setup()
    const [b1, b2, b3] = [b.next(), b.next(), b.next()]
    await receive([b3, b1])
    expect(v.report().flags).toEqual([])
    expect(v.report().pending).toBe(1)
    await receive([b2])
    expect(v.report()).toMatchObject({ flags: [], pending: 0, verified: 3 })
  })

  it('flags a clerk granting roles or approving what only a supervisor may, naming device and actor', async () => {
    const { v, receive, a, b } = setup()
    const begun = a.next({ type: 'day.begun', actor: 'so-spm', payload: {} })
    const grant = b.next({
      type: 'role.granted',
      payload: { staff: 'so-pa1', role: 'postmaster', office: OFFICE },
    })
    const approve = b.next({ type: 'duty.approved', payload: { dutyId: 'd1' } })
    await receive([approve, grant, begun])
    expect(codes(v).sort()).toEqual([`not-authorized@${approve.id}`, `not-authorized@${grant.id}`].sort())
    expect(v.report().flags.every((f) => f.device === 'dev-b' && f.actor === 'so-pa1')).toBe(true)
  })
})
