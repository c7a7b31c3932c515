import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createCommitter } from '../src/committer.ts'
import type { Connection } from '../src/connection.ts'
import { createMemoryStorage, silentLogger } from '../src/index.ts'
import { createMetrics } from '../src/metrics.ts'
import { buildRoom, type Room } from '../src/room.ts'
import { event, ROOM } from './helpers.ts'

function setUp(compactEvery = 1000) {
  const storage = createMemoryStorage()
  const statuses: { room: Room; sv: Map<number, number>; waiters: number }[] = []
  const committer = createCommitter({
    storage,
    metrics: createMetrics(),
    log: silentLogger,
    compactEvery,
    onDurable: (room, sv, waiters) =>
      statuses.push({ room, sv: Y.decodeStateVector(sv), waiters: waiters.size }),
  })
  return { storage, statuses, committer }
}

/** Applies one new event to the room's document and queues its update, as the hub does. */
function accept(room: Room, fields: Record<string, unknown> = {}): Uint8Array {
  let update: Uint8Array = new Uint8Array()
  const capture = (u: Uint8Array) => {
    update = u
  }
  room.doc.on('update', capture)
  const e = event(fields)
  room.doc.getMap('events').set(e.id, e)
  room.doc.off('update', capture)
  room.pending.push({ room: room.name, seq: room.nextSeq++, update })
  return update
}

describe('group commit', () => {
  it('waits a few ms when idle, so the updates accepted meanwhile go into one durable write', async () => {
    const { storage, committer } = setUp()
    const room = buildRoom(ROOM, { snapshot: null, tail: [], seal: null })
    for (let i = 0; i < 3; i++) {
      accept(room)
      committer.mark(room)
    }
    expect(storage.writes).toBe(0) // nothing written while the turn's messages are still being relayed
    await new Promise((r) => setImmediate(r))
    accept(room) // a later turn, within the delay
    committer.mark(room)
    expect(storage.writes).toBe(0)
    await committer.idle() // covers a commit that is scheduled and not yet started
    expect(storage.writes).toBe(1)
    expect((await storage.load(ROOM)).tail.map((u) => u.seq)).toEqual([1, 2, 3, 4])
  })

  it('writes at once when maxUpdates marks are waiting', async () => {
    const storage = createMemoryStorage()
    const committer = createCommitter({
      storage,
      metrics: createMetrics(),
      log: silentLogger,
      compactEvery: 1000,
      delayMs: 60_000,
      maxUpdates: 4,
      onDurable: () => {},
    })
    const room = buildRoom(ROOM, { snapshot: null, tail: [], seal: null })
    for (let i = 0; i < 4; i++) {
      accept(room)
      committer.mark(room)
    }
    await new Promise((r) => setImmediate(r))
    expect(storage.writes).toBe(1) // long before the 60 s delay
    await committer.idle()
  })

  it('sends a sync-status only to waiters, with the durable state vector', async () => {
    const { committer, statuses } = setUp()
    const room = buildRoom(ROOM, { snapshot: null, tail: [], seal: null })
    accept(room)
    committer.mark(room)
    await committer.idle()
    expect(statuses).toEqual([]) // nobody waited: no state vector computed, nothing sent
    accept(room)
    room.statusWaiters.add({} as Connection)
    committer.mark(room)
    await committer.idle()
    expect(statuses).toHaveLength(1)
    expect(statuses[0]!.waiters).toBe(1)
    expect(statuses[0]!.sv.get(room.doc.clientID)).toBe(Y.getState(room.doc.store, room.doc.clientID))
  })

  it('compacts once the tail outweighs the snapshot (and has compactEvery updates), not before', async () => {
    const { storage, committer } = setUp(3)
    const room = buildRoom(ROOM, { snapshot: null, tail: [], seal: null })
    for (let i = 0; i < 3; i++) accept(room, { payload: { note: 'x'.repeat(400) } })
    committer.mark(room)
    await committer.idle()
    // first compaction: any tail outweighs an empty snapshot
    expect((await storage.load(ROOM)).snapshot?.upto).toBe(3)
    expect((await storage.load(ROOM)).tail).toEqual([])
    const snapshotBytes = room.snapshotBytes
    // three small events: enough updates, but far lighter than the snapshot, so they stay in the tail
    for (let i = 0; i < 3; i++) accept(room)
    committer.mark(room)
    await committer.idle()
    expect(room.tailCount).toBe(3)
    expect((await storage.load(ROOM)).snapshot?.upto).toBe(3)
    expect((await storage.load(ROOM)).tail).toHaveLength(3)
    // once the tail is heavier than the snapshot, it is folded into a new one
    let tailBytes = room.tailBytes
    while ((await storage.load(ROOM)).snapshot?.upto === 3) {
      tailBytes = room.tailBytes + accept(room).length
      committer.mark(room)
      await committer.idle()
    }
    expect(tailBytes).toBeGreaterThanOrEqual(snapshotBytes)
    const stored = await storage.load(ROOM)
    expect(stored.snapshot?.upto).toBe(room.nextSeq - 1)
    expect(stored.tail).toEqual([])
    const copy = new Y.Doc()
    Y.applyUpdate(copy, stored.snapshot!.state)
    expect(copy.getMap('events').size).toBe(room.doc.getMap('events').size)
  })
})
