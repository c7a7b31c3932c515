/**
 * The embedded default store: one LevelDB database (classic-level) per data directory.
 *
 * Keys (utf8): `m:<room>` marks a room that exists; `r:<room>:u:<seq, 12 hex>` one update; `r:<room>:s` the
 * snapshot (8-byte big-endian `upto`, then the encoded state); `r:<room>:seal` the seal (JSON).
 * Every `write` is one LevelDB batch with `sync: true` (fsync of the write-ahead log), so a batch is atomic
 * and durable: compaction (snapshot + deletion of the updates it covers) never leaves a half state.
 * LevelDB's lock file also stops two servers from opening one data directory.
 */
import { ClassicLevel } from 'classic-level'
import type { Seal, Snapshot, Storage, StoredRoom, StoredUpdate, WriteBatch } from './storage.ts'
import { StorageError } from './storage.ts'

type Db = ClassicLevel<string, Uint8Array>
type Op = { type: 'put'; key: string; value: Uint8Array } | { type: 'del'; key: string }

const EMPTY = new Uint8Array(0)
const updatePrefix = (room: string) => `r:${room}:u:`
const updateKey = (room: string, seq: number) => `${updatePrefix(room)}${seq.toString(16).padStart(12, '0')}`

/** Opens (creating if needed) the LevelDB store in `dir`. */
export async function openLevelStorage(dir: string): Promise<Storage> {
  const db: Db = new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' })
  try {
    await db.open()
  } catch (cause) {
    throw new StorageError('storage-io', `cannot open the store in ${dir} (is another server using it?)`, {
      cause,
    })
  }
  return {
    load: (room) => load(db, room),
    write: (batch) => write(db, batch),
    async rooms() {
      const out: string[] = []
      for await (const key of db.keys({ gte: 'm:', lt: 'm;' })) out.push(key.slice(2))
      return out
    },
    close: () => db.close(),
  }
}

async function load(db: Db, room: string): Promise<StoredRoom> {
  const [snapRaw, sealRaw] = await db.getMany([`r:${room}:s`, `r:${room}:seal`])
  const snapshot = snapRaw ? decodeSnapshot(room, snapRaw) : null
  const tail: StoredUpdate[] = []
  const prefix = updatePrefix(room)
  const range = snapshot
    ? { gt: updateKey(room, snapshot.upto), lt: `${prefix}~` }
    : { gte: prefix, lt: `${prefix}~` }
  for await (const [key, update] of db.iterator(range)) {
    tail.push({ room, seq: Number.parseInt(key.slice(prefix.length), 16), update })
  }
  const seal = sealRaw ? (JSON.parse(Buffer.from(sealRaw).toString('utf8')) as Seal) : null
  return { snapshot, tail, seal }
}

async function write(db: Db, batch: WriteBatch): Promise<void> {
  const ops: Op[] = []
  const rooms = new Set<string>()
  for (const u of batch.updates) {
    rooms.add(u.room)
    ops.push({ type: 'put', key: updateKey(u.room, u.seq), value: u.update })
  }
  for (const s of batch.snapshots) {
    rooms.add(s.room)
    ops.push({ type: 'put', key: `r:${s.room}:s`, value: encodeSnapshot(s) })
    // the updates the snapshot covers: those already stored, and any written earlier in this batch
    for await (const key of db.keys({ gte: updatePrefix(s.room), lte: updateKey(s.room, s.upto) })) {
      ops.push({ type: 'del', key })
    }
    for (const u of batch.updates)
      if (u.room === s.room && u.seq <= s.upto) ops.push({ type: 'del', key: updateKey(u.room, u.seq) })
  }
  for (const s of batch.seals) {
    rooms.add(s.room)
    ops.push({ type: 'put', key: `r:${s.room}:seal`, value: Buffer.from(JSON.stringify(s)) })
  }
  for (const room of rooms) ops.push({ type: 'put', key: `m:${room}`, value: EMPTY })
  if (ops.length === 0) return
  try {
    await db.batch(ops, { sync: true })
  } catch (cause) {
    throw new StorageError('storage-io', 'the durable write failed; nothing in this batch was acknowledged', {
      cause,
    })
  }
}

function encodeSnapshot(s: Snapshot): Uint8Array {
  const out = new Uint8Array(8 + s.state.length)
  new DataView(out.buffer).setBigUint64(0, BigInt(s.upto))
  out.set(s.state, 8)
  return out
}

function decodeSnapshot(room: string, raw: Uint8Array): Snapshot {
  const upto = Number(new DataView(raw.buffer, raw.byteOffset, raw.byteLength).getBigUint64(0))
  return { room, upto, state: raw.subarray(8) }
}
