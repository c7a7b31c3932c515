/**
 * Payload schemas of the identity events and commands (valibot). Events are what the journal stores; the
 * command payloads differ where a secret is involved (an enrolment code, a TOTP secret), because a command is
 * never stored and the event keeps only a hash of it.
 */
import * as v from 'valibot'
import { ID_PATTERN } from '../events/ids.ts'
import { SIGNATURE_ALGORITHMS } from './signatures.ts'
import { TOTP_ALGORITHMS } from './totp.ts'

const id = (what: string) =>
  v.pipe(
    v.string(`${what} must be a string`),
    v.regex(ID_PATTERN, `${what} must be an id (1-128 of A-Z a-z 0-9 . _ : ~ -)`),
  )
const hex64 = (what: string) =>
  v.pipe(
    v.string(`${what} must be a string`),
    v.regex(/^[0-9a-f]{64}$/, `${what} must be 64 lowercase hex characters`),
  )
const label = v.pipe(
  v.string('label must be a string'),
  v.maxLength(80, 'label must be at most 80 characters'),
)
const reason = v.pipe(
  v.string('reason must be a string'),
  v.minLength(1, 'reason is required'),
  v.maxLength(500, 'reason must be at most 500 characters'),
)
const epochMs = v.pipe(v.number('must be epoch ms'), v.integer('must be integer epoch ms'), v.minValue(0))
/** One-time enrolment codes are carried by QR: at least 16 characters (about 96 random bits in base64url). */
const enrolmentCode = v.pipe(
  v.string('code must be a string'),
  v.minLength(16, 'an enrolment code has at least 16 characters (show it as a QR)'),
  v.maxLength(128, 'an enrolment code has at most 128 characters'),
)
const publicKey = v.strictObject({
  alg: v.picklist(SIGNATURE_ALGORITHMS, `alg must be one of ${SIGNATURE_ALGORITHMS.join(', ')}`),
  key: v.pipe(
    v.string(),
    v.regex(/^[A-Za-z0-9_-]{40,100}$/, 'key must be the raw public key in unpadded base64url'),
  ),
})
const totpParams = {
  algorithm: v.picklist(TOTP_ALGORITHMS, `algorithm must be one of ${TOTP_ALGORITHMS.join(', ')}`),
  digits: v.picklist([6, 7, 8], 'digits must be 6, 7 or 8'),
  period: v.picklist([30, 60], 'period must be 30 or 60 seconds'),
}

export const enrolmentOpenedSchema = v.strictObject({
  enrolment: id('enrolment'),
  label,
  codeHash: hex64('codeHash'),
  expiresAt: epochMs,
})

/**
 * `device.enrolled`: a device's public key recorded for the event's office. `code` is present when the new
 * device enrolled itself with a one-time code (revealed only as it is used up); absent when an admin recorded
 * the key directly.
 */
export const deviceEnrolledSchema = v.strictObject({
  device: id('device'),
  label,
  publicKey,
  enrolment: v.nullable(id('enrolment')),
  code: v.optional(enrolmentCode),
})

export const deviceRevokedSchema = v.strictObject({ device: id('device'), reason })

export const totpEnrolledSchema = v.strictObject({
  credential: id('credential'),
  staff: id('staff'),
  devices: v.pipe(v.array(id('device')), v.minLength(1, 'name at least one device that holds the secret')),
  ...totpParams,
  secretCheck: hex64('secretCheck'),
})

export const totpRevokedSchema = v.strictObject({ credential: id('credential'), reason })

export const openEnrolmentCommand = v.strictObject({
  enrolment: v.optional(id('enrolment')),
  label,
  code: enrolmentCode,
  /** How long the code stays valid; default 15 minutes, at most 24 hours. */
  ttlMs: v.optional(
    v.pipe(
      v.number(),
      v.integer(),
      v.minValue(60_000, 'ttlMs is at least one minute'),
      v.maxValue(86_400_000, 'ttlMs is at most 24 hours'),
    ),
  ),
})

export const enrolDeviceCommand = deviceEnrolledSchema

export const revokeDeviceCommand = deviceRevokedSchema

export const enrolTotpCommand = v.strictObject({
  credential: v.optional(id('credential')),
  staff: id('staff'),
  devices: v.pipe(v.array(id('device')), v.minLength(1, 'name at least one device that holds the secret')),
  /** The secret in base32, as the otpauth URI carries it. Used to check the code; never stored. */
  secret: v.pipe(
    v.string(),
    v.regex(/^[A-Z2-7]{16,128}=*$/, 'secret must be base32 (A-Z, 2-7), at least 16 characters'),
  ),
  /** The first code from the staff member's authenticator, proving the QR was scanned. */
  code: v.pipe(v.string(), v.regex(/^\d{6,8}$/, 'code must be 6-8 digits')),
  algorithm: v.optional(totpParams.algorithm),
  digits: v.optional(totpParams.digits),
  period: v.optional(totpParams.period),
})

export const revokeTotpCommand = totpRevokedSchema

export type EnrolmentOpenedPayload = v.InferOutput<typeof enrolmentOpenedSchema>
export type DeviceEnrolledPayload = v.InferOutput<typeof deviceEnrolledSchema>
export type DeviceRevokedPayload = v.InferOutput<typeof deviceRevokedSchema>
export type TotpEnrolledPayload = v.InferOutput<typeof totpEnrolledSchema>
export type TotpRevokedPayload = v.InferOutput<typeof totpRevokedSchema>
