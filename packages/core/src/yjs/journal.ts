/**
 * The append-only journal over a Y.Doc: a `Y.Map` keyed by event id (a retried append collapses to one entry;
 * see sync.md for why not a `Y.Array`). Entries are plain JSON objects (ContentAny), never edited or deleted.
 * An incremental folder keeps the state current as local and remote transactions add events.
 */
import type * as Y from 'yjs'
import type { DakEvent } from '../events/envelope.ts'
import type { EventError } from '../events/parse-event.ts'
import type { Folder, FolderOptions } from '../journal/folder.ts'
import { journalKernel } from '../journal/journal.ts'
import type { Kernel } from '../journal/kernel.ts'
import type { Conflict } from '../journal/module.ts'
import type { State } from '../journal/state.ts'
import { err, ok, type Result } from '../result.ts'

/** The name of the journal's `Y.Map` in every day and inbox document. */
export const JOURNAL_MAP = 'events'

/** How entries are stored: plain objects (default; smaller and faster to load, see the bench) or JSON text. */
export type EntryEncoding = 'object' | 'json'

export interface JournalOptions<S> {
  /** The machinery to fold with (default: the real modules). */
  kernel?: Kernel<S>
  /** Checks every entry before it is folded or appended (default: the kernel's `parseEvent`); false: trust. */
  validate?: ((input: unknown) => Result<DakEvent, EventError>) | false
  /** Name of the `Y.Map` (default `events`). */
  mapName?: string
  encoding?: EntryEncoding
  /** Transaction origin of local appends (default: a fresh symbol per journal). */
  origin?: unknown
  folder?: FolderOptions
}

export type JournalErrorCode = 'journal-event-invalid' | 'journal-id-taken'

/** Why `append` refused a batch (nothing of the batch was written). */
export interface JournalError {
  readonly code: JournalErrorCode
  readonly message: string
  readonly id: string
  readonly cause?: EventError
}

/** New events delivered to subscribers, once per transaction that added any. */
export interface JournalBatch {
  /** The new events, in fold order. */
  readonly events: readonly DakEvent[]
  /** True for this journal's own appends, false for remote updates (and other local writers). */
  readonly local: boolean
  readonly origin: unknown
  /** Events re-applied because a new one sorted before the tip. */
  readonly refolded: number
}

/** An entry in the map that was not folded, and why. */
export interface RejectedEntry {
  readonly key: string
  readonly reason:
    | EventError
    | { readonly code: 'journal-key-mismatch' | 'journal-entry-changed'; message: string }
}

export interface YJournal<S> {
  readonly doc: Y.Doc
  readonly map: Y.Map<unknown>
  /** Appends events in one transaction. Ids already held with the same content are skipped (retries). */
  append(events: readonly DakEvent[]): Result<{ added: DakEvent[] }, JournalError>
  /** Every valid event, in fold order. */
  events(): readonly DakEvent[]
  get(id: string): DakEvent | undefined
  /** The folded state (live: read, do not mutate). */
  readonly state: S
  readonly folder: Folder<S>
  conflicts(): Conflict[]
  /** Entries that failed validation or were changed after being written (kept in the doc, not folded). */
  rejected(): readonly RejectedEntry[]
  /** Calls `listener` with each later batch of new events; returns the unsubscribe function. */
  subscribe(listener: (batch: JournalBatch) => void): () => void
  /** Stops observing the doc. */
  destroy(): void
}

/** Opens the journal held in `doc` (loading and folding what it already holds). */
export function createJournal<S = State>(doc: Y.Doc, options: JournalOptions<S> = {}): YJournal<S> {
  const kernel = options.kernel ?? (journalKernel() as unknown as Kernel<S>)
  const validate = options.validate === false ? undefined : (options.validate ?? kernel.parseEvent)
  const encoding = options.encoding ?? 'object'
  const origin = options.origin ?? Symbol('dak-journal')
  const map = doc.getMap<unknown>(options.mapName ?? JOURNAL_MAP)
  const folder = kernel.createFolder(options.folder)
  const rejected: RejectedEntry[] = []
  const listeners = new Set<(batch: JournalBatch) => void>()

  /** Events this journal is writing right now: already validated, so the observer need not check them again. */
  let writing: Map<string, DakEvent> | undefined

  const read = (key: string, raw: unknown): DakEvent | undefined => {
    const own = writing?.get(key)
    if (own) return own
    let input = raw
    if (encoding === 'json' && typeof raw === 'string') {
      try {
        input = JSON.parse(raw)
      } catch {
        input = raw
      }
    }
    if (!validate) return input as DakEvent
    const parsed = validate(input)
    if (!parsed.ok) {
      rejected.push({ key, reason: parsed.error })
      return undefined
    }
    if (parsed.value.id !== key) {
      rejected.push({
        key,
        reason: {
          code: 'journal-key-mismatch',
          message: `entry under key ${key} holds event ${parsed.value.id}`,
        },
      })
      return undefined
    }
    return parsed.value
  }

  const initial: DakEvent[] = []
  map.forEach((raw, key) => {
    const e = read(key, raw)
    if (e) initial.push(e)
  })
  folder.add(initial)

  const observer = (event: Y.YMapEvent<unknown>, tx: Y.Transaction) => {
    const fresh: DakEvent[] = []
    for (const [key, change] of event.changes.keys) {
      if (change.action !== 'add') {
        // Never done by this code and refused by the server; a peer that did it anyway is recorded, not folded.
        rejected.push({
          key,
          reason: { code: 'journal-entry-changed', message: `entry ${key} was ${change.action}d` },
        })
        continue
      }
      const e = read(key, map.get(key))
      if (e) fresh.push(e)
    }
    if (fresh.length === 0) return
    const { added, refolded } = folder.add(fresh)
    if (added.length === 0 || listeners.size === 0) return
    const batch: JournalBatch = { events: added, local: tx.origin === origin, origin: tx.origin, refolded }
    for (const l of listeners) l(batch)
  }
  map.observe(observer)

  return {
    doc,
    map,
    append(events) {
      const toWrite: DakEvent[] = []
      const batchIds = new Set<string>()
      for (const e of events) {
        const checked = validate ? validate(e) : ok(e)
        if (!checked.ok) {
          return err({
            code: 'journal-event-invalid',
            id: e.id,
            message: checked.error.message,
            cause: checked.error,
          })
        }
        if (batchIds.has(e.id)) continue
        const held = map.get(e.id)
        if (held !== undefined) {
          const same =
            encoding === 'json' ? held === JSON.stringify(e) : JSON.stringify(held) === JSON.stringify(e)
          if (same) continue
          return err({
            code: 'journal-id-taken',
            id: e.id,
            message: `event id ${e.id} is already in the journal with different content; events are never overwritten — mint a new id`,
          })
        }
        batchIds.add(e.id)
        toWrite.push(e)
      }
      if (toWrite.length > 0) {
        writing = new Map(toWrite.map((e) => [e.id, e]))
        try {
          doc.transact(() => {
            for (const e of toWrite) map.set(e.id, encoding === 'json' ? JSON.stringify(e) : e)
          }, origin)
        } finally {
          writing = undefined
        }
      }
      return ok({ added: toWrite })
    },
    events: () => folder.events(),
    get: (id) => folder.get(id),
    get state() {
      return folder.state
    },
    folder,
    conflicts: () => folder.conflicts(),
    rejected: () => rejected,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    destroy: () => map.unobserve(observer),
  }
}
