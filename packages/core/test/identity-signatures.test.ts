import { createPublicKey, verify as cryptoVerify, webcrypto } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { DakEvent } from '../src/events/envelope.ts'
import { fromBase64Url, toBase64Url } from '../src/identity/bytes.ts'
import { canonicalJson, signingPayload, signingText } from '../src/identity/canonical.ts'
import {
  attachSignature,
  checkPublicKey,
  type DevicePublicKey,
  type SignatureVerifier,
  signEvent,
  signEventWith,
  verifyEventSignature,
} from '../src/identity/signatures.ts'
import { createDevice, DATE, hlcAt, OFFICE, T0 } from './identity-helpers.ts'

const SEED = Number(process.env.FC_SEED ?? 100_010)

function unsignedEvent(overrides: Partial<DakEvent> = {}): DakEvent {
  return {
    id: 'ev-1',
    type: 'mail.article-booked',
    v: 1,
    office: OFFICE,
    date: DATE,
    actor: 'pa-1',
    device: 'dev-a',
    duty: 'duty-1',
    hlc: hlcAt(T0, 'dev-a'),
    at: T0,
    payload: { article: 'RR287043775IN', amount: '41.00', to: { pin: '600004', name: 'रवि' } },
    ...overrides,
  }
}

describe('canonical encoding', () => {
  it('sorts keys at every depth and is independent of insertion order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: null, y: 'x' }], c: true } })).toBe(
      '{"a":{"c":true,"d":[1,{"y":"x","z":null}]},"b":1}',
    )
    const a = unsignedEvent()
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as unknown as DakEvent
    expect(signingText(reordered)).toBe(signingText(a))
  })

  it('leaves out sig but covers prev', () => {
    const e = unsignedEvent()
    expect(signingText({ ...e, sig: 'anything' })).toBe(signingText(e))
    expect(signingText({ ...e, prev: `${'0'.repeat(64)}:x` })).not.toBe(signingText(e))
  })

  it('round-trips any JSON value and ignores key insertion order (property)', () => {
    const reverseKeys = (x: unknown): unknown => {
      if (Array.isArray(x)) return x.map(reverseKeys)
      if (x === null || typeof x !== 'object') return x
      const out: Record<string, unknown> = {}
      for (const k of Object.keys(x).reverse()) out[k] = reverseKeys((x as Record<string, unknown>)[k])
      return out
    }
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value)
        expect(JSON.parse(text)).toStrictEqual(JSON.parse(JSON.stringify(value)))
        expect(canonicalJson(reverseKeys(value))).toBe(text)
      }),
      { seed: SEED, numRuns: 300 },
    )
    // Keys sort by UTF-16 code units, integer-like keys included (JS objects would put "0" first).
    expect(canonicalJson({ '0': null, '': 0, b: 1, B: 2 })).toBe('{"":0,"0":null,"B":2,"b":1}')
  })

  it('drops undefined members and refuses values with no JSON form', () => {
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}')
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/finite number/)
    expect(() => canonicalJson({ a: 1n })).toThrow(/no JSON form/)
  })

  it('round-trips base64url for any bytes and rejects non-canonical text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes)
      }),
      { seed: SEED, numRuns: 300 },
    )
    expect(fromBase64Url('AB')).toBeUndefined() // leftover bits set: a second spelling of the same byte
    expect(fromBase64Url('a+b/')).toBeUndefined()
  })
})

describe('Ed25519 event signatures', () => {
  const device = createDevice('dev-a', 7)

  it('verifies a signed event against the registered key', () => {
    const signed = signEvent(unsignedEvent(), device.secretKey)
    expect(verifyEventSignature(signed, device.publicKey)).toEqual({ ok: true, value: true })
  })

  it('refuses a missing signature', () => {
    const r = verifyEventSignature(unsignedEvent(), device.publicKey)
    expect(r.ok ? null : r.error.code).toBe('missing-signature')
  })

  it('refuses a forged signature: signed by another key', () => {
    const forger = createDevice('dev-x', 9)
    const forged = signEvent(unsignedEvent(), forger.secretKey)
    const r = verifyEventSignature(forged, device.publicKey)
    expect(r.ok ? null : r.error.code).toBe('bad-signature')
  })

  it('refuses a malformed signature and a malformed key', () => {
    const r1 = verifyEventSignature({ ...unsignedEvent(), sig: '!!' }, device.publicKey)
    expect(r1.ok ? null : r1.error.code).toBe('malformed-signature')
    const r2 = verifyEventSignature(signEvent(unsignedEvent(), device.secretKey), {
      alg: 'Ed25519',
      key: 'AAAA',
    })
    expect(r2.ok ? null : r2.error.code).toBe('malformed-key')
  })

  it('any change to any signed field breaks the signature (property)', () => {
    const signed = signEvent(unsignedEvent(), device.secretKey)
    const fields = ['id', 'type', 'office', 'date', 'actor', 'device', 'duty', 'hlc'] as const
    fc.assert(
      fc.property(
        fc.constantFrom(...fields, 'payload', 'at', 'v', 'prev'),
        fc.string({ minLength: 1 }),
        (field, text) => {
          const tampered: Record<string, unknown> = { ...signed }
          if (field === 'payload') tampered.payload = { ...(signed.payload as object), amount: `9${text}` }
          else if (field === 'at' || field === 'v') tampered[field] = (signed[field] as number) + 1
          else if (field === 'prev') tampered.prev = `${'a'.repeat(64)}:${text}`
          else tampered[field] = `${signed[field] ?? ''}${text}`
          const r = verifyEventSignature(tampered as unknown as DakEvent, device.publicKey)
          expect(r.ok).toBe(false)
        },
      ),
      { seed: SEED, numRuns: 200 },
    )
  })
})

describe('WebCrypto compatibility (what the PWA produces)', () => {
  const subtle = webcrypto.subtle

  async function rawKey(key: webcrypto.CryptoKey): Promise<string> {
    return toBase64Url(new Uint8Array(await subtle.exportKey('raw', key)))
  }

  it('verifies an event signed with a non-extractable WebCrypto Ed25519 key', async () => {
    const pair = (await subtle.generateKey({ name: 'Ed25519' }, false, [
      'sign',
      'verify',
    ])) as webcrypto.CryptoKeyPair
    expect(pair.privateKey.extractable).toBe(false)
    const key: DevicePublicKey = { alg: 'Ed25519', key: await rawKey(pair.publicKey) }
    const signed = await signEventWith(
      unsignedEvent(),
      async (bytes) => new Uint8Array(await subtle.sign({ name: 'Ed25519' }, pair.privateKey, bytes)),
    )
    expect(verifyEventSignature(signed, key).ok).toBe(true)
    expect(verifyEventSignature({ ...signed, actor: 'pm-1' }, key).ok).toBe(false)
  })

  it('verifies an event signed with WebCrypto ECDSA P-256 (the fallback), several times for high and low S', async () => {
    const pair = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ])) as webcrypto.CryptoKeyPair
    const key: DevicePublicKey = { alg: 'ECDSA-P256', key: await rawKey(pair.publicKey) }
    expect(checkPublicKey(key).ok).toBe(true)
    for (let i = 0; i < 8; i++) {
      const e = unsignedEvent({ id: `ev-${i}` })
      const sig = new Uint8Array(
        await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, signingPayload(e)),
      )
      const signed = attachSignature(e, sig)
      expect(verifyEventSignature(signed, key).ok).toBe(true)
      expect(verifyEventSignature({ ...signed, hlc: hlcAt(T0 + 1, 'dev-a') }, key).ok).toBe(false)
    }
  })

  it('refuses a P-256 key that is not on the curve', () => {
    const bad = new Uint8Array(65).fill(1)
    bad[0] = 4
    const r = checkPublicKey({ alg: 'ECDSA-P256', key: toBase64Url(bad) })
    expect(r.ok ? null : r.error.code).toBe('malformed-key')
  })
})

describe('an injected native verifier (what the sync server may use)', () => {
  /** Node's crypto.verify over the same raw keys: the reference for a server-side `SignatureVerifier`. */
  const nodeVerifier: SignatureVerifier = (alg, publicKey, payload, signature) => {
    const jwk =
      alg === 'Ed25519'
        ? { kty: 'OKP', crv: 'Ed25519', x: toBase64Url(publicKey) }
        : {
            kty: 'EC',
            crv: 'P-256',
            x: toBase64Url(publicKey.slice(1, 33)),
            y: toBase64Url(publicKey.slice(33, 65)),
          }
    const key = createPublicKey({ key: jwk, format: 'jwk' })
    return alg === 'Ed25519'
      ? cryptoVerify(null, payload, key, signature)
      : cryptoVerify('sha256', payload, { key, dsaEncoding: 'ieee-p1363' }, signature)
  }

  it('agrees with the default verifier on genuine and forged Ed25519 and P-256 signatures', async () => {
    const device = createDevice('dev-n', 21)
    const e = signEvent(unsignedEvent(), device.secretKey)
    const forged = { ...e, actor: 'pm-1' }
    for (const ev of [e, forged]) {
      expect(verifyEventSignature(ev, device.publicKey, nodeVerifier).ok).toBe(
        verifyEventSignature(ev, device.publicKey).ok,
      )
    }
    const pair = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ])) as webcrypto.CryptoKeyPair
    const key: DevicePublicKey = {
      alg: 'ECDSA-P256',
      key: toBase64Url(new Uint8Array(await webcrypto.subtle.exportKey('raw', pair.publicKey))),
    }
    const u = unsignedEvent()
    const sig = new Uint8Array(
      await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, signingPayload(u)),
    )
    const p = attachSignature(u, sig)
    expect(verifyEventSignature(p, key, nodeVerifier).ok).toBe(true)
    expect(verifyEventSignature({ ...p, duty: null }, key, nodeVerifier).ok).toBe(false)
  })
})
