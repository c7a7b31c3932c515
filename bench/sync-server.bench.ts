/**
 * The Dak sync server against the reference `@y/websocket-server@0.1.1` (+ y-leveldb 0.1.2 persistence), both
 * in their own child process, under the same load generator (raw y-websocket sockets and real providers in
 * this process). Ours runs with validation (core's `inspectUpdate`), authentication and durable group commit on.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { issueToken, loadOrCreateSecret, openLevelStorage } from '@dak/sync-server'
import { WebSocket } from 'ws'
import { LeveldbPersistence } from 'y-leveldb'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { type Benchmark, compare, type Sample, type Stats, stats } from './harness.ts'
import {
  buildServer,
  type Child,
  percentile,
  type RawClient,
  rawClient,
  spawnChild,
  until,
  type Writer,
  writer,
} from './sync-bench-load.ts'

const ROUNDS = 5
const ROOMS_PER_ROUND = 80
const PER_ROOM = 5
const LATENCY_ROOMS = 50
const LATENCY_SENDS = 2000 // per run and server (p99 is then the 20th worst: steadier than with fewer)
const THROUGHPUT_ROOMS = 100
const THROUGHPUT_MS = 1000
const WINDOW = 32
/** Updates made ahead per sender before each saturation run (more than a run sends on this machine). */
const AHEAD = 400
const MEMORY_ROOMS = 200
const COLD_UPDATES = 20_000
/** The reference needs minutes for this room here, so it gets one run, cut off at this many ms. */
const REF_COLD_CAP_MS = 60_000
const DAY_EVENTS = 50_000

const log = (kind: string, what: string) =>
  process.stderr.write(`  [${kind}] ${what} ${new Date().toISOString().slice(11, 19)}\n`)

const day = (office: string) => `office/${office}/day/2026-11-30`

interface Figures {
  connectMs: number[]
  heapPerConnection: number
  latencyP50: number[]
  latencyP99: number[]
  throughput: number[]
  heapPerRoom: number
  retainedPerRoom: number
  coldLoadMs: number[]
  /** The reference did not finish its cold load within REF_COLD_CAP_MS (the figure is a lower bound). */
  coldCut: boolean
  freshSyncMs: number[]
}

/** The same content for both servers: COLD_UPDATES single-event updates, and a 50,000-event day from 10 devices. */
function fixtures(): { cold: Uint8Array[]; coldSize: number; dayState: Uint8Array } {
  const w = writer('C1', 'S0', 'D0')
  const cold = Array.from({ length: COLD_UPDATES }, () => w.next())
  const devices = Array.from({ length: 10 }, (_, i) => writer('F1', `S${i}`, `D${i}`))
  const dayDoc = new Y.Doc()
  for (const d of devices) {
    d.fill(DAY_EVENTS / 10)
    Y.applyUpdate(dayDoc, Y.encodeStateAsUpdate(d.doc))
  }
  return { cold, coldSize: Y.encodeStateAsUpdate(w.doc).length, dayState: Y.encodeStateAsUpdate(dayDoc) }
}

async function prepare(kind: 'dak' | 'ref', dir: string, fx: ReturnType<typeof fixtures>): Promise<string> {
  if (kind === 'dak') {
    // the 50,000-event day as our server keeps it after compaction: one snapshot
    const storage = await openLevelStorage(join(dir, 'db'))
    await storage.write({
      updates: [],
      snapshots: [{ room: day('F1'), upto: 0, state: fx.dayState }],
      seals: [],
    })
    await storage.close()
    return dir
  }
  const refDir = join(dir, 'ref')
  const ldb = new LeveldbPersistence(refDir) as LeveldbPersistence & {
    _transact(f: (db: { batch(ops: unknown[]): Promise<void> }) => Promise<void>): Promise<void>
  }
  // y-leveldb compacts a room on its first load, so each cold-load run gets its own copy of the room. The
  // records are what `storeUpdate` writes (key ['v1', room, 'update', clock]); written in batches because
  // 20,000 sequential `storeUpdate`s take ~30 s here.
  for (let r = 0; r < 1; r++) {
    const room = coldRoom('ref', r)
    await ldb.storeUpdate(room, fx.cold[0]!)
    for (let from = 1; from < fx.cold.length; from += 5000) {
      const ops = fx.cold.slice(from, from + 5000).map((u, i) => ({
        type: 'put',
        key: ['v1', room, 'update', from + i],
        value: Buffer.from(u),
      }))
      await ldb._transact((db) => db.batch(ops))
    }
  }
  await ldb.storeUpdate(day('F1'), fx.dayState)
  await ldb.destroy()
  return refDir
}

const coldRoom = (kind: 'dak' | 'ref', r: number) =>
  kind === 'dak' ? day('C1') : `${day('C1')}-${r}`.replace('/day/', `/day${r}/`)

/** One server under test: its child process, its token issuer and the sockets of the held rooms. */
interface Session {
  kind: 'dak' | 'ref'
  child: Child
  token(office: string, k: number): string
  rooms: RawClient[][]
  writers: Writer[]
  f: Figures
}

async function open(kind: 'dak' | 'ref', fx: ReturnType<typeof fixtures>): Promise<Session> {
  const dir = mkdtempSync(join(tmpdir(), `sync-bench-${kind}-`))
  const secret = loadOrCreateSecret(dir)
  const token = (office: string, k: number) =>
    issueToken(secret, {
      staff: `S${k}`,
      office,
      device: `D${k}`,
      role: 'clerk',
      rooms: ['office/*'],
      ttlSeconds: 3600,
    })
  const dataDir = await prepare(kind, dir, fx)
  const child = await spawnChild(kind, dataDir)
  const f = { connectMs: [], latencyP50: [], latencyP99: [], throughput: [] } as unknown as Figures
  return { kind, child, token, rooms: [], writers: [], f }
}

/** (a) One round of connections held: 400 sockets, each synced, all kept open. */
async function connectRound(s: Session, round: number): Promise<void> {
  const start = performance.now()
  const opened = await Promise.all(
    Array.from({ length: ROOMS_PER_ROUND }, (_, i) => {
      const office = `B${round * ROOMS_PER_ROUND + i}`
      return Promise.all(
        Array.from({ length: PER_ROOM }, (_, k) => rawClient(s.child.url, day(office), s.token(office, k))),
      )
    }),
  )
  await until(() => opened.every((room) => room.every((c) => c.syncedAt !== null)), 60_000, 'sync')
  s.f.connectMs.push(performance.now() - start)
  s.rooms.push(...opened)
}

/** (b) Latency, one update in flight: sender 0 of a room to the 4 others. */
function once(s: Session, r: number): Promise<number> {
  return new Promise((resolve) => {
    const receivers = s.rooms[r]!.slice(1)
    let left = receivers.length
    const update = s.writers[r]!.next() // made before the clock starts: the client's Yjs work is not timed
    const t0 = performance.now()
    for (const c of receivers) {
      c.onUpdate = () => {
        c.onUpdate = null
        if (--left === 0) resolve(performance.now() - t0)
      }
    }
    s.rooms[r]![0]!.send(update)
  })
}

/**
 * One latency run for both servers, interleaved send by send (dak, ref, ref, dak, ...), so that each pair of
 * samples sees the same moment of a shared machine.
 */
async function latencyRun(sessions: Session[]): Promise<void> {
  const lat = sessions.map(() => [] as number[])
  for (let i = 0; i < LATENCY_SENDS; i++) {
    const order = i % 2 === 0 ? [0, 1] : [1, 0]
    for (const k of order) lat[k]!.push(await once(sessions[k]!, i % LATENCY_ROOMS))
  }
  sessions.forEach((s, k) => {
    const sorted = lat[k]!.sort((a, b) => a - b)
    s.f.latencyP50.push(percentile(sorted, 50))
    s.f.latencyP99.push(percentile(sorted, 99))
  })
}

/** (c) Saturation: every sender keeps up to WINDOW updates ahead of its slowest receiver. */
async function saturationRun(s: Session): Promise<void> {
  const { rooms, writers } = s
  let open = true
  let delivered = 0
  const sent = new Array<number>(THROUGHPUT_ROOMS).fill(0)
  const start0 = rooms.slice(0, THROUGHPUT_ROOMS).map((room) => room.slice(1).map((c) => c.updates))
  const pump = (r: number) => {
    const slowest = Math.min(...rooms[r]!.slice(1).map((c, k) => c.updates - start0[r]![k]!))
    while (open && sent[r]! - slowest < WINDOW) {
      rooms[r]![0]!.send(writers[r]!.next())
      sent[r]!++
    }
  }
  for (let r = 0; r < THROUGHPUT_ROOMS; r++) {
    for (const c of rooms[r]!.slice(1)) {
      c.onUpdate = () => {
        delivered++
        pump(r)
      }
    }
  }
  // made ahead, so that the load generator's own Yjs work stays out of the timed second
  for (let r = 0; r < THROUGHPUT_ROOMS; r++) writers[r]!.ahead(AHEAD)
  const start = performance.now()
  for (let r = 0; r < THROUGHPUT_ROOMS; r++) pump(r)
  await new Promise((r) => setTimeout(r, THROUGHPUT_MS))
  open = false
  s.f.throughput.push(delivered / (PER_ROOM - 1) / ((performance.now() - start) / 1000))
  await until(
    () =>
      rooms
        .slice(0, THROUGHPUT_ROOMS)
        .every((room, r) => room.slice(1).every((c, k) => c.updates - start0[r]![k]! >= sent[r]!)),
    60_000,
    'drain',
  )
  for (const room of rooms) for (const c of room) c.onUpdate = null
}

/** Runs `step` for both servers, alternating which goes first, so that both see the same machine. */
async function alternate(sessions: Session[], n: number, step: (s: Session, i: number) => Promise<void>) {
  for (let i = 0; i < n; i++) {
    for (const s of i % 2 === 0 ? sessions : [...sessions].reverse()) {
      log(s.kind, `${step.name} ${i + 1}/${n}`)
      await step(s, i)
    }
  }
}

/** (d) memory, (e) fresh sync and (f) cold load, one server at a time (the other is idle). */
async function measureRest(s: Session, fx: ReturnType<typeof fixtures>): Promise<void> {
  const { kind, child, token, f } = s
  log(kind, 'memory')
  // (d) memory per room: loaded (20 events, 2 sockets each), then after everyone left
  const before = await child.stats()
  const memRooms = await Promise.all(
    Array.from({ length: MEMORY_ROOMS }, (_, r) =>
      Promise.all([
        rawClient(child.url, day(`M${r}`), token(`M${r}`, 0)),
        rawClient(child.url, day(`M${r}`), token(`M${r}`, 1)),
      ]),
    ),
  )
  await until(
    () => memRooms.every((pair) => pair.every((c) => c.syncedAt !== null)),
    60_000,
    'memory rooms synced',
  )
  memRooms.forEach(([w], r) => {
    const events = writer(`M${r}`, 'S0', 'D0')
    for (let i = 0; i < 20; i++) w.send(events.next())
  })
  await until(() => memRooms.every(([, obs]) => obs.updates >= 20), 60_000, 'memory rooms written')
  const loaded = await child.stats()
  f.heapPerRoom = (loaded.heapUsed - before.heapUsed) / MEMORY_ROOMS
  for (const pair of memRooms) for (const c of pair) c.close()
  await until(async () => (await child.stats()).rooms === 0, 60_000, 'memory rooms unloaded')
  // floored at 1 byte so that the ratio stays finite (0 would make it infinite)
  f.retainedPerRoom = Math.max(1, ((await child.stats()).heapUsed - before.heapUsed) / MEMORY_ROOMS)

  log(kind, 'fresh sync')
  // (e) a fresh real provider syncing a loaded day of 50,000 events
  const warm = await rawClient(child.url, day('F1'), token('F1', 8))
  await until(() => warm.syncBytes >= fx.dayState.length * 0.9, 240_000, 'day loaded')
  f.freshSyncMs = []
  for (let run = 0; run < ROUNDS; run++) {
    const doc = new Y.Doc()
    const start = performance.now()
    const p = new WebsocketProvider(child.url, day('F1'), doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      params: { token: token('F1', 7) },
    })
    p.messageHandlers[100] = () => {} // Dak's sync-status; the reference never sends it
    await until(() => p.synced && doc.getMap('events').size === DAY_EVENTS, 180_000, 'fresh sync')
    f.freshSyncMs.push(performance.now() - start)
    p.destroy()
    doc.destroy()
  }
  warm.close()
  log(kind, 'cold load')
  // (f) cold load of a room written as 20,000 single-event updates
  if (kind === 'dak') {
    const w = await rawClient(child.url, day('C1'), token('C1', 0))
    for (const u of fx.cold) w.send(u)
    const writerClient = Y.decodeUpdate(fx.cold[0]!).structs[0]!.id.client
    await until(() => w.durable(writerClient) >= COLD_UPDATES, 120_000, 'cold room durable')
    w.close()
    await until(async () => (await child.stats()).rooms === 0, 60_000, 'cold room unloaded')
  }
  f.coldLoadMs = []
  f.coldCut = false
  for (let run = 0; run < (kind === 'ref' ? 1 : ROUNDS); run++) {
    const room = coldRoom(kind, run)
    const start = performance.now()
    const c = await rawClient(child.url, room, token('C1', 9))
    const cap = kind === 'ref' ? REF_COLD_CAP_MS : 300_000
    await until(
      () => c.syncBytes >= fx.coldSize * 0.9 || performance.now() - start > cap,
      cap + 1000,
      'cold load',
    )
    f.coldCut ||= c.syncBytes < fx.coldSize * 0.9
    f.coldLoadMs.push(performance.now() - start)
    log(kind, `cold load ${Math.round(performance.now() - start)} ms`)
    c.close()
    if (f.coldCut) break
    await until(async () => (await child.stats()).rooms === 0, 60_000, 'cold room unloaded')
  }
}

async function measure(fx: ReturnType<typeof fixtures>): Promise<{ dak: Figures; ref: Figures }> {
  const sessions = [await open('dak', fx), await open('ref', fx)]
  try {
    const base = await Promise.all(sessions.map((s) => s.child.stats()))
    await alternate(sessions, ROUNDS, connectRound)
    const held = await Promise.all(sessions.map((s) => s.child.stats()))
    sessions.forEach((s, i) => {
      s.f.heapPerConnection = (held[i]!.heapUsed - base[i]!.heapUsed) / (ROUNDS * ROOMS_PER_ROUND * PER_ROOM)
      s.writers = s.rooms.map((_, r) => writer(`B${r}`, 'S0', 'D0'))
    })
    for (const s of sessions) for (let i = 0; i < 100; i++) await once(s, i % LATENCY_ROOMS) // warm-up
    for (let run = 0; run < ROUNDS; run++) {
      log('both', `latency ${run + 1}/${ROUNDS}`)
      await latencyRun(sessions)
    }
    await alternate(sessions, ROUNDS, saturationRun)
    for (const s of sessions) for (const room of s.rooms) for (const c of room) c.close()
    for (const s of sessions) {
      // the reference writes its queue of y-leveldb updates first, which can take minutes on a loaded machine
      await until(async () => (await s.child.stats()).rooms === 0, 300_000, `${s.kind} rooms unloaded`)
    }
    for (const s of sessions) await measureRest(s, fx)
    return { dak: sessions[0]!.f, ref: sessions[1]!.f }
  } finally {
    for (const s of sessions) await s.child.stop()
  }
}

const bench: Benchmark = {
  name: 'sync-server',
  title: 'Sync server vs the reference y-websocket server',
  description:
    "Dak sync server (auth, core validation, LevelDB group commit, compaction) against `@y/websocket-server@0.1.1` with y-leveldb 0.1.2, each in its own process as plain JavaScript (ours from its `dist` build), same load generator, both servers up and measured in alternating rounds (latency samples interleaved send by send, saturation and connection rounds alternating, so both see the same machine load): 2,000 raw y-websocket sockets in 400 rooms of 5; latency with one update in flight (made before the clock starts) from a room's first socket to its 4 others, 2,000 sends per run and server; saturation with 100 senders each at most 32 updates ahead of its slowest receiver (updates made ahead of the timed second); heap per room; cold load of a room stored as 20,000 single-event updates (time until its content reaches a fresh socket; the reference gets a fresh copy per run because y-leveldb compacts on first load); a real `WebsocketProvider` syncing a loaded 50,000-event day. Client and servers share the machine's cores.",
  async run(): Promise<Sample[]> {
    buildServer()
    const { dak, ref } = await measure(fixtures())
    const label = '@y/websocket-server 0.1.1 + y-leveldb'
    const base = (s: Stats) => ({ ...s, label })
    const one = (v: number) => stats([v])
    const atLeastEqual = {
      text: 'at least equal (ratio ≥ 1)',
      met: (s: Sample) => (s.ratio ?? 0) >= 1,
    }
    return [
      compare('connect + sync 400 sockets', 'ms', false, stats(dak.connectMs), base(stats(ref.connectMs))),
      compare(
        'heap per held connection',
        'bytes',
        false,
        one(dak.heapPerConnection),
        base(one(ref.heapPerConnection)),
      ),
      compare(
        'update latency p50, 1 → 4 in a room',
        'ms',
        false,
        stats(dak.latencyP50),
        base(stats(ref.latencyP50)),
        atLeastEqual,
      ),
      compare(
        'update latency p99, 1 → 4 in a room',
        'ms',
        false,
        stats(dak.latencyP99),
        base(stats(ref.latencyP99)),
        atLeastEqual,
      ),
      compare(
        'saturation throughput (updates in)',
        'ops/s',
        true,
        stats(dak.throughput),
        base(stats(ref.throughput)),
        atLeastEqual,
      ),
      compare(
        'heap per loaded room (20 events, 2 sockets)',
        'bytes',
        false,
        one(dak.heapPerRoom),
        base(one(ref.heapPerRoom)),
      ),
      compare(
        'heap retained per room after all left',
        'bytes',
        false,
        one(dak.retainedPerRoom),
        base(one(ref.retainedPerRoom)),
        {
          text: 'freed (< 1 KB per room)',
          met: (s) => s.subject.median < 1024,
        },
      ),
      compare(
        'cold load of a 20,000-update room',
        'ms',
        false,
        stats(dak.coldLoadMs),
        base(stats(ref.coldLoadMs)),
        {
          text: '≥ 10× faster and < 1 s',
          met: (s) => (s.ratio ?? 0) >= 10 && s.subject.median < 1000,
        },
      ),
      compare(
        'fresh-client sync of a 50,000-event day',
        'ms',
        false,
        stats(dak.freshSyncMs),
        base(stats(ref.freshSyncMs)),
      ),
    ]
  },
}

export default bench
