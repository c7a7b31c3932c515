import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { issueToken, loadOrCreateSecret, openLevelStorage } from '../src/index.ts'
import {
  append,
  type ChildServer,
  type Client,
  connect,
  journalSize,
  ROOM,
  spawnServer,
  tempDir,
  tokenInput,
  waitFor,
} from './helpers.ts'

const children: ChildServer[] = []
const clients: Client[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const s of children.splice(0)) {
    if (s.proc.exitCode === null && s.proc.signalCode === null) s.proc.kill('SIGKILL')
    await s.exited
  }
})

async function storedIds(dataDir: string): Promise<Set<string>> {
  const storage = await openLevelStorage(join(dataDir, 'db'))
  const stored = await storage.load(ROOM)
  await storage.close()
  const doc = new Y.Doc()
  Y.transact(doc, () => {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot.state)
    for (const u of stored.tail) Y.applyUpdate(doc, u.update)
  })
  return new Set(doc.getMap('events').keys())
}

/** Starts a burst of single-event transactions; returns the ids with the client clock each one ended at. */
function burst(c: Client, n: number, fields: Record<string, unknown> = {}) {
  const written: Array<{ id: string; clock: number }> = []
  let stop = false
  const done = (async () => {
    for (let i = 0; i < n && !stop; i++) {
      const id = append(c, fields)
      written.push({ id, clock: Y.getState(c.doc.store, c.doc.clientID) })
      if (i % 25 === 0) await new Promise((r) => setImmediate(r))
    }
  })()
  return { written, done, stop: () => (stop = true) }
}

const ackedIds = (c: Client, written: Array<{ id: string; clock: number }>) => {
  const durable = c.status?.sv.get(c.doc.clientID) ?? 0
  return written.filter((w) => w.clock <= durable).map((w) => w.id)
}

describe('durability across process death', () => {
  it('SIGKILL in the middle of a burst loses no acknowledged update, and clients heal after restart', async () => {
    const dataDir = tempDir()
    const secret = loadOrCreateSecret(dataDir)
    const first = await spawnServer(dataDir)
    children.push(first)
    const a = connect(first.url, ROOM, issueToken(secret, tokenInput()))
    const b = connect(first.url, ROOM, issueToken(secret, tokenInput({ staff: 'S2', device: 'D2' })))
    clients.push(a, b)
    await waitFor(() => a.provider.synced && b.provider.synced, 20_000)
    const runA = burst(a, 4000)
    const runB = burst(b, 4000, { actor: 'S2', device: 'D2' })
    await waitFor(
      () => ackedIds(a, runA.written).length >= 300 && ackedIds(b, runB.written).length >= 300,
      30_000,
      'acks',
    )
    first.proc.kill('SIGKILL')
    await first.exited
    const acked = [...ackedIds(a, runA.written), ...ackedIds(b, runB.written)]
    runA.stop()
    runB.stop()
    await Promise.all([runA.done, runB.done])
    const stored = await storedIds(dataDir)
    expect(acked.filter((id) => !stored.has(id))).toEqual([])

    const second = await spawnServer(dataDir, first.port)
    children.push(second)
    const total = runA.written.length + runB.written.length
    await waitFor(() => journalSize(a) === total && journalSize(b) === total, 30_000, 'healing')
    await waitFor(() => a.durable() && b.durable(), 30_000, 'durable after healing')
    const fresh = connect(second.url, ROOM, issueToken(secret, tokenInput({ device: 'D3' })))
    clients.push(fresh)
    await waitFor(() => fresh.provider.synced && journalSize(fresh) === total, 30_000, 'fresh client')
  }, 90_000)

  it('SIGTERM flushes everything it accepted: no loss at all', async () => {
    const dataDir = tempDir()
    const secret = loadOrCreateSecret(dataDir)
    const server = await spawnServer(dataDir)
    children.push(server)
    const a = connect(server.url, ROOM, issueToken(secret, tokenInput()))
    clients.push(a)
    await waitFor(() => a.provider.synced, 20_000)
    const run = burst(a, 3000)
    await waitFor(() => ackedIds(a, run.written).length >= 200, 30_000, 'acks')
    server.proc.kill('SIGTERM')
    expect(await server.exited).toBe(0)
    const acked = ackedIds(a, run.written)
    run.stop()
    await run.done
    const stored = await storedIds(dataDir)
    expect(acked.filter((id) => !stored.has(id))).toEqual([])
    // the shutdown flush sent a final sync-status covering everything stored from this client
    expect(stored.size).toBe(ackedIds(a, run.written).length)

    const again = await spawnServer(dataDir, server.port)
    children.push(again)
    await waitFor(() => a.provider.synced && a.durable(), 30_000, 'resync')
    const fresh = connect(again.url, ROOM, issueToken(secret, tokenInput({ device: 'D3' })))
    clients.push(fresh)
    await waitFor(
      () => fresh.provider.synced && journalSize(fresh) === run.written.length,
      30_000,
      'fresh client',
    )
  }, 90_000)
})
