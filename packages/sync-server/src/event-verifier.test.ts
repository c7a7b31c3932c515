import { webcrypto } from 'node:crypto'
import {
  type DakEvent,
  type DevicePublicKey,
  ed25519PublicKey,
  fold,
  linkEvent,
  nobleVerifier,
  type Signer,
  signEvent,
  signEventWith,
  signingPayload,
  verifyEventSignature,
} from '@dak/core'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { TokenClaims } from './auth/token.ts'
import { createNodeVerifier, createSignatureHook, verifyUpdateEvents } from './event-verifier.ts'
import { JOURNAL_MAP } from './validate.ts'

const OFFICE = 'SO-600004'
const DATE = '2026-11-30'
const ROOM = `office/${OFFICE}/day/${DATE}`
const T0 = Date.UTC(2026, 10, 30, 6, 0, 0)
const hlcAt = (ms: number, node: string) => `${new Date(ms).toISOString()}-0000-${node}`

let clock = T0
let seq = 0

/** A device that stamps, chains and signs events as the PWA does, with a sync or WebCrypto signer. */
function device(id: string, publicKey: DevicePublicKey, sign: (e: DakEvent) => DakEvent | Promise<DakEvent>) {
  let last: DakEvent | undefined
  return {
    id,
    publicKey,
    /** Makes the next event; `link: false` leaves the chain head where it was (to build a gap). */
    async emit(type = 'counter.deposit', payload: unknown = { amount: '5.00' }, actor = 'pa-1') {
      clock += 1000
      const unsigned: DakEvent = {
        id: `${id}:${(seq++).toString().padStart(4, '0')}`,
        type,
        v: 1,
        office: OFFICE,
        date: DATE,
        actor,
        device: id,
        duty: null,
        hlc: hlcAt(clock, id),
        at: clock,
        payload,
      }
      last = await sign(linkEvent(unsigned, last))
      return last
    },
  }
}

function nobleDevice(id: string, seed: number) {
  const secret = new Uint8Array(32).fill(seed)
  return device(id, ed25519PublicKey(secret), (e) => signEvent(e, secret))
}

async function webCryptoDevice(id: string, alg: 'Ed25519' | 'ECDSA-P256') {
  const subtle = webcrypto.subtle
  const algorithm = alg === 'Ed25519' ? { name: 'Ed25519' } : { name: 'ECDSA', namedCurve: 'P-256' }
  const pair = (await subtle.generateKey(algorithm, false, ['sign', 'verify'])) as webcrypto.CryptoKeyPair
  const raw = new Uint8Array(await subtle.exportKey('raw', pair.publicKey))
  const params = alg === 'Ed25519' ? { name: 'Ed25519' } : { name: 'ECDSA', hash: 'SHA-256' }
  const signer: Signer = async (bytes) => new Uint8Array(await subtle.sign(params, pair.privateKey, bytes))
  const key: DevicePublicKey = { alg, key: Buffer.from(raw).toString('base64url') }
  return device(id, key, (e) => signEventWith(e, signer))
}

/** Reference events: an office, its staff and roles, enrolled devices (recorded by the divisional admin). */
function reference(
  enrolled: { id: string; publicKey: DevicePublicKey }[],
  revoked: string[] = [],
): DakEvent[] {
  let n = 0
  const ev = (type: string, payload: unknown): DakEvent => ({
    id: `ref-${(n++).toString().padStart(3, '0')}`,
    type,
    v: 1,
    office: OFFICE,
    date: '2026-11-01',
    actor: 'da-1',
    device: 'seed',
    duty: null,
    hlc: hlcAt(T0 - 86_400_000 + n * 1000, 'seed'),
    at: T0 - 86_400_000,
    payload,
  })
  const office = {
    id: OFFICE,
    name: 'Mylapore SO',
    kind: 'SO',
    pincode: '600004',
    accountOffice: null,
    division: 'Chennai City Central',
    lat: null,
    lon: null,
    authorisedMax: '50000.00',
    authorisedMin: '0.00',
  }
  return [
    ev('office.registered', office),
    ev('staff.registered', { id: 'da-1', name: 'Divisional admin', office: OFFICE }),
    ev('staff.registered', { id: 'pa-1', name: 'Ravi', office: OFFICE }),
    ev('role.granted', { staff: 'da-1', role: 'divisional-admin', office: OFFICE }),
    ev('role.granted', { staff: 'pa-1', role: 'postal-assistant', office: OFFICE }),
    ...enrolled.map((d) =>
      ev('device.enrolled', { device: d.id, label: d.id, publicKey: d.publicKey, enrolment: null }),
    ),
    ...revoked.map((id) => ev('device.revoked', { device: id, reason: 'phone lost' })),
  ]
}

const claims: TokenClaims = {
  staff: 'pa-1',
  office: OFFICE,
  device: 'counter-1',
  role: 'postal-assistant',
  rooms: [`office/${OFFICE}/*`],
  scope: 'rw',
  iat: 0,
  exp: 2 ** 31,
}

/** What the connection does with one update: the hook for each added event, then apply, or refuse. */
function deliver(hook: ReturnType<typeof createSignatureHook>, doc: Y.Doc, events: DakEvent[], room = ROOM) {
  for (const e of events) {
    const v = hook(e as never, { room, claims, doc })
    if (!v.ok) return v.code
  }
  doc.transact(() => {
    for (const e of events) doc.getMap(JOURNAL_MAP).set(e.id, e)
  })
  return 'ok'
}

describe('createNodeVerifier', () => {
  it('agrees with core noble verifier on genuine and forged Ed25519 and P-256 signatures, caching keys', async () => {
    const node = createNodeVerifier()
    for (const d of [nobleDevice('n-1', 3), await webCryptoDevice('w-1', 'ECDSA-P256')]) {
      for (let i = 0; i < 4; i++) {
        const e = await d.emit()
        const forged = { ...e, payload: { amount: '5000.00' } }
        for (const x of [e, forged]) {
          const native = verifyEventSignature(x, d.publicKey, node)
          expect(native.ok).toBe(verifyEventSignature(x, d.publicKey, nobleVerifier).ok)
          expect(native.ok).toBe(x === e)
        }
      }
    }
    expect(node.cachedKeys()).toBe(2)
  })

  it('keeps at most maxKeys key objects', async () => {
    const node = createNodeVerifier({ maxKeys: 2 })
    for (let s = 1; s <= 4; s++) {
      const d = nobleDevice(`k-${s}`, s)
      expect(verifyEventSignature(await d.emit(), d.publicKey, node).ok).toBe(true)
    }
    expect(node.cachedKeys()).toBe(2)
  })

  it('refuses a signature whose S is pushed past the group order (no malleability)', async () => {
    const d = nobleDevice('m-1', 5)
    const e = await d.emit()
    const sig = Buffer.from(e.sig ?? '', 'base64url')
    // S + L (little-endian), a classic Ed25519 malleation that a lax verifier accepts
    const L = 2n ** 252n + 27742317777372353535851937790883648493n
    let s = 0n
    for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(sig[32 + i] ?? 0)
    let t = s + L
    for (let i = 0; i < 32; i++) {
      sig[32 + i] = Number(t & 0xffn)
      t >>= 8n
    }
    const malleated = { ...e, sig: sig.toString('base64url') }
    expect(verifyEventSignature(malleated, d.publicKey, createNodeVerifier()).ok).toBe(false)
    expect(verifyEventSignature(malleated, d.publicKey, nobleVerifier).ok).toBe(false)
  })
})

describe('verifyUpdateEvents', () => {
  const node = createNodeVerifier()
  const setup = () => {
    const counter = nobleDevice('counter-1', 2)
    const ref = reference([counter])
    const held = new Map(ref.map((e) => [e.id, e]))
    return { counter, state: fold(ref), getEvent: (id: string) => held.get(id) }
  }

  it('accepts a chain of signed events carried by one update', async () => {
    const { counter, state, getEvent } = setup()
    const events = [await counter.emit(), await counter.emit(), await counter.emit()]
    const r = verifyUpdateEvents(state, events.reverse(), { getEvent, verifier: node })
    expect(r.ok && r.accepted.length).toBe(3)
  })

  it('returns the first refusal with its stable code', async () => {
    const { counter, state, getEvent } = setup()
    const a = await counter.emit()
    await counter.emit() // never sent: the next one follows a gap
    const c = await counter.emit()
    const r = verifyUpdateEvents(state, [a, c], { getEvent, verifier: node })
    expect(r.ok ? null : [r.error.code, r.error.event]).toEqual(['chain-gap', c.id])
    const { sig: _sig, ...unsigned } = a
    const m = verifyUpdateEvents(state, [unsigned as DakEvent, c], { getEvent, verifier: node })
    expect(m.ok ? null : m.refused.map((x) => x.code)).toEqual(['missing-signature', 'chain-gap'])
  })
})

describe('createSignatureHook (the server hook)', () => {
  it('accepts Ed25519 (core), WebCrypto Ed25519 and WebCrypto P-256 devices, chaining across updates', async () => {
    const devices = [
      nobleDevice('counter-1', 2),
      await webCryptoDevice('counter-2', 'Ed25519'),
      await webCryptoDevice('counter-3', 'ECDSA-P256'),
    ]
    const ref = reference(devices)
    const hook = createSignatureHook({ reference: () => ref, now: () => clock })
    const doc = new Y.Doc()
    for (const d of devices) {
      expect(deliver(hook, doc, [await d.emit(), await d.emit()])).toBe('ok')
      expect(deliver(hook, doc, [await d.emit()])).toBe('ok')
    }
    expect(doc.getMap(JOURNAL_MAP).size).toBe(9)
  })

  it('refuses a forged, a missing and a replayed signature, and an unknown device', async () => {
    const counter = nobleDevice('counter-1', 2)
    const ref = reference([counter])
    const hook = createSignatureHook({ reference: () => ref })
    const doc = new Y.Doc()
    const e = await counter.emit()
    expect(deliver(hook, doc, [signEvent(e, new Uint8Array(32).fill(9))])).toBe('bad-signature')
    expect(deliver(hook, doc, [{ ...e, payload: { amount: '5000.00' } }])).toBe('bad-signature')
    const { sig: _sig, ...unsigned } = e
    expect(deliver(hook, doc, [unsigned as DakEvent])).toBe('missing-signature')
    expect(deliver(hook, doc, [e])).toBe('ok')
    expect(deliver(hook, doc, [e])).toBe('duplicate-event')
    const stranger = nobleDevice('stranger', 4)
    expect(deliver(hook, doc, [await stranger.emit()])).toBe('unknown-device')
  })

  it('refuses a revoked device, whatever its stamp', async () => {
    const lost = nobleDevice('lost-phone', 6)
    const ref = reference([lost], ['lost-phone'])
    const hook = createSignatureHook({ reference: () => ref })
    expect(deliver(hook, new Y.Doc(), [await lost.emit()])).toBe('revoked-device')
  })

  it('refuses a chain gap, and a refused update leaves no trace for the next one', async () => {
    const counter = nobleDevice('counter-1', 2)
    const ref = reference([counter])
    const hook = createSignatureHook({ reference: () => ref })
    const doc = new Y.Doc()
    const a = await counter.emit()
    const b = await counter.emit()
    const c = await counter.emit()
    expect(deliver(hook, doc, [a, c])).toBe('chain-gap') // a passed the hook, then c was refused
    // the next update (a later message) is checked against the room as it is, not the refused one
    await Promise.resolve()
    expect(deliver(hook, doc, [a, b, c])).toBe('ok')
  })

  it('learns devices enrolled in the room and from a new reference array', async () => {
    const counter = nobleDevice('counter-1', 2)
    const late = nobleDevice('late', 8)
    let ref = reference([counter])
    const hook = createSignatureHook({ reference: () => ref })
    const doc = new Y.Doc()
    const first = await late.emit()
    expect(deliver(hook, doc, [first])).toBe('unknown-device')
    ref = reference([counter, late])
    expect(deliver(hook, doc, [first])).toBe('ok')
    // an admin device records a new key in today's room; the same update may carry the new device's events
    const admin = nobleDevice('adm', 11)
    ref = reference([counter, late, admin])
    const fresh = nobleDevice('fresh', 12)
    const enrol = await admin.emit(
      'device.enrolled',
      { device: 'fresh', label: 'fresh', publicKey: fresh.publicKey, enrolment: null },
      'da-1',
    )
    expect(deliver(hook, doc, [enrol, await fresh.emit()])).toBe('ok')
    expect(deliver(hook, doc, [await fresh.emit()])).toBe('ok')
  })

  it('knows a device enrolled in one room when it writes to another room of the office (inbox, next day)', async () => {
    const admin = nobleDevice('adm', 11)
    const ref = reference([admin])
    const hook = createSignatureHook({ reference: () => ref })
    const fresh = nobleDevice('fresh', 12)
    const inbox = new Y.Doc()
    const beforeEnrolment = await fresh.emit()
    expect(deliver(hook, inbox, [beforeEnrolment], `office/${OFFICE}/inbox`)).toBe('unknown-device')
    const day = new Y.Doc()
    const enrol = await admin.emit(
      'device.enrolled',
      { device: 'fresh', label: 'fresh', publicKey: fresh.publicKey, enrolment: null },
      'da-1',
    )
    expect(deliver(hook, day, [enrol])).toBe('ok')
    expect(deliver(hook, inbox, [await fresh.emit()], `office/${OFFICE}/inbox`)).toBe('ok')
    // the next day's room starts a new chain (no prev) and still finds the key
    const tomorrow = new Y.Doc()
    const { prev: _prev, sig: _sig, ...bare } = await fresh.emit()
    const signedNext = signEvent({ ...bare, date: '2026-12-01' }, new Uint8Array(32).fill(12))
    expect(deliver(hook, tomorrow, [signedNext], `office/${OFFICE}/day/2026-12-01`)).toBe('ok')
  })

  it('checks signatures but not chains in an inbox room (the chain lives in the sender day room)', async () => {
    const counter = nobleDevice('counter-1', 2)
    const ref = reference([counter])
    const hook = createSignatureHook({ reference: () => ref })
    const inbox = new Y.Doc()
    await counter.emit() // stays in the sender's day room
    const copy = await counter.emit()
    expect(deliver(hook, inbox, [copy], `office/HO-600001/inbox`)).toBe('ok')
    const forged = { ...(await counter.emit()), actor: 'da-1' }
    expect(deliver(hook, inbox, [forged], `office/HO-600001/inbox`)).toBe('bad-signature')
    expect(deliver(hook, inbox, [copy], `office/HO-600001/inbox`)).toBe('duplicate-event')
  })

  it('verifies the bytes WebCrypto signs (the signing payload is the canonical event without sig)', async () => {
    const d = await webCryptoDevice('counter-9', 'ECDSA-P256')
    const e = await d.emit()
    expect(signingPayload(e).length).toBeGreaterThan(100)
    expect(verifyEventSignature(e, d.publicKey, createNodeVerifier()).ok).toBe(true)
  })
})
