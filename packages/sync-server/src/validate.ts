/**
 * Server-side validation of incoming Yjs updates, run BEFORE an update is applied or stored.
 *
 * The journal is a `Y.Map` named `events`, keyed by event id, whose values are plain event objects. A valid
 * update only appends: every struct new to the server sets a key that does not exist yet, at the root of
 * `events`, to one well-formed event whose `id` is the key. Deletions, overwrites, nested types and writes
 * to other roots are refused. `@dak/core/yjs` will own the same rules; this module is the interface the
 * server calls (`UpdateValidator`) plus an implementation of those rules.
 */
import * as Y from 'yjs'
import type { RoomKind } from './rooms.ts'

/** Why an update was refused. */
export type ViolationCode =
  | 'undecodable'
  | 'deletion'
  | 'overwrite'
  | 'not-an-append'
  | 'malformed-event'
  | 'wrong-office'

export interface Violation {
  readonly code: ViolationCode
  /** What was wrong and what is accepted. */
  readonly message: string
  readonly eventId?: string
}

/** An event the update adds, with the Yjs client id that wrote it. */
export interface AddedEvent {
  readonly client: number
  readonly event: JournalEvent
}

/** The envelope fields the server relies on (a structural subset of core's `DakEvent`). */
export interface JournalEvent {
  readonly id: string
  readonly type: string
  readonly v: number
  readonly office: string
  readonly date: string
  readonly actor: string
  readonly device: string
  readonly hlc: string
  readonly sig?: string
  readonly [k: string]: unknown
}

export type Inspection = { ok: true; value: readonly AddedEvent[] } | { ok: false; error: Violation }

/** Who is writing, into which room. */
export interface WriteContext {
  readonly room: string
  readonly kind: RoomKind
  /** The writer's office, from its token. */
  readonly tokenOffice: string
}

/** Inspects an update against the current document without changing it. */
export interface UpdateValidator {
  inspect(doc: Y.Doc, update: Uint8Array, ctx: WriteContext): Inspection
}

/** The name of the journal's root map. */
export const JOURNAL_MAP = 'events'

/** The journal rules described above. */
export function createJournalValidator(): UpdateValidator {
  return { inspect: inspectJournalUpdate }
}

function inspectJournalUpdate(doc: Y.Doc, update: Uint8Array, ctx: WriteContext): Inspection {
  let decoded: ReturnType<typeof Y.decodeUpdate>
  try {
    decoded = Y.decodeUpdate(update)
  } catch {
    return refuse('undecodable', 'the update is not a Yjs v1 update')
  }
  if (hasNewDeletions(doc, decoded.ds)) {
    return refuse('deletion', 'the update deletes content; the journal only grows (post a correcting event)')
  }
  const journal = doc.getMap<unknown>(JOURNAL_MAP)
  const added: AddedEvent[] = []
  const seen = new Set<string>()
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue
    const client = struct.id.client
    if (struct.id.clock + struct.length <= Y.getState(doc.store, client)) continue // already known
    if (struct instanceof Y.GC)
      return refuse('deletion', 'the update carries deleted (garbage-collected) content')
    const item = struct as Y.Item
    const key = item.parentSub
    if (item.content instanceof Y.ContentDeleted) {
      return refuse('deletion', 'the update carries deleted content')
    }
    if (key !== null && (item.origin !== null || item.rightOrigin !== null)) {
      return refuse('overwrite', `the update overwrites journal entry ${key}; events are never edited`, key)
    }
    // a decoded item names its root parent by string (the type is not loaded yet)
    if ((item.parent as unknown) !== JOURNAL_MAP || key === null) {
      return refuse('not-an-append', `only new keys of the root map \`${JOURNAL_MAP}\` may be written`)
    }
    if (seen.has(key) || journal.has(key)) {
      return refuse('overwrite', `journal entry ${key} already exists; events are never overwritten`, key)
    }
    seen.add(key)
    const event = parseEvent(item.content, key)
    if (!event) {
      return refuse('malformed-event', `entry ${key} is not a well-formed event whose id is its key`, key)
    }
    const office = ctx.kind.kind === 'day' ? ctx.kind.office : ctx.tokenOffice
    if ((ctx.kind.kind === 'day' || ctx.kind.kind === 'inbox') && event.office !== office) {
      return refuse('wrong-office', `event ${key} is for office ${event.office}, expected ${office}`, key)
    }
    added.push({ client, event })
  }
  return { ok: true, value: added }
}

/**
 * Does the delete set remove anything the document has not already deleted? A client's sync step 2
 * always carries its whole delete set, so deletions the server already holds are not news.
 */
export function hasNewDeletions(doc: Y.Doc, ds: ReturnType<typeof Y.decodeUpdate>['ds']): boolean {
  if (ds.clients.size === 0) return false
  const known = Y.createDeleteSetFromStructStore(doc.store)
  for (const [client, ranges] of ds.clients) {
    const have = known.clients.get(client) ?? []
    for (const r of ranges) {
      if (r.len === 0) continue
      if (!have.some((h) => h.clock <= r.clock && r.clock + r.len <= h.clock + h.len)) return true
    }
  }
  return false
}

function parseEvent(content: Y.Item['content'], key: string): JournalEvent | null {
  if (!(content instanceof Y.ContentAny) || content.arr.length !== 1) return null
  let value: unknown = content.arr[0]
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value)
    } catch {
      return null
    }
  }
  return isEvent(value, key) ? value : null
}

const STRING_FIELDS = ['id', 'type', 'office', 'date', 'actor', 'device', 'hlc'] as const

/** A minimal envelope check: required fields present with the right types, id equal to the map key. */
export function isEvent(value: unknown, key: string): value is JournalEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const e = value as Record<string, unknown>
  for (const f of STRING_FIELDS) if (typeof e[f] !== 'string' || (e[f] as string).length === 0) return false
  if (e.id !== key) return false
  if (typeof e.v !== 'number' || !Number.isInteger(e.v) || e.v < 1) return false
  if (e.duty !== null && typeof e.duty !== 'string') return false
  if (typeof e.at !== 'number' || !('payload' in e)) return false
  return e.sig === undefined || typeof e.sig === 'string'
}

function refuse(code: ViolationCode, message: string, eventId?: string): Inspection {
  return { ok: false, error: eventId === undefined ? { code, message } : { code, message, eventId } }
}
