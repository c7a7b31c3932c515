/**
 * Event signatures. Every event is signed by the key of the device it was made on, over `signingPayload`;
 * the server and every peer verify it against the public key registered for that device.
 *
 * Two algorithms, both as WebCrypto produces them so the PWA can keep a non-extractable key:
 * - `Ed25519`: 32-byte raw public key, 64-byte signature (RFC 8032), verified strictly (not ZIP-215).
 * - `ECDSA-P256`: 65-byte uncompressed raw public key, 64-byte `r‖s` (IEEE P1363) signature over SHA-256,
 *   the fallback where a browser has no Ed25519. High-S signatures are accepted because WebCrypto does not
 *   normalise S; malleability is harmless here since the event hash covers the signature bytes.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { p256 } from '@noble/curves/nist.js'
import type { DakEvent } from '../events/envelope.ts'
import { err, ok, type Result } from '../result.ts'
import { fromBase64Url, toBase64Url } from './bytes.ts'
import { signingPayload } from './canonical.ts'

/** The signature algorithms a device key may use. */
export type SignatureAlgorithm = 'Ed25519' | 'ECDSA-P256'

export const SIGNATURE_ALGORITHMS: readonly SignatureAlgorithm[] = ['Ed25519', 'ECDSA-P256']

/** A device's registered public key: the algorithm and the raw key bytes as unpadded base64url. */
export interface DevicePublicKey {
  readonly alg: SignatureAlgorithm
  readonly key: string
}

/** Why a signature was refused. */
export interface SignatureError {
  readonly code: 'missing-signature' | 'bad-signature' | 'malformed-signature' | 'malformed-key'
  readonly message: string
}

/** Signs bytes; may be async (a WebCrypto key) or sync (a test key). Returns the raw signature bytes. */
export type Signer = (payload: Uint8Array) => Uint8Array | Promise<Uint8Array>

/** Returns the event with `sig` set to the given signature bytes (base64url). The event is not mutated. */
export function attachSignature<E extends DakEvent>(event: E, signature: Uint8Array): E {
  return { ...event, sig: toBase64Url(signature) }
}

/** Signs an event synchronously with a raw 32-byte Ed25519 secret key (tests, the server's own tools). */
export function signEvent<E extends DakEvent>(event: E, secretKey: Uint8Array): E {
  return attachSignature(event, ed25519.sign(signingPayload(event), secretKey))
}

/** Signs an event with any signer, e.g. one backed by a WebCrypto `CryptoKey` that never leaves the device. */
export async function signEventWith<E extends DakEvent>(event: E, signer: Signer): Promise<E> {
  return attachSignature(event, await signer(signingPayload(event)))
}

/** The raw 32-byte Ed25519 public key for a secret key, as a `DevicePublicKey` (tests and tools). */
export function ed25519PublicKey(secretKey: Uint8Array): DevicePublicKey {
  return { alg: 'Ed25519', key: toBase64Url(ed25519.getPublicKey(secretKey)) }
}

const KEY_LENGTH: Readonly<Record<SignatureAlgorithm, number>> = { Ed25519: 32, 'ECDSA-P256': 65 }

/** Checks that a public key decodes to the right length for its algorithm (registration validates with it). */
export function checkPublicKey(key: DevicePublicKey): Result<Uint8Array, SignatureError> {
  const bytes = fromBase64Url(key.key)
  const want = KEY_LENGTH[key.alg]
  if (!bytes || bytes.length !== want) {
    return err({
      code: 'malformed-key',
      message: `${key.alg} public key must be ${want} raw bytes in unpadded base64url; got '${key.key.slice(0, 16)}…'`,
    })
  }
  if (key.alg === 'ECDSA-P256') {
    try {
      p256.Point.fromBytes(bytes).assertValidity()
    } catch {
      return err({ code: 'malformed-key', message: 'ECDSA-P256 public key is not a point on the curve' })
    }
  }
  return ok(bytes)
}

/**
 * The curve arithmetic behind a signature check, on already decoded key bytes. The default is pure-JS noble
 * (same result everywhere); a server may inject a native one (Node's `crypto.verify`, about 10× faster) as
 * long as it accepts exactly the same signatures (strict RFC 8032 Ed25519, P-256 over SHA-256 in `r‖s`).
 */
export type SignatureVerifier = (
  alg: SignatureAlgorithm,
  publicKey: Uint8Array,
  payload: Uint8Array,
  signature: Uint8Array,
) => boolean

/** The default verifier: `@noble/curves`, strict Ed25519 (not ZIP-215), P-256 accepting high S. */
export const nobleVerifier: SignatureVerifier = (alg, publicKey, payload, signature) => {
  try {
    return alg === 'Ed25519'
      ? ed25519.verify(signature, payload, publicKey, { zip215: false })
      : p256.verify(signature, payload, publicKey, { prehash: true, lowS: false, format: 'compact' })
  } catch {
    return false
  }
}

/** Verifies raw signature bytes over a payload with a registered key. Never throws. */
export function verifySignatureBytes(
  key: DevicePublicKey,
  payload: Uint8Array,
  signature: Uint8Array,
  verifier: SignatureVerifier = nobleVerifier,
): Result<true, SignatureError> {
  const pub = checkPublicKey(key)
  if (!pub.ok) return pub
  if (signature.length !== 64) {
    return err({
      code: 'malformed-signature',
      message: `a ${key.alg} signature is 64 bytes; got ${signature.length}`,
    })
  }
  let valid = false
  try {
    valid = verifier(key.alg, pub.value, payload, signature)
  } catch {
    valid = false
  }
  return valid
    ? ok(true)
    : err({
        code: 'bad-signature',
        message: `the ${key.alg} signature does not match the signed bytes and key`,
      })
}

/**
 * Verifies an event's `sig` against the device's registered public key. An absent `sig` is
 * `missing-signature`; any change to any signed field (payload, actor, hlc, prev…) is `bad-signature`.
 */
export function verifyEventSignature(
  event: DakEvent,
  key: DevicePublicKey,
  verifier: SignatureVerifier = nobleVerifier,
): Result<true, SignatureError> {
  if (event.sig === undefined || event.sig === '') {
    return err({
      code: 'missing-signature',
      message: `event ${event.id} carries no sig; every event must be signed by its device`,
    })
  }
  const signature = fromBase64Url(event.sig)
  if (!signature) {
    return err({ code: 'malformed-signature', message: `event ${event.id} sig is not unpadded base64url` })
  }
  return verifySignatureBytes(key, signingPayload(event), signature, verifier)
}
