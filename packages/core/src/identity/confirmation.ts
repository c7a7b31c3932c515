/**
 * Offline-verifiable confirmation codes for handing something over: a cash bag, a mail bag, an article to its
 * addressee. The dispatching device draws a random per-subject secret (or derives one per bag from a
 * per-manifest secret with `deriveSubjectSecret`) and puts it in the signed manifest or booking; the code is
 * HOTP-style (RFC 4226 dynamic truncation of HMAC-SHA256) over the subject id, so the receiving device checks it
 * from the manifest it already holds, with no network. The confirmation itself is an event of the day or mail
 * module that names both parties (`ConfirmationRecord`).
 */
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import * as v from 'valibot'
import { ID_PATTERN } from '../events/ids.ts'
import { err, ok, type Result } from '../result.ts'
import { constantTimeEqual, utf8ToBytes } from './bytes.ts'

const CODE_TAG = 'dak-confirm/1\n'
const DERIVE_TAG = 'dak-subject-secret/1\n'

function assertSecret(secret: Uint8Array): void {
  // A short secret makes every code guessable offline from the manifest; refuse it as a programming error.
  if (secret.length < 16)
    throw new Error(`confirmation secret must be at least 16 random bytes, got ${secret.length}`)
}

/** Derives a per-subject secret (one per bag of a manifest, say) from a parent secret. */
export function deriveSubjectSecret(parent: Uint8Array, subjectId: string): Uint8Array {
  assertSecret(parent)
  return hmac(sha256, parent, utf8ToBytes(DERIVE_TAG + subjectId))
}

/**
 * The confirmation code for a subject (bag id, article id): `digits` decimal digits (6 by default, 8 for cash).
 * Throws if the secret is shorter than 16 bytes or `digits` is not 6-9.
 */
export function confirmationCode(secret: Uint8Array, subjectId: string, digits = 6): string {
  assertSecret(secret)
  if (!Number.isInteger(digits) || digits < 6 || digits > 9)
    throw new Error(`digits must be 6-9, got ${digits}`)
  const mac = hmac(sha256, secret, utf8ToBytes(CODE_TAG + subjectId))
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f
  const bin =
    (((mac[offset] ?? 0) & 0x7f) << 24) |
    ((mac[offset + 1] ?? 0) << 16) |
    ((mac[offset + 2] ?? 0) << 8) |
    (mac[offset + 3] ?? 0)
  return String(bin % 10 ** digits).padStart(digits, '0')
}

export interface ConfirmationError {
  readonly code: 'confirmation-malformed' | 'confirmation-mismatch'
  readonly message: string
}

/** Checks a code typed or read on the receiving device against the secret from the manifest or booking. */
export function verifyConfirmationCode(input: {
  readonly secret: Uint8Array
  readonly subjectId: string
  readonly code: string
  readonly digits?: number
}): Result<true, ConfirmationError> {
  const digits = input.digits ?? 6
  if (!new RegExp(`^\\d{${digits}}$`).test(input.code)) {
    return err({ code: 'confirmation-malformed', message: `a confirmation code is exactly ${digits} digits` })
  }
  return constantTimeEqual(confirmationCode(input.secret, input.subjectId, digits), input.code)
    ? ok(true)
    : err({
        code: 'confirmation-mismatch',
        message: `the code does not belong to ${input.subjectId}; check the bag or article number and ask for the code again`,
      })
}

const idText = v.pipe(v.string(), v.regex(ID_PATTERN, 'must be an id'))

/**
 * The part of a confirmation event's payload that names both parties and how it was confirmed. The day and
 * mail modules embed it in their own events (`cash.received`, `bag.received`, `article.delivered`).
 */
export const confirmationRecordSchema = v.strictObject({
  /** What was handed over: bag id, article id. */
  subject: v.pipe(v.string(), v.minLength(1)),
  method: v.picklist(
    ['code', 'signed-qr', 'ovd', 'authorised-person'],
    'method must be code, signed-qr, ovd or authorised-person',
  ),
  /** Who handed it over: staff id (carrier, postman) or, for a delivery, the addressee's name or reference. */
  handedBy: v.pipe(v.string(), v.minLength(1)),
  /** Who received it: staff id, or the addressee's name or reference for a delivery. */
  receivedBy: v.pipe(v.string(), v.minLength(1)),
  /** The device that checked the code or QR (usually the event's own device). */
  verifiedOn: idText,
})

export type ConfirmationRecord = v.InferOutput<typeof confirmationRecordSchema>
