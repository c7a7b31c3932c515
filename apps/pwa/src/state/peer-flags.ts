/**
 * What this device found wrong with events it received (issue 10), as signals the screens read. Kept apart from
 * `peer-verification.ts` (loaded on demand after the day opens) so showing the warnings costs the first load
 * nothing.
 */
import { signal } from '@preact/signals'

/** Why a received event is not trusted. */
export type PeerFlagCode =
  | 'missing-signature'
  | 'bad-signature'
  | 'malformed-signature'
  | 'malformed-key'
  | 'revoked-device'
  | 'wrong-office'

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

/** Received events whose signature or device failed the check, oldest first. */
export const peerFlags = signal<readonly PeerFlag[]>([])
/** Received events whose device key this device has not seen (another office's, or enrolled on an earlier day). */
export const peerUnverified = signal(0)
/** Received events whose signature checked out against the registered, unrevoked key. */
export const peerVerified = signal(0)
