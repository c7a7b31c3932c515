/**
 * The day seal: one digest over every event of an office day, computed at Day End, shown to the postmaster and
 * carried in the Day End event, and re-computable later by anyone holding the day's journal. Removing, adding
 * or altering any event (signature included) changes it; arrival order does not.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import type { DakEvent } from '../events/envelope.ts'
import { compareEvents } from '../journal/order.ts'
import { err, ok, type Result } from '../result.ts'
import { bytesToHex, constantTimeEqual, utf8ToBytes } from './bytes.ts'
import { eventHash } from './chain.ts'

/** Domain-separation tag, so a seal can never be confused with another SHA-256 in the system. */
const SEAL_TAG = 'dak-day-seal/1'

/** Options for `sealDigest`. */
export interface SealOptions {
  /** Event ids left out, e.g. the Day End event that carries the digest (it cannot cover itself). */
  readonly exclude?: readonly string[]
}

/**
 * SHA-256 (lowercase hex) over the tag, the number of events and each event's `eventHash` in (hlc, id) order.
 * Events with the same id count once (the journal is keyed by id); give it the day's events as held.
 */
export function sealDigest(events: readonly DakEvent[], options: SealOptions = {}): string {
  const skip = new Set(options.exclude ?? [])
  const byId = new Map<string, DakEvent>()
  for (const e of events) if (!skip.has(e.id)) byId.set(e.id, e)
  const sorted = [...byId.values()].sort(compareEvents)
  return sealOfHashes(sorted.map(eventHash))
}

/**
 * The seal over event hashes already computed in (hlc, id) order — for a fold that hashes each event as it
 * applies it (the day module). `sealDigest(events)` equals `sealOfHashes(sorted events.map(eventHash))`.
 */
export function sealOfHashes(hashes: readonly string[]): string {
  return bytesToHex(sha256(utf8ToBytes([SEAL_TAG, String(hashes.length), ...hashes].join('\n'))))
}

/**
 * The one digest the Day End event carries (`sealDigest` under the name the day module imports).
 */
export const daySealDigest: (events: readonly DakEvent[], options?: SealOptions) => string = sealDigest

/** Why a seal did not verify. */
export interface SealError {
  readonly code: 'seal-mismatch' | 'seal-malformed'
  readonly expected: string
  readonly actual: string
  readonly message: string
}

/** Re-computes the seal over the events and compares it with the sealed digest. */
export function verifySeal(
  events: readonly DakEvent[],
  digest: string,
  options: SealOptions = {},
): Result<true, SealError> {
  const actual = sealDigest(events, options)
  if (!/^[0-9a-f]{64}$/.test(digest)) {
    return err({
      code: 'seal-malformed',
      expected: digest,
      actual,
      message: 'a seal is 64 lowercase hex characters',
    })
  }
  return constantTimeEqual(actual, digest)
    ? ok(true)
    : err({
        code: 'seal-mismatch',
        expected: digest,
        actual,
        message: 'the events held do not match the sealed day: an event was added, removed or altered',
      })
}
