/**
 * Signed QR codes: a small claim ("bag B dispatched to office O by staff S", "article A out for delivery")
 * signed by the issuing device's key, printed on a bag label or shown on a screen, and verified by any device
 * that holds the issuer's registered public key — offline. Text form: `DAK1.<claim b64url>.<sig b64url>`,
 * where the claim is canonical JSON.
 */

import { ed25519 } from '@noble/curves/ed25519.js'
import * as v from 'valibot'
import { err, ok, type Result } from '../result.ts'
import { fromBase64Url, toBase64Url, utf8Decode, utf8ToBytes } from './bytes.ts'
import { canonicalJson } from './canonical.ts'
import type { DevicePublicKey, Signer } from './signatures.ts'
import { verifySignatureBytes } from './signatures.ts'

const PREFIX = 'DAK1'

const claimSchema = v.strictObject({
  /** What it confirms, e.g. `bag-dispatch`, `cash-dispatch`, `delivery`. */
  kind: v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]{0,39}$/, 'kind must be a lower-case word')),
  /** Bag id, article id… */
  subject: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  office: v.string(),
  /** Staff id of the issuer. */
  actor: v.string(),
  /** Device id whose key signed the claim. */
  device: v.string(),
  /** Issued at, epoch ms. */
  at: v.pipe(v.number(), v.integer()),
  /** Optional expiry, epoch ms. */
  expiresAt: v.optional(v.pipe(v.number(), v.integer())),
  /** Small extra facts (amount, seal number, weight), strings only to keep it canonical and short. */
  data: v.optional(v.record(v.string(), v.string())),
})

/** A claim carried by a signed QR. */
export type QrClaim = v.InferOutput<typeof claimSchema>

/** The bytes a device signs for a claim. */
export function qrSigningPayload(claim: QrClaim): Uint8Array {
  return utf8ToBytes(`${PREFIX}\n${canonicalJson(claim)}`)
}

/** Builds the QR text from a claim and its signature bytes (for async WebCrypto signers). */
export function encodeSignedQr(claim: QrClaim, signature: Uint8Array): string {
  return `${PREFIX}.${toBase64Url(utf8ToBytes(canonicalJson(claim)))}.${toBase64Url(signature)}`
}

/** Signs a claim with any signer and returns the QR text. */
export async function signedQrPayload(claim: QrClaim, signer: Signer): Promise<string> {
  return encodeSignedQr(claim, await signer(qrSigningPayload(claim)))
}

/** Signs a claim with a raw Ed25519 secret key (tests, tools). */
export function signedQrPayloadSync(claim: QrClaim, secretKey: Uint8Array): string {
  return encodeSignedQr(claim, ed25519.sign(qrSigningPayload(claim), secretKey))
}

export interface SignedQrError {
  readonly code: 'qr-malformed' | 'unknown-device' | 'bad-signature' | 'qr-expired'
  readonly message: string
}

/**
 * Verifies QR text: well-formed, signed by the key `keyOf(claim.device)` returns (return undefined for an
 * unknown or revoked device), and not expired at `now`. Returns the claim; the caller still checks that it is
 * the subject and office it expects.
 */
export function verifySignedQr(
  text: string,
  keyOf: (device: string) => DevicePublicKey | undefined,
  now: number,
): Result<QrClaim, SignedQrError> {
  const malformed = (why: string) =>
    err({ code: 'qr-malformed' as const, message: `not a Dak signed QR: ${why}` })
  const parts = text.split('.')
  if (parts.length !== 3 || parts[0] !== PREFIX) return malformed(`expected ${PREFIX}.<claim>.<signature>`)
  const claimBytes = fromBase64Url(parts[1] ?? '')
  const signature = fromBase64Url(parts[2] ?? '')
  if (!claimBytes || !signature) return malformed('parts are not base64url')
  const claimText = utf8Decode(claimBytes)
  let json: unknown
  try {
    json = claimText === undefined ? undefined : JSON.parse(claimText)
  } catch {
    json = undefined
  }
  if (json === undefined) return malformed('claim is not UTF-8 JSON')
  const parsed = v.safeParse(claimSchema, json)
  if (!parsed.success) return malformed(parsed.issues.map((i) => i.message).join('; '))
  const claim = parsed.output
  const key = keyOf(claim.device)
  if (!key) {
    return err({
      code: 'unknown-device',
      message: `device ${claim.device} is not registered here or has been revoked`,
    })
  }
  const verified = verifySignatureBytes(key, qrSigningPayload(claim), signature)
  if (!verified.ok)
    return err({
      code: 'bad-signature',
      message: 'the QR signature does not match: it was altered or forged',
    })
  if (claim.expiresAt !== undefined && now > claim.expiresAt) {
    return err({ code: 'qr-expired', message: 'this QR has expired; ask the issuer for a fresh one' })
  }
  return ok(claim)
}
