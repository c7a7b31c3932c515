/**
 * The Day End seal, in one place. Each event of an office day is hashed as it is folded (`eventHash`, the
 * identity issue's canonical SHA-256); the seal is SHA-256 over a tag, the count and those hashes in fold
 * order — the same bytes as `daySealDigest(events, { exclude: [dayEnded] })` in `identity/seal.ts`, so anyone
 * holding the day's journal can re-compute it. Replace both together if the seal format changes.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import type { DakEvent } from '../events/envelope.ts'
import { eventHash } from '../identity/chain.ts'

const SEAL_TAG = 'dak-day-seal/1'

/** Hash of one event as recorded in the day slice. */
export const dayEventHash = (event: DakEvent): string => eventHash(event)

/** The seal over the day's event hashes, given in fold order ((hlc, id)). */
export function sealFromHashes(hashes: readonly string[]): string {
  return bytesToHex(sha256(utf8ToBytes([SEAL_TAG, String(hashes.length), ...hashes].join('\n'))))
}
