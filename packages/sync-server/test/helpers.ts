/** Test helpers: servers on random loopback ports, real y-websocket providers, events, bounded waits. */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as decoding from 'lib0/decoding'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import {
  type IssueTokenInput,
  issueToken,
  messageSyncStatus,
  type RunningServer,
  type ServerOptions,
  silentLogger,
  startServer,
} from '../src/index.ts'

export const ROOM = 'office/SO123/day/2026-11-30'
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

export function tempDir(prefix = 'dak-sync-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** Waits until `cond()` is true, polling every 10 ms, failing after `timeoutMs`. */
export async function waitFor(cond: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

export interface TestServer extends RunningServer {
  secret: Uint8Array
  token(input?: Partial<IssueTokenInput>): string
}

/**
 * A server on a random port. These tests write unsigned events, so they opt out of signatures unless they
 * ask for them (`requireSignatures: true`, as the signature tests do).
 */
export async function startTestServer(options: ServerOptions = {}): Promise<TestServer> {
  const secret = options.secret ?? randomBytes(32)
  const server = await startServer({ log: silentLogger, requireSignatures: false, ...options, secret })
  return { ...server, secret, token: (input) => issueToken(secret, tokenInput(input)) }
}

export function tokenInput(input: Partial<IssueTokenInput> = {}): IssueTokenInput {
  return { staff: 'S1', office: 'SO123', device: 'D1', role: 'clerk', rooms: ['office/SO123/*'], ...input }
}

export interface Client {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Last sync-status received: the durable state vector and the accepted count. */
  status: { sv: Map<number, number>; accepted: number } | null
  closed: { code: number; reason: string } | null
  /** Is every update this client wrote covered by a sync-status? */
  durable(): boolean
  destroy(): void
}

export function connect(
  url: string,
  room: string,
  token: string,
  opts: { doc?: Y.Doc; via?: 'protocol' | 'param'; connect?: boolean } = {},
): Client {
  const doc = opts.doc ?? new Y.Doc()
  const via = opts.via ?? 'protocol'
  const provider = new WebsocketProvider(url, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: opts.connect ?? true,
    maxBackoffTime: 300,
    ...(via === 'protocol' ? { protocols: ['dak-sync', `yauth.${token}`] } : { params: { token } }),
  })
  const client: Client = {
    doc,
    provider,
    status: null,
    closed: null,
    durable() {
      const mine = Y.getState(doc.store, doc.clientID)
      return mine === 0 || (client.status?.sv.get(doc.clientID) ?? 0) >= mine
    },
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
  provider.messageHandlers[messageSyncStatus] = (_enc, dec) => {
    const sv = Y.decodeStateVector(decoding.readVarUint8Array(dec))
    client.status = { sv, accepted: decoding.readVarUint(dec) }
  }
  provider.on('closed', (e: { code: number; reason: string }) => {
    client.closed = e
  })
  return client
}

let seq = 0
/** A well-formed journal event for office SO123 by S1 on D1 (override anything). */
export function event(fields: Record<string, unknown> = {}): Record<string, unknown> & { id: string } {
  const id = (fields.id as string | undefined) ?? `ev-${process.pid}-${++seq}`
  return {
    id,
    type: 'test.noted',
    v: 1,
    office: 'SO123',
    date: '2026-11-30',
    actor: 'S1',
    device: 'D1',
    duty: null,
    hlc: `2026-11-30T10:00:00.000Z-${(seq % 0xffff).toString(16).padStart(4, '0')}-d1`,
    at: 1_764_500_000_000,
    payload: { n: seq },
    ...fields,
  }
}

/** A valid Day End event (core's `day.ended`), which seals its day room on the server. */
export function dayEnded(fields: Record<string, unknown> = {}): Record<string, unknown> & { id: string } {
  return event({
    type: 'day.ended',
    payload: { digest: 'a'.repeat(64), eventIds: [], closingCash: '0.00', closingStock: {} },
    ...fields,
  })
}

/** Appends an event to a client's journal. */
export function append(client: Client, fields: Record<string, unknown> = {}): string {
  const e = event(fields)
  client.doc.getMap('events').set(e.id, e)
  return e.id
}

export const journalSize = (c: Client): number => c.doc.getMap('events').size

export interface ChildServer {
  proc: ChildProcess
  port: number
  url: string
  output: string[]
  exited: Promise<number | null>
}

/**
 * Spawns `dak-sync serve` on source (no build) and waits for its `listening` log line. `serveArgs` default to
 * `--no-signatures` (these tests write unsigned events); pass `[]` for the default, signatures required.
 */
export async function spawnServer(
  dataDir: string,
  port = 0,
  extraNodeArgs: string[] = [],
  serveArgs: string[] = ['--no-signatures'],
): Promise<ChildServer> {
  const proc = spawn(
    process.execPath,
    [
      ...extraNodeArgs,
      '--conditions=@dak/source',
      '--import',
      'tsx',
      'packages/sync-server/src/cli.ts',
      'serve',
      '--port',
      String(port),
      '--data',
      dataDir,
      ...serveArgs,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const output: string[] = []
  const exited = new Promise<number | null>((res) => proc.once('exit', (code) => res(code)))
  const actualPort = await new Promise<number>((res, rej) => {
    let buf = ''
    const timer = setTimeout(() => rej(new Error(`server did not start: ${output.join('')}`)), 30_000)
    proc.stdout!.on('data', (chunk: Buffer) => {
      buf += chunk.toString()
      output.push(chunk.toString())
      const m = /"event":"listening","port":(\d+)/.exec(buf)
      if (m) {
        clearTimeout(timer)
        res(Number(m[1]))
      }
    })
    proc.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()))
    proc.once('exit', (code) => {
      clearTimeout(timer)
      rej(new Error(`server exited with ${code}: ${output.join('')}`))
    })
  })
  return { proc, port: actualPort, url: `ws://127.0.0.1:${actualPort}`, output, exited }
}
