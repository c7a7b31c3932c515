/**
 * The per-device hash chain within an office day. Each event a device makes carries in `prev` a link to the
 * same device's previous event of that office and business date: `<sha256 hex of its canonical bytes, sig
 * included>:<its id>`. The hash makes an edit detectable; the id lets a verifier tell an edited predecessor
 * (`chain-edit`) from a missing one (`chain-gap`) and find it in a `Y.Map` keyed by id without hashing the
 * whole journal. The first event of a device's day has no `prev`. Since `prev` is signed, a link cannot be
 * moved by anyone but the device itself, and a device that links two events to one predecessor is a fork.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import type { DakEvent } from '../events/envelope.ts'
import { compareEvents } from '../journal/order.ts'
import { bytesToHex } from './bytes.ts'
import { eventBytes } from './canonical.ts'

/** SHA-256 (lowercase hex) of an event's canonical bytes including `sig` and `prev`. */
export function eventHash(event: DakEvent): string {
  return bytesToHex(sha256(eventBytes(event)))
}

/**
 * `eventHash` remembered per event object. Events are immutable and a journal keeps one object per id, so a
 * peer or the server that re-checks chains hashes each event once however often it looks again.
 */
export function createEventHasher(): (event: DakEvent) => string {
  const hashes = new WeakMap<DakEvent, string>()
  return (event) => {
    let h = hashes.get(event)
    if (h === undefined) {
      h = eventHash(event)
      hashes.set(event, h)
    }
    return h
  }
}

/** A parsed `prev` link. */
export interface ChainLink {
  readonly hash: string
  readonly id: string
}

/** Formats the `prev` link to an event. */
export function formatPrev(previous: DakEvent): string {
  return `${eventHash(previous)}:${previous.id}`
}

/** Parses a `prev` value; undefined when it is not `<64 hex>:<id>`. */
export function parsePrev(prev: string): ChainLink | undefined {
  const m = /^([0-9a-f]{64}):(.+)$/s.exec(prev)
  return m?.[1] && m[2] ? { hash: m[1], id: m[2] } : undefined
}

/**
 * Returns the event linked to the device's previous event (or with no `prev` when it is the device's first
 * event of the day). Call before signing: the signature covers `prev`. Throws if `previous` belongs to another
 * device, office or date, which would be a bug in the caller.
 */
export function linkEvent<E extends DakEvent>(event: E, previous: DakEvent | undefined): E {
  const { prev: _prev, sig: _sig, ...rest } = event
  if (!previous) return rest as E
  if (chainKey(previous) !== chainKey(event)) {
    throw new Error(
      `linkEvent: previous event ${previous.id} is of another device, office or date than ${event.id}`,
    )
  }
  return { ...rest, prev: formatPrev(previous) } as E
}

/** The chain an event belongs to: one per device, office and business date. */
export function chainKey(event: Pick<DakEvent, 'office' | 'date' | 'device'>): string {
  return `${event.office}\u0000${event.date}\u0000${event.device}`
}

/** Stable codes of chain findings. */
export type ChainIssueCode = 'chain-gap' | 'chain-edit' | 'chain-fork' | 'chain-order' | 'chain-malformed'

/** One thing wrong with a device's chain, naming the event where it shows. */
export interface ChainIssue {
  readonly code: ChainIssueCode
  readonly device: string
  readonly office: string
  readonly date: string
  /** The event whose link is wrong. */
  readonly event: string
  /** For `chain-fork`: the other event claiming the same predecessor (or the other first event). */
  readonly other?: string
  readonly message: string
}

/**
 * Checks every device chain in a set of events (any mix of devices, offices and dates). Finds: a link to an
 * event not held (`chain-gap`: something was removed), a link whose hash does not match the event held
 * under that id (`chain-edit`: the predecessor was altered), two events linking to the same predecessor or two
 * first events (`chain-fork`), a link to a later event (`chain-order`), and unparsable links. An empty list
 * means every chain is intact. `hashOf` may be a memoised `eventHash`. It does not check signatures (see `verifyEventSignature`) and cannot see
 * events removed from the end of a chain: the day seal covers those.
 */
export function verifyChains(
  events: readonly DakEvent[],
  hashOf: (event: DakEvent) => string = eventHash,
): ChainIssue[] {
  const byId = new Map<string, DakEvent>()
  for (const e of events) byId.set(e.id, e)
  const sorted = [...byId.values()].sort(compareEvents)
  const issues: ChainIssue[] = []
  const firstOf = new Map<string, string>()
  const successorOf = new Map<string, string>()
  for (const e of sorted) {
    const issue = (code: ChainIssueCode, message: string, other?: string): void => {
      const base = { code, device: e.device, office: e.office, date: e.date, event: e.id, message }
      issues.push(other === undefined ? base : { ...base, other })
    }
    if (e.prev === undefined) {
      const first = firstOf.get(chainKey(e))
      if (first === undefined) firstOf.set(chainKey(e), e.id)
      else
        issue('chain-fork', `device ${e.device} started its ${e.date} chain twice (${first}, ${e.id})`, first)
      continue
    }
    const link = parsePrev(e.prev)
    if (!link) {
      issue('chain-malformed', `event ${e.id} prev is not '<sha256 hex>:<event id>'`)
      continue
    }
    const previous = byId.get(link.id)
    if (!previous || chainKey(previous) !== chainKey(e)) {
      issue(
        'chain-gap',
        `event ${e.id} follows ${link.id}, which is not in this device's journal for the day`,
      )
      continue
    }
    if (hashOf(previous) !== link.hash) {
      issue('chain-edit', `event ${link.id} was altered after ${e.id} was chained to it (hash differs)`)
      continue
    }
    if (compareEvents(previous, e) >= 0) {
      issue('chain-order', `event ${e.id} links to ${link.id}, which is not earlier in (hlc, id) order`)
      continue
    }
    const successor = successorOf.get(link.id)
    if (successor === undefined) successorOf.set(link.id, e.id)
    else issue('chain-fork', `events ${successor} and ${e.id} both follow ${link.id}`, successor)
  }
  return issues
}
