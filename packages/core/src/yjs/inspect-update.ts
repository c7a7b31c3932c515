/**
 * Server-side (and client-side) guard for the append-only journal: inspects an incoming Yjs update against the
 * document it would be applied to, without applying it. Decoding the update is O(update), not O(document), so
 * the sync server can run it on every message. Accepted: only new top-level entries of the journal map, each a
 * single JSON value under a key the document does not hold yet, each a valid event whose id is its key.
 */
import * as Y from 'yjs'
import type { DakEvent } from '../events/envelope.ts'
import type { EventError } from '../events/parse-event.ts'
import { journalKernel } from '../journal/journal.ts'
import { err, ok, type Result } from '../result.ts'
import { type EntryEncoding, JOURNAL_MAP } from './journal.ts'
import { readAppendUpdate } from './read-append.ts'

export type JournalViolationCode =
  | 'update-malformed'
  | 'journal-deletion'
  | 'journal-overwrite'
  | 'journal-foreign-content'
  | 'journal-event-invalid'
  | 'journal-key-mismatch'

/** Why an update was refused. Nothing of a refused update may be applied. */
export interface JournalViolation {
  readonly code: JournalViolationCode
  readonly message: string
  /** The journal key concerned, when there is one. */
  readonly key?: string
  readonly cause?: EventError
}

export interface InspectOptions {
  validate?: (input: unknown) => Result<DakEvent, EventError>
  mapName?: string
  encoding?: EntryEncoding
  /** `v2` for updates made with `encodeStateAsUpdateV2` (y-websocket uses v1). */
  updateFormat?: 'v1' | 'v2'
}

/**
 * Checks that applying `update` to `docBefore` would only append new, valid events to the journal. Refuses
 * deletions, overwrites of existing keys (including concurrent ones), nested types, writes outside the journal
 * map and malformed events. Structs the document already holds (a re-sent update) are ignored.
 */
export function inspectUpdate(
  docBefore: Y.Doc,
  update: Uint8Array,
  options: InspectOptions = {},
): Result<{ added: DakEvent[] }, JournalViolation> {
  const mapName = options.mapName ?? JOURNAL_MAP
  const validate = options.validate ?? journalKernel().parseEvent
  const store = docBefore.store
  const map = docBefore.getMap<unknown>(mapName)
  const keys = new Set<string>()
  const added: DakEvent[] = []
  /** The checks of one new entry of the journal map; null when it is accepted (and added). */
  const admit = (key: string, raw: unknown): JournalViolation | null => {
    if (map.has(key) || keys.has(key)) {
      return {
        code: 'journal-overwrite',
        key,
        message: `entry ${key} already exists; events are never overwritten`,
      }
    }
    keys.add(key)
    const checked = validate(options.encoding === 'json' && typeof raw === 'string' ? safeJson(raw) : raw)
    if (!checked.ok) {
      return { code: 'journal-event-invalid', key, message: checked.error.message, cause: checked.error }
    }
    if (checked.value.id !== key) {
      return { code: 'journal-key-mismatch', key, message: `entry ${key} holds event ${checked.value.id}` }
    }
    added.push(checked.value)
    return null
  }

  // the shape every device append takes, read in one pass; anything else is decoded by Yjs below
  const entries = options.updateFormat === 'v2' ? null : readAppendUpdate(update)
  if (entries) {
    for (const e of entries) {
      if (e.clock < Y.getState(store, e.client)) continue // already known
      if (e.map !== mapName) return err(outsideMap(mapName))
      const refused = admit(e.key, e.value)
      if (refused) return err(refused)
    }
    return ok({ added })
  }

  let decoded: ReturnType<typeof Y.decodeUpdate>
  try {
    decoded = options.updateFormat === 'v2' ? Y.decodeUpdateV2(update) : Y.decodeUpdate(update)
  } catch (e) {
    return err({
      code: 'update-malformed',
      message: `the update could not be decoded as Yjs: ${(e as Error).message}`,
    })
  }
  if (decoded.ds.clients.size > 0) {
    return err({
      code: 'journal-deletion',
      message: 'the update deletes content; the journal is append-only',
    })
  }
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue
    if (struct.id.clock + struct.length <= Y.getState(store, struct.id.client)) continue
    if (struct instanceof Y.GC) {
      return err({
        code: 'journal-deletion',
        message: 'the update carries deleted (garbage-collected) content',
      })
    }
    const item = struct
    // A fresh key of a root map has no left/right origin and names its parent; anything else is an edit of an
    // existing entry, a list or text insertion, or a nested type.
    if (item.origin !== null || item.rightOrigin !== null || item.parentSub === null) {
      return err({
        code:
          item.parentSub === null && item.origin !== null ? 'journal-overwrite' : 'journal-foreign-content',
        message: 'the update changes an existing entry or writes something other than a new journal entry',
      })
    }
    // Decoded (not integrated) items name a root parent by its key, a string, which the typings do not admit.
    if ((item.parent as unknown) !== mapName) return err(outsideMap(mapName))
    const key = item.parentSub
    const content = item.content
    const single = content instanceof Y.ContentAny && content.arr.length === 1
    if (!single && !map.has(key) && !keys.has(key)) {
      return err({ code: 'journal-foreign-content', key, message: `entry ${key} is not a single JSON value` })
    }
    const refused = admit(key, single ? content.arr[0] : undefined)
    if (refused) return err(refused)
  }
  return ok({ added })
}

function outsideMap(mapName: string): JournalViolation {
  return {
    code: 'journal-foreign-content',
    message: `the update writes outside the journal map "${mapName}"; only new events may be added`,
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
