/**
 * The Day End seal, in one place. The fold only records each office day's events in fold order (no hashing on
 * its hot path); the seal is computed when Day End asks for it: `sealOfHashes` over each event's `eventHash`
 * (the identity issue's canonical SHA-256) in fold order — the same digest as `daySealDigest(events)` in
 * `identity/seal.ts`, so anyone holding the day's journal can re-compute it.
 */
import type { DakEvent } from '../events/envelope.ts'
import { eventHash } from '../identity/chain.ts'
import { sealOfHashes } from '../identity/seal.ts'

// Events are immutable once in the journal, and the day slice keeps the very event objects (its checkpoint
// copies share them), so an event's hash is computed at most once however often the seal is asked for.
const hashes = new WeakMap<DakEvent, string>()

/** Hash of one event (`eventHash`), memoised per event object. */
export function dayEventHash(event: DakEvent): string {
  let hash = hashes.get(event)
  if (hash === undefined) {
    hash = eventHash(event)
    hashes.set(event, hash)
  }
  return hash
}

/** The seal over the day's events, given in fold order ((hlc, id)): equals `daySealDigest(events)`. */
export const daySeal = (events: readonly DakEvent[]): string => sealOfHashes(events.map(dayEventHash))
