/** An in-memory `Storage` for tests and throwaway servers: same semantics, no durability. */
import type { Seal, Snapshot, Storage, StoredRoom, StoredUpdate, WriteBatch } from './storage.ts'
import { StorageError } from './storage.ts'

interface Entry {
  snapshot: Snapshot | null
  tail: StoredUpdate[]
  seal: Seal | null
}

/** Creates an empty in-memory store. */
export function createMemoryStorage(): Storage & { writes: number } {
  const rooms = new Map<string, Entry>()
  let closed = false
  const entry = (room: string): Entry => {
    let e = rooms.get(room)
    if (!e) {
      e = { snapshot: null, tail: [], seal: null }
      rooms.set(room, e)
    }
    return e
  }
  const store = {
    writes: 0,
    async load(room: string): Promise<StoredRoom> {
      if (closed) throw new StorageError('storage-closed', 'storage is closed')
      const e = rooms.get(room)
      return e
        ? { snapshot: e.snapshot, tail: [...e.tail], seal: e.seal }
        : { snapshot: null, tail: [], seal: null }
    },
    async write(batch: WriteBatch): Promise<void> {
      if (closed) throw new StorageError('storage-closed', 'storage is closed')
      store.writes++
      for (const u of batch.updates) entry(u.room).tail.push(u)
      for (const s of batch.snapshots) {
        const e = entry(s.room)
        e.snapshot = s
        e.tail = e.tail.filter((u) => u.seq > s.upto)
      }
      for (const s of batch.seals) entry(s.room).seal = s
    },
    async rooms(): Promise<string[]> {
      return [...rooms.keys()].sort()
    },
    async close(): Promise<void> {
      closed = true
    },
  }
  return store
}
