/**
 * The identity slice: device keys and revocations, one-time enrolments, staff TOTP credentials, the head of
 * every device's hash chain, and the flags every peer derives (events from revoked devices, refused identity
 * events). Plain data, so the fold can `structuredClone` it.
 */
import type { Conflict } from '../journal/module.ts'
import type { FlagReview } from './flag-review.ts'
import type { DevicePublicKey } from './signatures.ts'
import type { TotpAlgorithm } from './totp.ts'

/** A device whose public key is recorded for an office. */
export interface DeviceKeyRecord {
  readonly id: string
  readonly office: string
  readonly label: string
  readonly publicKey: DevicePublicKey
  /** The enrolment it used, or null when an admin recorded the key directly. */
  readonly enrolment: string | null
  /** The event that recorded it, and its HLC stamp. */
  readonly event: string
  readonly hlc: string
  /** Set once by `device.revoked`; events the device stamps at or after `hlc` are refused and flagged. */
  revoked: {
    readonly by: string
    readonly hlc: string
    readonly event: string
    readonly reason: string
  } | null
}

/** A one-time enrolment an admin opened (shown as a QR); only the code's hash is kept. */
export interface EnrolmentRecord {
  readonly id: string
  readonly office: string
  readonly label: string
  /** `enrolmentCodeHash(id, code)`: the code itself never enters the journal before it is used. */
  readonly codeHash: string
  /** Epoch ms after which the code is refused. */
  readonly expiresAt: number
  readonly openedBy: string
  /** The device that used it, once used. */
  usedBy: string | null
}

/**
 * A staff member's TOTP credential. The secret is not here: it stays in the local store of the devices the
 * staff member logs in on; `secretCheck` lets a device confirm it holds the right secret without revealing it.
 */
export interface TotpCredentialRecord {
  readonly id: string
  readonly staff: string
  readonly office: string
  /** Devices that hold the secret (offline login works on these). */
  readonly devices: readonly string[]
  readonly algorithm: TotpAlgorithm
  readonly digits: number
  readonly period: number
  readonly secretCheck: string
  readonly enrolledBy: string
  readonly hlc: string
  revoked: { readonly by: string; readonly hlc: string; readonly reason: string } | null
}

/** The last event seen of one device's chain in one office day (fold order). */
export interface ChainHead {
  readonly id: string
  readonly hlc: string
  readonly count: number
}

export interface IdentityState {
  devices: Record<string, DeviceKeyRecord>
  enrolments: Record<string, EnrolmentRecord>
  /** TOTP credentials by credential id. */
  totp: Record<string, TotpCredentialRecord>
  /** Chain heads by `chainKey(event)`. */
  heads: Record<string, ChainHead>
  /** Open flags (as conflicts, so every peer shows them and a person acknowledges them). */
  flags: Conflict[]
  /** Reviewed trust flags by flag id (`<code>:<event id>`): the first review by a postmaster or admin stands. */
  reviews: Record<string, FlagReview>
}
