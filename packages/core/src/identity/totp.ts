/**
 * TOTP login (RFC 6238) over the `otpauth` library — its `slim` build, which uses the `@noble/hashes` core already
 * depends on instead of bundling a second copy (about 3 kB gzip of the PWA's first load) — enrolment by otpauth
 * URI, a ±`window` step check that
 * refuses a code from a step at or before the last one used (replay), all with time passed in. The secret is
 * always given by the caller: core never draws one.
 */

import { sha256 } from '@noble/hashes/sha2.js'
import { HOTP, Secret, TOTP } from 'otpauth/slim'
import { err, ok, type Result } from '../result.ts'
import { bytesToHex, constantTimeEqual, utf8ToBytes } from './bytes.ts'

export const TOTP_ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'] as const
export type TotpAlgorithm = (typeof TOTP_ALGORITHMS)[number]

/** TOTP parameters. The defaults (SHA1, 6 digits, 30 s) are the ones every authenticator app supports. */
export interface TotpParams {
  readonly algorithm: TotpAlgorithm
  readonly digits: number
  readonly period: number
}

export const DEFAULT_TOTP_PARAMS: TotpParams = { algorithm: 'SHA1', digits: 6, period: 30 }

/** A TOTP secret: raw bytes, or base32 text as in an otpauth URI. */
export type TotpSecret = Uint8Array | string

function toSecret(secret: TotpSecret): Secret {
  return typeof secret === 'string'
    ? Secret.fromBase32(secret)
    : new Secret({ buffer: secret.slice().buffer })
}

/** Base32 text of a raw secret (what the otpauth URI and `staff.enrol-totp` carry). */
export function totpSecretBase32(secret: Uint8Array): string {
  return toSecret(secret).base32
}

/** The time step (counter) for a moment: floor(epoch seconds / period). */
export function totpStep(now: number, period = DEFAULT_TOTP_PARAMS.period): number {
  return Math.floor(now / 1000 / period)
}

/**
 * The `otpauth://totp/...` URI the enrolment QR shows to the staff member's authenticator app.
 * `issuer` is e.g. "Dak · Mylapore SO", `account` the staff id or name.
 */
export function totpUri(options: {
  readonly secret: TotpSecret
  readonly issuer: string
  readonly account: string
  readonly params?: Partial<TotpParams>
}): string {
  const p = { ...DEFAULT_TOTP_PARAMS, ...options.params }
  return new TOTP({
    issuer: options.issuer,
    label: options.account,
    secret: toSecret(options.secret),
    algorithm: p.algorithm,
    digits: p.digits,
    period: p.period,
  }).toString()
}

/** The code for a moment (demo logins, tests, and the enrolment screen's self-check). */
export function totpCode(options: {
  readonly secret: TotpSecret
  readonly now: number
  readonly params?: Partial<TotpParams>
}): string {
  const p = { ...DEFAULT_TOTP_PARAMS, ...options.params }
  return TOTP.generate({
    secret: toSecret(options.secret),
    algorithm: p.algorithm,
    digits: p.digits,
    period: p.period,
    timestamp: options.now,
  })
}

export type TotpErrorCode = 'totp-malformed' | 'totp-invalid' | 'totp-replayed'

/** Why a code was refused. */
export interface TotpError {
  readonly code: TotpErrorCode
  readonly message: string
}

/** A code that was accepted: its step (store it as the next `lastUsedStep`) and its drift in steps. */
export interface TotpMatch {
  readonly step: number
  readonly drift: number
}

export interface VerifyTotpInput {
  readonly secret: TotpSecret
  readonly code: string
  /** Epoch ms of the attempt (injected). */
  readonly now: number
  /** Step of the last code accepted for this credential; a code from this step or earlier is a replay. */
  readonly lastUsedStep?: number | null
  /** Steps accepted either side of now (default 1: about ±30 s of clock drift). */
  readonly window?: number
  readonly params?: Partial<TotpParams>
}

/**
 * Checks a TOTP code. Tries the steps from `now − window` to `now + window`, newest first, and accepts only a
 * step after `lastUsedStep`; a code that matches only an already used step is `totp-replayed`.
 */
export function verifyTotp(input: VerifyTotpInput): Result<TotpMatch, TotpError> {
  const p = { ...DEFAULT_TOTP_PARAMS, ...input.params }
  const window = input.window ?? 1
  if (!new RegExp(`^\\d{${p.digits}}$`).test(input.code)) {
    return err({ code: 'totp-malformed', message: `a code is exactly ${p.digits} digits` })
  }
  const secret = toSecret(input.secret)
  const now = totpStep(input.now, p.period)
  const last = input.lastUsedStep ?? Number.NEGATIVE_INFINITY
  let replayed = false
  for (let step = now + window; step >= now - window; step--) {
    if (step < 0) continue
    const expected = HOTP.generate({ secret, algorithm: p.algorithm, digits: p.digits, counter: step })
    if (!constantTimeEqual(expected, input.code)) continue
    if (step > last) return ok({ step, drift: step - now })
    replayed = true
  }
  return replayed
    ? err({
        code: 'totp-replayed',
        message: 'this code was already used; wait for the next code and enter it',
      })
    : err({
        code: 'totp-invalid',
        message: 'the code does not match; check the device clock and enter the current code',
      })
}

/**
 * Confirms an enrolment with the first code the staff member's authenticator shows (proves the QR was scanned
 * and the clocks agree). The returned step is the credential's first `lastUsedStep`.
 */
export function confirmTotpEnrolment(
  input: Omit<VerifyTotpInput, 'lastUsedStep'>,
): Result<TotpMatch, TotpError> {
  return verifyTotp({ ...input, lastUsedStep: null })
}

/**
 * A commitment to a secret, safe to store in the journal: SHA-256 over a tag, the credential id and the raw
 * secret. A device holding a secret can check it is the enrolled one; with a 160-bit random secret nobody can
 * invert it. It does not let anyone verify codes (that needs the secret).
 */
export function totpSecretCheck(credential: string, secret: TotpSecret): string {
  const bytes = toSecret(secret).bytes
  const head = utf8ToBytes(`dak-totp-check/1\n${credential}\n`)
  const all = new Uint8Array(head.length + bytes.length)
  all.set(head)
  all.set(bytes, head.length)
  return bytesToHex(sha256(all))
}
