/**
 * The embedded default store: one LevelDB database (classic-level) per data directory.
 *
 * Keys (utf8): `m:<room>` marks a room that exists; `r:<room>:u:<seq, 12 hex>` the updates of one room in one
 * group commit (varUint count, then varUint seq · varUint8Array update each), keyed by the last seq; `r:<room>:s` the
 * snapshot (8-byte big-endian `upto`, then the encoded state); `r:<room>:seal` the seal (JSON).
 * Every `write` is one LevelDB batch with `sync: true` (fsync of the write-ahead log), so a batch is atomic
 * and durable: compaction (snapshot + deletion of the updates it covers) never leaves a half state.
 * LevelDB's lock file also stops two servers from opening one data directory.
 */
import { ClassicLevel } from 'classic-level'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
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

/**
 * Reads a room in one pass over its keys (`r:<room>:` sorts its snapshot, then its seal, then its updates in
 * order), fetched in chunks: one iterator instead of a lookup and then an iterator halves the round trips to
 * LevelDB's thread pool when many rooms open at once. Room names have no `:`, so no other room shares it.
 */
async function load(db: Db, room: string): Promise<StoredRoom> {
  const base = `r:${room}:`
  const it = db.iterator({ gte: base, lt: `r:${room};` })
  let snapshot: Snapshot | null = null
  let seal: Seal | null = null
  const records: Uint8Array[] = []
  try {
    for (;;) {
      const chunk = await it.nextv(256)
      if (chunk.length === 0) break
      for (const [key, value] of chunk) {
        const rest = key.slice(base.length)
        if (rest === 's') snapshot = decodeSnapshot(room, value)
        else if (rest === 'seal') seal = JSON.parse(Buffer.from(value).toString('utf8')) as Seal
        else if (rest.startsWith('u:')) records.push(value)
      }
    }
  } finally {
    // nothing waits on the close: the room is read (one thread-pool round trip less per load)
    it.close().catch(() => {})
  }
  const after = snapshot?.upto ?? 0
  const tail: StoredUpdate[] = []
  for (const record of records) for (const u of decodeRecord(room, record)) if (u.seq > after) tail.push(u)
  return { snapshot, tail, seal }
}

async function write(db: Db, batch: WriteBatch): Promise<void> {
  const ops: Op[] = []
  const rooms = new Set<string>()
  // one record per room per batch (keyed by its last seq): a per-update record costs ~60 µs of encoding
  // overhead in abstract-level, which would cap a busy server at a few thousand updates/s
  const byRoom = new Map<string, StoredUpdate[]>()
  for (const u of batch.updates) {
    const list = byRoom.get(u.room)
    if (list) list.push(u)
    else byRoom.set(u.room, [u])
  }
  for (const [room, list] of byRoom) {
    rooms.add(room)
    ops.push({ type: 'put', key: updateKey(room, list.at(-1)!.seq), value: encodeRecord(list) })
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

/** A record: varUint(count), then per update varUint(seq) · varUint8Array(update). */
function encodeRecord(list: readonly StoredUpdate[]): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, list.length)
  for (const u of list) {
    encoding.writeVarUint(e, u.seq)
    encoding.writeVarUint8Array(e, u.update)
  }
  return encoding.toUint8Array(e)
}

function decodeRecord(room: string, record: Uint8Array): StoredUpdate[] {
  const d = decoding.createDecoder(record)
  const n = decoding.readVarUint(d)
  const out: StoredUpdate[] = []
  for (let i = 0; i < n; i++) {
    const seq = decoding.readVarUint(d)
    out.push({ room, seq, update: decoding.readVarUint8Array(d) })
  }
  return out
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
