import type { State } from '@dak/core'
import { createJournal, type YJournal } from '@dak/core/yjs'
import { IndexeddbPersistence } from 'y-indexeddb'
import * as Y from 'yjs'

/** One synced room: its Y.Doc, kept in IndexedDB, with the append-only journal over it. */
export interface RoomDoc {
  readonly name: string
  readonly doc: Y.Doc
  readonly journal: YJournal<State>
  readonly persistence: IndexeddbPersistence
  /** Resolves once everything stored on this device has been loaded. */
  readonly loaded: Promise<void>
  destroy(): Promise<void>
}

/** Opens (or creates) the local copy of a room; it works with no network at all. */
export function openRoom(name: string): RoomDoc {
  const doc = new Y.Doc()
  const persistence = new IndexeddbPersistence(name, doc)
  const journal = createJournal(doc)
  const loaded = persistence.whenSynced.then(() => undefined)
  return {
    name,
    doc,
    journal,
    persistence,
    loaded,
    async destroy() {
      journal.destroy()
      await persistence.destroy()
      doc.destroy()
    },
  }
}

/** How many journal entries this document holds that a peer with state vector `remoteSv` lacks. */
export function entriesMissingFrom(doc: Y.Doc, remoteSv: Uint8Array | null): number {
  const diff = Y.encodeStateAsUpdate(doc, remoteSv ?? undefined)
  const { structs } = Y.decodeUpdate(diff)
  // every journal append is one map entry: an Item whose parentSub is the event id
  let n = 0
  for (const s of structs) if (s instanceof Y.Item && s.parentSub !== null) n++
  return n
}
