/**
 * The rooms of one server process: loading (persisted state first), attaching connections, fan-out without
 * echo, and unloading a room once its last connection has left and its writes are durable.
 */

import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { type Committer, createCommitter } from './committer.ts'
import type { Connection } from './connection.ts'
import type { Logger } from './log.ts'
import type { Metrics } from './metrics.ts'
import { encodeSyncStatus, messageAwareness, messageSync, updateHead } from './protocol.ts'
import { buildRoom, destroyRoom, type Room, settle } from './room.ts'
import type { Storage, StoredRoom } from './storage/storage.ts'

export interface Hub {
  readonly rooms: Map<string, Room>
  readonly committer: Committer
  /** Returns the loaded room, loading it from storage first if needed. */
  open(name: string): Promise<Room>
  /**
   * While a room is loading: its stored bytes, as soon as they are read (before the Y.Doc is built), so a
   * fresh client can be answered from them at once. Null when the room is not loading.
   */
  peek(name: string): Promise<StoredRoom> | null
  /**
   * Takes an update that was validated for `room`: forwards what was new to the room's other
   * connections (never back to `origin`), queues it for the next group commit and applies it to the room's
   * document (a fresh live update once the document is next read; see `Room.unapplied`). Returns false when the
   * update held nothing new (nothing forwarded or stored).
   */
  apply(room: Room, update: Uint8Array, origin: Connection): boolean
  /** Attaches a connection to a loaded room and sends it sync step 1 and the awareness states. */
  attach(room: Room, conn: Connection): void
  /** Detaches a connection; unloads the room when it was the last one. */
  detach(conn: Connection): void
  /** Makes everything durable, then compacts and unloads every room. */
  drain(): Promise<void>
}

export interface HubOptions {
  storage: Storage
  metrics: Metrics
  log: Logger
  compactEvery: number
  /** Compact a room on unload when its tail has at least this many updates. */
  compactOnUnload: number
}

export function createHub(o: HubOptions): Hub {
  const rooms = new Map<string, Room>()
  const loading = new Map<string, Promise<Room>>()
  const peeks = new Map<string, Promise<StoredRoom>>()
  const committer = createCommitter({
    storage: o.storage,
    metrics: o.metrics,
    log: o.log,
    compactEvery: o.compactEvery,
    onDurable(room, sv, waiters) {
      for (const c of waiters) if (c.room === room && c.open) c.send(encodeSyncStatus(sv, c.accepted))
    },
  })

  const wire = (room: Room): void => {
    room.awareness.on(
      'update',
      (ch: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
        const changed = ch.added.concat(ch.updated, ch.removed)
        const from = origin as Connection | null
        if (from && room.conns.has(from)) {
          if (ch.added.length > 0) {
            from.awarenessIds ??= new Set()
            for (const id of ch.added) from.awarenessIds.add(id)
          }
          for (const id of ch.removed) from.awarenessIds?.delete(id)
        }
        const msg = awarenessMessage(room.awareness, changed)
        for (const c of room.conns) if (c !== from) c.send(msg)
      },
    )
  }

  const open = (name: string): Promise<Room> => {
    const loaded = rooms.get(name)
    if (loaded) return Promise.resolve(loaded)
    let p = loading.get(name)
    if (!p) {
      const start = performance.now()
      const read = o.storage.load(name)
      peeks.set(name, read)
      p = read
        // let fresh clients be answered from the stored bytes before the doc is built (an empty room has none)
        .then((stored) =>
          stored.snapshot || stored.tail.length > 0
            ? new Promise<StoredRoom>((r) => setImmediate(() => r(stored)))
            : stored,
        )
        .then((stored) => buildRoom(name, stored))
        .then(
          (room) => {
            loading.delete(name)
            peeks.delete(name)
            wire(room)
            rooms.set(name, room)
            o.metrics.rooms = rooms.size
            o.metrics.roomLoadLatency.observe((performance.now() - start) / 1000)
            return room
          },
          (error: unknown) => {
            loading.delete(name)
            peeks.delete(name)
            throw error
          },
        )
      loading.set(name, p)
    }
    return p
  }

  const unload = async (room: Room): Promise<void> => {
    await committer.idle()
    if (room.conns.size > 0 || room.destroyed) return
    if (room.tailCount >= o.compactOnUnload) {
      room.wantCompact = true
      committer.mark(room)
      await committer.idle()
      if (room.conns.size > 0 || room.destroyed) return
    }
    if (room.pending.length > 0 || room.pendingSeal) return // a write slipped in; its commit re-checks
    if (rooms.get(room.name) === room) rooms.delete(room.name)
    destroyRoom(room)
    o.metrics.rooms = rooms.size
    o.log('debug', 'room-unloaded', { room: room.name })
  }

  const apply = (room: Room, update: Uint8Array, origin: Connection): boolean => {
    const doc = settle(room)
    let news: Uint8Array | null = null
    if (isFresh(doc, update)) {
      // relayed and stored as it is, applied when the document is next read (see `Room.unapplied`)
      news = update
      room.unapplied.push(update)
    } else {
      // part of it may be known already (e.g. a reconnecting client's sync step 2): forward and store only
      // what this document did not have, as Yjs encodes it for the transaction
      const capture = (u: Uint8Array) => {
        news = u
      }
      doc.on('update', capture)
      try {
        Y.applyUpdate(doc, update, origin)
      } finally {
        doc.off('update', capture)
      }
    }
    if (!news) return false
    room.pending.push({ room: room.name, seq: room.nextSeq++, update: news })
    // encoded once per update, sent to every other connection of the room
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, messageSync)
    syncProtocol.writeUpdate(e, news)
    const msg = encoding.toUint8Array(e)
    for (const c of room.conns) {
      if (c === origin) continue // no echo to the sender
      c.send(msg)
      o.metrics.updatesOut++
    }
    committer.mark(room)
    return true
  }

  return {
    rooms,
    committer,
    open,
    apply,
    peek: (name) => peeks.get(name) ?? null,
    attach(room, conn) {
      room.conns.add(conn)
      conn.room = room
      const doc = settle(room)
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, messageSync)
      syncProtocol.writeSyncStep1(e, doc)
      conn.send(encoding.toUint8Array(e))
      if (conn.answeredFromStore && room.nextSeq !== room.loadedSeq) {
        // it got the stored state; send what was written since the room was read
        const u = encoding.createEncoder()
        encoding.writeVarUint(u, messageSync)
        syncProtocol.writeUpdate(u, Y.encodeStateAsUpdate(doc, room.loadedSv))
        conn.send(encoding.toUint8Array(u))
      }
      const states = room.awareness.getStates()
      if (states.size > 0) conn.send(awarenessMessage(room.awareness, [...states.keys()]))
    },
    detach(conn) {
      const room = conn.room
      if (!room?.conns.delete(conn)) return
      room.statusWaiters.delete(conn)
      if (conn.awarenessIds && conn.awarenessIds.size > 0) {
        awarenessProtocol.removeAwarenessStates(room.awareness, [...conn.awarenessIds], null)
      }
      if (room.conns.size === 0) {
        unload(room).catch((error: unknown) =>
          o.log('error', 'unload-failed', { room: room.name, error: String(error) }),
        )
      }
    },
    async drain() {
      await committer.idle()
      for (const room of rooms.values()) {
        if (room.tailCount >= o.compactOnUnload) {
          room.wantCompact = true
          committer.mark(room)
        }
      }
      await committer.idle()
      for (const room of [...rooms.values()]) destroyRoom(room)
      rooms.clear()
      o.metrics.rooms = 0
    },
  }
}

/**
 * When `update` is all new to `doc` and can only add to it, its own bytes are exactly what applying it adds,
 * so they are forwarded and stored as they are, sparing Yjs a re-encoding of the transaction (about as much
 * CPU as applying the update), and the document can take them after they are relayed. That holds for a
 * y-websocket client's live update: one Yjs client whose first struct starts at the clock the document has
 * for it, into a document with nothing pending (so that no pending struct of another update can be
 * integrated along with it). The validator has already refused deletions. Otherwise the update is applied
 * at once and the transaction re-encoded.
 */
function isFresh(doc: Y.Doc, update: Uint8Array): boolean {
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) return false
  const head = updateHead(update)
  return head?.clients === 1 && Y.getState(doc.store, head.client) === head.clock
}

function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, messageAwareness)
  encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients))
  return encoding.toUint8Array(e)
}
