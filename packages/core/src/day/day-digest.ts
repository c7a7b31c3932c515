/**
 * The Day End seal, in one place. Each event of an office day is hashed as it is folded (`eventHash`, the
 * identity issue's canonical SHA-256); the seal is `sealOfHashes` over those hashes in fold order — the same
 * digest as `daySealDigest(events)` in `identity/seal.ts`, so anyone holding the day's journal can re-compute it.
 */
import type { DakEvent } from '../events/envelope.ts'
import { eventHash } from '../identity/chain.ts'
import { sealOfHashes } from '../identity/seal.ts'

/** Hash of one event as recorded in the day slice. */
export const dayEventHash = (event: DakEvent): string => eventHash(event)

/** The seal over the day's event hashes, given in fold order ((hlc, id)). */
export const sealFromHashes = (hashes: readonly string[]): string => sealOfHashes(hashes)
