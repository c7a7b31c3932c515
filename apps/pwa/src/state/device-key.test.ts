import 'fake-indexeddb/auto'
import {
  chainKey,
  type DakEvent,
  initialState,
  parseEvent,
  verifyChains,
  verifyEventSignature,
  verifyIncomingEvents,
} from '@dak/core'
import { createJournal } from '@dak/core/yjs'
import { beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  clearDeviceKey,
  createEventSigner,
  DEVICE_KEY_DB,
  type DeviceKey,
  enrolmentPayload,
  loadDeviceKey,
  loadOrCreateDeviceKey,
} from './device-key.ts'
import { openKv } from './idb-kv.ts'

const OFFICE = 'SO-600004'
const DATE = '2026-11-30'
const T0 = Date.UTC(2026, 10, 30, 6, 0, 0)
let tick = 0

function event(device: string, overrides: Partial<DakEvent> = {}): DakEvent {
  tick++
  return {
    id: `${device}-${tick.toString().padStart(4, '0')}`,
    type: 'counter.deposit',
    v: 1,
    office: OFFICE,
    date: DATE,
    actor: 'pa-1',
    device,
    duty: null,
    hlc: `${new Date(T0 + tick * 1000).toISOString()}-0000-${device}`,
    at: T0 + tick * 1000,
    payload: { amount: `${tick}.00` },
    ...overrides,
  }
}

/** WebCrypto as in a browser without Ed25519 (its generateKey throws NotSupportedError). */
function subtleWithoutEd25519(): SubtleCrypto {
  const real = globalThis.crypto.subtle
  return new Proxy(real, {
    get(target, prop) {
      if (prop === 'generateKey') {
        return (alg: AlgorithmIdentifier, ...rest: [boolean, KeyUsage[]]) => {
          if ((typeof alg === 'string' ? alg : alg.name) === 'Ed25519')
            return Promise.reject(new DOMException('Ed25519 is not supported', 'NotSupportedError'))
          return target.generateKey(alg as EcKeyGenParams, ...rest)
        }
      }
      const value = Reflect.get(target, prop, target) as unknown
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

beforeEach(async () => {
  await clearDeviceKey()
})

describe('device key', () => {
  it('makes a non-extractable Ed25519 pair once and keeps it in its own IndexedDB database', async () => {
    const [a, b] = await Promise.all([loadOrCreateDeviceKey(), loadOrCreateDeviceKey()])
    expect(a.alg).toBe('Ed25519')
    expect(b.publicKey).toEqual(a.publicKey)
    expect((await loadOrCreateDeviceKey()).publicKey).toEqual(a.publicKey)
    const stored = await openKv(DEVICE_KEY_DB).get<{ pair: CryptoKeyPair }>('device-key')
    expect(stored?.pair.privateKey.extractable).toBe(false)
    expect(stored?.pair.privateKey.type).toBe('private')
    // 32 raw bytes in unpadded base64url
    expect(a.publicKey.key).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('signs what core verifies', async () => {
    const key = await loadOrCreateDeviceKey()
    const signer = createEventSigner('dev-a', { key })
    const [e] = await signer.sealOutgoing([event('dev-a')])
    expect(e && verifyEventSignature(e, key.publicKey).ok).toBe(true)
    expect(e && verifyEventSignature({ ...e, actor: 'pm-1' }, key.publicKey).ok).toBe(false)
  })

  it('falls back to ECDSA P-256 when Ed25519 generateKey throws', async () => {
    const subtle = subtleWithoutEd25519()
    const key = await loadOrCreateDeviceKey({ subtle })
    expect(key.alg).toBe('ECDSA-P256')
    expect(key.publicKey.key).toMatch(/^[A-Za-z0-9_-]{87}$/) // 65 uncompressed bytes
    const signer = createEventSigner('dev-p', { key })
    const sealed = await signer.sealOutgoing([event('dev-p'), event('dev-p')])
    for (const e of sealed) expect(verifyEventSignature(e, key.publicKey).ok).toBe(true)
    // the stored pair is read back with its algorithm after a reload
    expect((await loadDeviceKey({ subtle }))?.alg).toBe('ECDSA-P256')
  })

  it('builds a device.enrolled payload that core accepts, with or without a code', async () => {
    const key = await loadOrCreateDeviceKey()
    const self = enrolmentPayload(key, {
      device: 'dev-a',
      label: 'Counter 1',
      enrolment: 'enr-1',
      code: 'b25lLXRpbWUtZW5yb2xtZW50LWNvZGU',
    })
    const direct = enrolmentPayload(key, { device: 'dev-a', label: 'Counter 1', enrolment: null })
    for (const payload of [self, direct]) {
      const r = parseEvent(event('dev-a', { type: 'device.enrolled', payload }))
      expect(r.ok).toBe(true)
    }
    expect('code' in direct).toBe(false)
  })

  it('clearDeviceKey destroys the pair: the next key is a new one', async () => {
    const first = await loadOrCreateDeviceKey()
    await clearDeviceKey()
    expect(await loadDeviceKey()).toBeUndefined()
    const second = await loadOrCreateDeviceKey()
    expect(second.publicKey.key).not.toBe(first.publicKey.key)
  })
})

describe('createEventSigner', () => {
  let key: DeviceKey
  beforeEach(async () => {
    key = await loadOrCreateDeviceKey()
  })

  it('chains and signs a fresh device: its self-enrolment and first events pass the server check', async () => {
    const signer = createEventSigner('dev-g', { key })
    const enrol = event('dev-g', {
      type: 'device.enrolled',
      payload: enrolmentPayload(key, { device: 'dev-g', label: 'Counter 1', enrolment: null }),
    })
    const sealed = [
      ...(await signer.sealOutgoing([enrol, event('dev-g')])),
      ...(await signer.sealOutgoing([event('dev-g')])),
    ]
    expect(sealed[0]?.prev).toBeUndefined()
    expect(sealed[1]?.prev?.endsWith(`:${sealed[0]?.id}`)).toBe(true)
    expect(verifyChains(sealed)).toEqual([])
    // genesis office: no devices, no grants yet, so the first device may enrol itself (trust on first use)
    const verdict = verifyIncomingEvents(initialState(), sealed)
    expect(verdict.refused).toEqual([])
    expect(verdict.accepted.length).toBe(3)
  })

  it('serialises concurrent seals into one chain (no fork)', async () => {
    const signer = createEventSigner('dev-c', { key })
    const batches = await Promise.all(
      [0, 1, 2, 3].map((i) => signer.sealOutgoing([event('dev-c'), event('dev-c', { payload: { i } })])),
    )
    const all = batches.flat()
    expect(all.filter((e) => e.prev === undefined).length).toBe(1)
    expect(verifyChains(all)).toEqual([])
  })

  it('keeps one chain per office day', async () => {
    const signer = createEventSigner('dev-d', { key })
    const [a, b, c] = await signer.sealOutgoing([
      event('dev-d'),
      event('dev-d', { date: '2026-12-01' }),
      event('dev-d'),
    ])
    expect(b?.prev).toBeUndefined()
    expect(c?.prev?.endsWith(`:${a?.id}`)).toBe(true)
  })

  it('keeps the head across a reload, and forgets sealed events whose append failed', async () => {
    const first = createEventSigner('dev-r', { key })
    const [a] = await first.sealOutgoing([event('dev-r')])
    const failed = await first.sealOutgoing([event('dev-r'), event('dev-r')])
    await first.forget(failed)
    const again = createEventSigner('dev-r', { key }) // a reload
    const [b] = await again.sealOutgoing([event('dev-r')])
    expect(b?.prev?.endsWith(`:${a?.id}`)).toBe(true)
  })

  it('follows the journal when the store says what it holds (a head lost in a crash is not linked to)', async () => {
    const journal: DakEvent[] = []
    const lastOwnEvent = () => journal[journal.length - 1]
    const signer = createEventSigner('dev-j', { key, lastOwnEvent })
    journal.push(...(await signer.sealOutgoing([event('dev-j')])))
    await signer.sealOutgoing([event('dev-j')]) // sealed but never appended, and not forgotten: a crash
    const afterReload = createEventSigner('dev-j', { key, lastOwnEvent })
    const [next] = await afterReload.sealOutgoing([event('dev-j')])
    expect(next?.prev?.endsWith(`:${journal[0]?.id}`)).toBe(true)
  })

  it('throws on an event of another device (a bug in the caller)', async () => {
    const signer = createEventSigner('dev-x', { key })
    await expect(signer.sealOutgoing([event('dev-y')])).rejects.toThrow(/not dev-x/)
  })

  it('feeds the store path: sealed events append to the Yjs journal, whose chain head links the next seal', async () => {
    const journal = createJournal(new Y.Doc(), { validate: false })
    const lastOwnEvent = (office: string, date: string) => {
      const head = journal.state.identity.heads[chainKey({ office, date, device: 'dev-s' })]
      return head ? journal.get(head.id) : undefined
    }
    for (let i = 0; i < 3; i++) {
      const signer = createEventSigner('dev-s', { key, lastOwnEvent }) // a fresh signer each time: a reload
      const appended = journal.append(await signer.sealOutgoing([event('dev-s')]))
      expect(appended.ok).toBe(true)
    }
    expect(verifyChains(journal.events())).toEqual([])
    expect(journal.events().every((e) => e.sig && verifyEventSignature(e, key.publicKey).ok)).toBe(true)
  })
})
