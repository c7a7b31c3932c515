/**
 * Group commit: while one durable write is in flight, everything accepted meanwhile (across all rooms)
 * queues up and goes into the next single batch. An idle server starts a commit `delayMs` after the first
 * update it accepts (or at once when `maxUpdates` are waiting), so that a trickle of updates shares one
 * fsync instead of paying one each (an fsync costs the machine more than relaying an update does), while
 * the updates themselves are relayed without waiting; a busy one batches by itself. After each commit, the
 * connections whose updates it covered get a `sync-status`.
 */
import * as Y from 'yjs'
import type { Logger } from './log.ts'
import type { Metrics } from './metrics.ts'
import { type Room, settle } from './room.ts'
import type { Snapshot, Storage, StoredUpdate, WriteBatch } from './storage/storage.ts'

export interface Committer {
  /** Marks a room as having something to write (updates, a seal, a compaction or status waiters). */
  mark(room: Room): void
  /** Resolves once everything marked so far is durable. */
  idle(): Promise<void>
}

export interface CommitterOptions {
  storage: Storage
  metrics: Metrics
  log: Logger
  /** Compact a room once its stored tail reaches this many updates (and is big next to its snapshot). */
  compactEvery: number
  /** How long an idle committer waits for more updates before it writes (default 5 ms; sync.md: ≤ 10 ms). */
  delayMs?: number
  /** An idle committer writes at once after this many marks (about two per update; default 100). */
  maxUpdates?: number
  /** Sends a sync-status to the connections of a committed room. */
  onDurable(
    room: Room,
    stateVector: Uint8Array,
    waiters: ReadonlySet<import('./connection.ts').Connection>,
  ): void
}

interface Taken {
  room: Room
  updates: StoredUpdate[]
  bytes: number
  snapshot: Snapshot | null
  /** What the batch makes durable, for the sync-status (only computed when someone waits for one). */
  stateVector: Uint8Array | null
  waiters: Set<import('./connection.ts').Connection>
}

export function createCommitter(o: CommitterOptions): Committer {
  const dirty = new Set<Room>()
  let running: Promise<void> | null = null

  const take = (room: Room): Taken => {
    const updates = room.pending
    room.pending = []
    let snapshot: Snapshot | null = null
    if (room.wantCompact && !room.destroyed) {
      // the encoded doc covers every update applied so far, including this batch's: they need no row
      snapshot = { room: room.name, upto: room.nextSeq - 1, state: Y.encodeStateAsUpdate(settle(room)) }
      room.wantCompact = false
    }
    const waiters = room.statusWaiters
    room.statusWaiters = new Set()
    const bytes = updates.reduce((n, u) => n + u.update.length, 0)
    const stateVector = waiters.size > 0 ? Y.encodeStateVector(settle(room)) : null
    return { room, updates: snapshot ? [] : updates, bytes, snapshot, stateVector, waiters }
  }

  const run = async (): Promise<void> => {
    while (dirty.size > 0) {
      const taken = [...dirty].map(take)
      dirty.clear()
      const seals = taken.flatMap((t) => (t.room.pendingSeal ? [t.room.pendingSeal] : []))
      for (const t of taken) t.room.pendingSeal = null
      const batch: WriteBatch = {
        updates: taken.flatMap((t) => t.updates),
        snapshots: taken.flatMap((t) => (t.snapshot ? [t.snapshot] : [])),
        seals,
      }
      const start = performance.now()
      try {
        await o.storage.write(batch)
      } catch (error) {
        // nothing in the batch is acknowledged; put it back and retry after a pause
        o.log('error', 'persist-failed', { error: String(error), updates: batch.updates.length })
        o.metrics.refuse('storage-error')
        for (const t of taken) requeue(t)
        await new Promise((r) => setTimeout(r, 200))
        continue
      }
      o.metrics.persistLatency.observe((performance.now() - start) / 1000)
      o.metrics.persistBatches++
      o.metrics.persistUpdates += batch.updates.length
      for (const t of taken) finish(t)
    }
  }

  const requeue = (t: Taken): void => {
    if (t.snapshot) t.room.wantCompact = true
    else t.room.pending = [...t.updates, ...t.room.pending]
    for (const w of t.waiters) t.room.statusWaiters.add(w)
    if (t.room.seal && !t.room.pendingSeal) t.room.pendingSeal = t.room.seal
    dirty.add(t.room)
  }

  const finish = (t: Taken): void => {
    const { room } = t
    if (t.snapshot) {
      o.metrics.compactions++
      room.tailCount = 0
      room.tailBytes = 0
      room.snapshotBytes = t.snapshot.state.length
    } else {
      room.tailCount += t.updates.length
      room.tailBytes += t.bytes
    }
    // compact once the tail outweighs the snapshot: encoding the whole document then costs about as much as
    // the updates it replaces (re-encoding at a quarter of it cost a tenth of a busy server's CPU), and a cold
    // load replays at most a snapshot's worth of tail (or 10 × compactEvery updates)
    const big = room.tailBytes >= room.snapshotBytes || room.tailCount >= 10 * o.compactEvery
    if (room.tailCount >= o.compactEvery && big && !room.destroyed) {
      room.wantCompact = true
      dirty.add(room)
    }
    if (t.stateVector) o.onDurable(room, t.stateVector, t.waiters)
  }

  const delayMs = o.delayMs ?? 5
  const maxUpdates = o.maxUpdates ?? 100
  let scheduled: Promise<void> | null = null
  let fire: (() => void) | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let waiting = 0
  const start = (): void => {
    if (running) return
    waiting = 0
    running = run().finally(() => {
      running = null
      if (dirty.size > 0) start()
    })
  }
  const schedule = (): void => {
    waiting++
    if (running) return
    if (scheduled) {
      if (waiting >= maxUpdates && timer) {
        clearTimeout(timer)
        timer = null
        setImmediate(fire!)
      }
      return
    }
    scheduled = new Promise((resolve) => {
      fire = () => {
        if (!scheduled) return
        scheduled = null
        fire = null
        if (timer) clearTimeout(timer)
        timer = null
        start()
        resolve()
      }
      timer = setTimeout(fire, delayMs)
    })
  }

  return {
    mark(room) {
      dirty.add(room)
      schedule()
    },
    async idle() {
      while (running || scheduled) await (running ?? scheduled)
    },
  }
}
