/**
 * What this device found wrong with events it received (issue 10), as signals the screens read. Kept apart from
 * `peer-verification.ts` (loaded on demand after the day opens) so showing the warnings costs the first load
 * nothing.
 */
import { signal } from '@preact/signals'

/**
 * Why a received event is not trusted: its signature or device (checked as each event arrives), its link in its
 * device's hash chain, or a role its actor did not hold (core's `auditTrust`, over everything held).
 */
export type PeerFlagCode =
  | 'missing-signature'
  | 'bad-signature'
  | 'malformed-signature'
  | 'malformed-key'
  | 'revoked-device'
  | 'wrong-office'
  | 'chain-gap'
  | 'chain-edit'
  | 'chain-fork'
  | 'chain-order'
  | 'chain-malformed'
  | 'not-authorized'

/** A received event this device refuses to trust, naming the device and the event. */
export interface PeerFlag {
  readonly code: PeerFlagCode
  readonly event: string
  readonly type: string
  readonly device: string
  readonly office: string
  readonly actor: string
  readonly message: string
}

/** The id every device gives a flag (core's `trustFlagId`): what a `trust.flag-reviewed` event names. */
export const flagId = (f: Pick<PeerFlag, 'code' | 'event'>): string => `${f.code}:${f.event}`

/** Received events that failed a check, oldest first (reviewed ones included: the screens split them). */
export const peerFlags = signal<readonly PeerFlag[]>([])
/** Received events whose device key this device has not seen (another office's, or enrolled on an earlier day). */
export const peerUnverified = signal(0)
/** Received events whose signature checked out against the registered, unrevoked key. */
export const peerVerified = signal(0)
/** Events whose predecessor in their device's chain has not arrived yet (it may, until the day is sealed). */
export const peerPending = signal(0)
