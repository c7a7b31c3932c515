/**
 * A loaded room: its Y.Doc (rebuilt from the stored snapshot and tail before anyone is answered), its
 * awareness, its connections, and what still has to be written to storage.
 */
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { Connection } from './connection.ts'
import { type RoomKind, roomKind } from './rooms.ts'
import type { Seal, Storage, StoredRoom, StoredUpdate } from './storage/storage.ts'

export interface Room {
  readonly name: string
  readonly kind: RoomKind
  /** The room's document; read it through `settle(room)`, which first applies what is `unapplied`. */
  readonly doc: Y.Doc
  /**
   * Accepted updates already forwarded and queued for storage but not yet applied to `doc`: a client's live
   * update is relayed first and applied when the document is next read (the group commit that makes it
   * durable, the room's next update, a sync step), several in one transaction, so that neither its receivers
   * nor the next sender wait for the server's own copy.
   */
  unapplied: Uint8Array[]
  readonly awareness: awarenessProtocol.Awareness
  readonly conns: Set<Connection>
  /** Next per-room storage sequence number. */
  nextSeq: number
  /** Updates applied in memory and not yet handed to a write batch. */
  pending: StoredUpdate[]
  /** A seal accepted in memory and not yet written. */
  pendingSeal: Seal | null
  seal: Seal | null
  /** Connections owed a sync-status after the next commit that covers this room. */
  statusWaiters: Set<Connection>
  /** Stored updates after the snapshot, and their bytes; they drive compaction. */
  tailCount: number
  tailBytes: number
  snapshotBytes: number
  wantCompact: boolean
  destroyed: boolean
  /** `nextSeq` right after loading: a later value means the doc changed since it was read from storage. */
  readonly loadedSeq: number
  /** The state vector right after loading (what a client answered from stored bytes already has). */
  readonly loadedSv: Uint8Array
}

/** Loads a room from storage into a fresh Y.Doc (one transaction; never `Y.mergeUpdates`). */
export async function loadRoom(storage: Storage, name: string): Promise<Room> {
  return buildRoom(name, await storage.load(name))
}

/** Builds a room's Y.Doc from what storage holds. */
export function buildRoom(name: string, stored: StoredRoom): Room {
  const doc = new Y.Doc({ gc: true })
  let tailBytes = 0
  Y.transact(doc, () => {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot.state)
    for (const u of stored.tail) {
      Y.applyUpdate(doc, u.update)
      tailBytes += u.update.length
    }
  })
  const awareness = new awarenessProtocol.Awareness(doc)
  awareness.setLocalState(null)
  const last = stored.tail.at(-1)?.seq ?? stored.snapshot?.upto ?? 0
  return {
    name,
    kind: roomKind(name),
    doc,
    unapplied: [],
    awareness,
    conns: new Set(),
    nextSeq: last + 1,
    pending: [],
    pendingSeal: null,
    seal: stored.seal,
    statusWaiters: new Set(),
    tailCount: stored.tail.length,
    tailBytes,
    snapshotBytes: stored.snapshot?.state.length ?? 0,
    wantCompact: false,
    destroyed: false,
    loadedSeq: last + 1,
    loadedSv: Y.encodeStateVector(doc),
  }
}

/** The room's document with every accepted update applied (in one transaction): the way to read it. */
export function settle(room: Room): Y.Doc {
  const queued = room.unapplied
  if (queued.length > 0) {
    room.unapplied = []
    const doc = room.doc
    if (queued.length === 1) Y.applyUpdate(doc, queued[0]!)
    else
      Y.transact(doc, () => {
        for (const u of queued) Y.applyUpdate(doc, u)
      })
  }
  return room.doc
}

/** Frees a room's memory (its doc and awareness timers). */
export function destroyRoom(room: Room): void {
  if (room.destroyed) return
  room.destroyed = true
  room.unapplied = [] // stored already (every accepted update is queued for storage when it is accepted)
  room.awareness.destroy()
  room.doc.destroy()
}
