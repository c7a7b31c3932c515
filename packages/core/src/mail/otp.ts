/**
 * Delivery OTPs that the postman's device verifies with no network. Each article's code is derived from a
 * delivery secret of the booking office (held by its devices, never in the journal, handed to core in the
 * command) and the article id: key = HMAC-SHA-256(secret, "dak-otp:" + articleId), code = HOTP (RFC 4226
 * dynamic truncation) of that key at counter 0, 6 digits. The booking device sends the code to the addressee;
 * the delivering device recomputes it. No randomness or clock inside core: the secret comes from outside.
 */
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js'

/** Thrown for a secret that is not at least 16 bytes of hex (a device set-up error). */
export class OtpSecretError extends Error {
  override readonly name = 'OtpSecretError'
  readonly code = 'otp-secret-invalid'
}

/** True when `secretHex` can be a delivery OTP secret (at least 16 bytes as hex). */
export function isOtpSecret(secretHex: unknown): secretHex is string {
  return typeof secretHex === 'string' && /^(?:[0-9a-f]{2}){16,}$/i.test(secretHex)
}

function secretBytes(secretHex: string): Uint8Array {
  if (!isOtpSecret(secretHex)) {
    throw new OtpSecretError('A delivery OTP secret is at least 16 bytes written as hex (32+ hex digits).')
  }
  return hexToBytes(secretHex.toLowerCase())
}

/**
 * The article's own OTP key (hex): HMAC-SHA-256(secret, "dak-otp:" + articleId). It is carried with the
 * article (booking event and pre-advice) so the delivering office verifies the OTP with no network and
 * without holding the booking office's secret (see docs/domain/mail.md, "Delivery OTP").
 */
export function articleOtpKey(secretHex: string, articleId: string): string {
  return bytesToHex(hmac(sha256, secretBytes(secretHex), utf8ToBytes(`dak-otp:${articleId}`)))
}

/** The 6-digit HOTP (RFC 4226 dynamic truncation, counter 0) of an article OTP key. */
export function otpFromKey(keyHex: string): string {
  const mac = hmac(sha256, hexToBytes(keyHex.toLowerCase()), new Uint8Array(8)) // counter 0, 8-byte BE
  const offset = mac[mac.length - 1]! & 0x0f
  const bin =
    ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!
  return String(bin % 1_000_000).padStart(6, '0')
}

/** The 6-digit delivery OTP of an article. */
export function deliveryOtp(secretHex: string, articleId: string): string {
  return otpFromKey(articleOtpKey(secretHex, articleId))
}

/** Whether `otp` (spaces ignored) is the OTP of an article key. Constant-time over the 6 digits. */
export function verifyOtpWithKey(keyHex: string, otp: string): boolean {
  if (!/^(?:[0-9a-f]{2}){32}$/i.test(keyHex)) return false
  const given = String(otp).replace(/\s+/g, '')
  const expected = otpFromKey(keyHex)
  if (given.length !== expected.length) return false
  let diff = 0
  for (let i = 0; i < expected.length; i++) diff |= given.charCodeAt(i) ^ expected.charCodeAt(i)
  return diff === 0
}

/** Whether `otp` (spaces ignored) is the article's delivery OTP. Constant-time over the 6 digits. */
export function verifyDeliveryOtp(secretHex: string, articleId: string, otp: string): boolean {
  return verifyOtpWithKey(articleOtpKey(secretHex, articleId), otp)
}

/**
 * A short fingerprint of the secret (first 8 hex of its SHA-256), recorded at booking so the delivering
 * device knows which of its secrets the article's OTP was derived from, without the journal holding the secret.
 */
export function otpKeyId(secretHex: string): string {
  return bytesToHex(sha256(secretBytes(secretHex))).slice(0, 8)
}
