/**
 * The load generator of `sync-server.bench.ts`: raw y-websocket sockets (light enough that the server, not the
 * client, is measured), journal writers producing one valid event per update, and the server child processes.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { WebSocket } from 'ws'
import * as Y from 'yjs'

export const repoRoot = fileURLToPath(new URL('../', import.meta.url))

export interface Child {
  kind: 'dak' | 'ref'
  url: string
  port: number
  proc: ChildProcess
  stats(): Promise<{ heapUsed: number; rss: number; rooms: number }>
  stop(): Promise<void>
}

/**
 * Builds `@dak/sync-server` (and the packages it needs) so that its child runs the current code as deployed:
 * compiled JavaScript from `dist`, like the reference's. Incremental: nothing is rebuilt when up to date.
 */
export function buildServer(): void {
  execFileSync(join(repoRoot, 'node_modules/.bin/tsc'), ['-b', 'packages/sync-server'], {
    cwd: repoRoot,
    stdio: 'inherit',
  })
}

/** Starts a server child (`dak` or `ref`) on a random loopback port. */
export async function spawnChild(kind: 'dak' | 'ref', dir: string): Promise<Child> {
  const proc = spawn(process.execPath, ['--expose-gc', 'bench/sync-bench-child.mjs', kind, dir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const port = await new Promise<number>((res, rej) => {
    let buf = ''
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString()
      const m = /"event":"listening","port":(\d+)/.exec(buf)
      if (m) res(Number(m[1]))
    })
    proc.once('exit', (code) => rej(new Error(`${kind} server exited with ${code}`)))
  })
  const exited = new Promise<void>((r) => proc.once('exit', () => r()))
  return {
    kind,
    port,
    proc,
    url: `ws://127.0.0.1:${port}`,
    async stats() {
      const res = await fetch(`http://127.0.0.1:${port}/stats`)
      return (await res.json()) as { heapUsed: number; rss: number; rooms: number }
    },
    async stop() {
      proc.kill('SIGTERM')
      await exited
    },
  }
}

/** Waits for `cond`, polling every 5 ms; throws after `ms`. */
export async function until(
  cond: () => boolean | Promise<boolean>,
  ms = 60_000,
  what = 'condition',
): Promise<void> {
  const end = Date.now() + ms
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`bench timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

/** A raw y-websocket client: sends sync step 1, counts what it receives, can send updates. */
export interface RawClient {
  ws: WebSocket
  /** Set when the server answered our sync step 1. */
  syncedAt: number | null
  /** Sync update messages (type 0/2) received, and all sync bytes received. */
  updates: number
  syncBytes: number
  /** Clock of `client` in the last sync-status (type 100) received. */
  durable(client: number): number
  onUpdate: (() => void) | null
  send(update: Uint8Array): void
  close(): void
}

export function rawClient(
  url: string,
  room: string,
  token: string,
  stateVector = new Uint8Array([0]),
): Promise<RawClient> {
  const ws = new WebSocket(`${url}/${room}?token=${token}`, { perMessageDeflate: false })
  let status = new Map<number, number>()
  const c: RawClient = {
    ws,
    syncedAt: null,
    updates: 0,
    syncBytes: 0,
    durable: (client) => status.get(client) ?? 0,
    onUpdate: null,
    send(update) {
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, 0)
      encoding.writeVarUint(e, 2)
      encoding.writeVarUint8Array(e, update)
      ws.send(encoding.toUint8Array(e))
    },
    close: () => ws.terminate(),
  }
  ws.on('message', (data: Buffer) => {
    const d = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    const type = decoding.readVarUint(d)
    if (type === 0) {
      const sub = decoding.readVarUint(d)
      c.syncBytes += data.byteLength
      if (sub === 1) c.syncedAt ??= performance.now()
      if (sub === 2) {
        c.updates++
        c.onUpdate?.()
      }
    } else if (type === 100) {
      status = Y.decodeStateVector(decoding.readVarUint8Array(d))
    }
  })
  return new Promise((res, rej) => {
    ws.once('open', () => {
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, 0)
      encoding.writeVarUint(e, 0)
      encoding.writeVarUint8Array(e, stateVector)
      ws.send(encoding.toUint8Array(e))
      res(c)
    })
    ws.once('error', rej)
  })
}

/** Writes valid journal events (one per update) as one staff member on one device. */
export interface Writer {
  doc: Y.Doc
  /** Returns the next update: one event in its own transaction (made ahead by `ahead`, or now). */
  next(): Uint8Array
  /** Makes updates ahead of time until `n` are waiting, so that a timed run does not pay for making them. */
  ahead(n: number): void
  /** Writes `n` events in one transaction (fixtures). */
  fill(n: number): void
}

export function writer(office: string, actor: string, device: string): Writer {
  const doc = new Y.Doc()
  const events = doc.getMap('events')
  let n = 0
  let last: Uint8Array = new Uint8Array()
  doc.on('update', (u: Uint8Array) => {
    last = u
  })
  const one = () => {
    n++
    const id = `${device}-${n}`
    events.set(id, {
      id,
      type: 'bench.noted',
      v: 1,
      office,
      date: '2026-11-30',
      actor,
      device,
      duty: null,
      hlc: `2026-11-30T10:00:00.000Z-${(n % 0xffff).toString(16).padStart(4, '0')}-${device}`,
      at: 1_764_500_000_000 + n,
      payload: { article: `EE${String(n).padStart(9, '0')}IN`, amount: '41.30' },
    })
  }
  const made: Uint8Array[] = []
  let taken = 0
  return {
    doc,
    next() {
      if (taken < made.length) {
        const u = made[taken++]!
        if (taken === made.length) {
          made.length = 0
          taken = 0
        }
        return u
      }
      one()
      return last
    },
    ahead(count) {
      while (made.length - taken < count) {
        one()
        made.push(last)
      }
    },
    fill(count) {
      doc.transact(() => {
        for (let i = 0; i < count; i++) one()
      })
    },
  }
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}
