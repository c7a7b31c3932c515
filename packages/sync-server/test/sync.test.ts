import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  append,
  type Client,
  connect,
  dayEnded,
  event,
  journalSize,
  ROOM,
  startTestServer,
  type TestServer,
  waitFor,
} from './helpers.ts'

let server: TestServer
const clients: Client[] = []
const open = (token: string, room = ROOM, opts: Parameters<typeof connect>[3] = {}) => {
  const c = connect(server.url, room, token, opts)
  clients.push(c)
  return c
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.close()
})

describe('sync between real y-websocket clients', () => {
  it('two clients converge, and each learns its writes are durable', async () => {
    server = await startTestServer()
    const a = open(server.token())
    const b = open(server.token({ device: 'D2', staff: 'S2' }), ROOM, { via: 'param' })
    await waitFor(() => a.provider.synced && b.provider.synced, 10_000, 'sync')
    for (let i = 0; i < 20; i++) append(a)
    for (let i = 0; i < 20; i++) append(b, { actor: 'S2', device: 'D2' })
    await waitFor(() => journalSize(a) === 40 && journalSize(b) === 40, 10_000, 'convergence')
    await waitFor(() => a.durable() && b.durable(), 10_000, 'sync-status')
    expect(a.doc.getMap('events').toJSON()).toEqual(b.doc.getMap('events').toJSON())
    expect(a.status?.accepted).toBeGreaterThan(0)
  })

  it('does not echo an update to its sender', async () => {
    server = await startTestServer()
    const a = open(server.token())
    const b = open(server.token({ device: 'D2', staff: 'S2' }))
    await waitFor(() => a.provider.synced && b.provider.synced)
    const before = server.metrics.updatesOut
    append(a)
    await waitFor(() => journalSize(b) === 1)
    await waitFor(() => a.durable())
    expect(server.metrics.updatesOut - before).toBe(1) // to b only
  })

  it('a client offline then back converges both ways', async () => {
    server = await startTestServer()
    const a = open(server.token())
    const b = open(server.token({ device: 'D2', staff: 'S2' }))
    await waitFor(() => a.provider.synced && b.provider.synced)
    b.provider.disconnect()
    await waitFor(() => !b.provider.wsconnected)
    for (let i = 0; i < 10; i++) append(a)
    for (let i = 0; i < 7; i++) append(b, { actor: 'S2', device: 'D2' })
    await waitFor(() => a.durable())
    b.provider.connect()
    await waitFor(() => journalSize(a) === 17 && journalSize(b) === 17, 10_000, 'convergence after reconnect')
    await waitFor(() => b.durable())
  })

  it('answers sync step 1 from persisted state after the room was unloaded', async () => {
    server = await startTestServer()
    const a = open(server.token())
    await waitFor(() => a.provider.synced)
    for (let i = 0; i < 5; i++) append(a)
    await waitFor(() => a.durable())
    a.destroy()
    clients.length = 0
    await waitFor(() => server.metrics.rooms === 0, 10_000, 'room unload')
    const fresh = open(server.token({ device: 'D3' }))
    await waitFor(() => fresh.provider.synced && journalSize(fresh) === 5)
  })

  it('seals a day room when Day End is accepted and refuses later writes with 4423', async () => {
    server = await startTestServer()
    const a = open(server.token())
    await waitFor(() => a.provider.synced)
    append(a)
    append(a, dayEnded())
    await waitFor(() => a.durable())
    append(a)
    await waitFor(() => a.closed !== null)
    expect(a.closed?.code).toBe(4423)
    expect(a.closed?.reason).toMatch(/room-sealed/)
    const reader = open(server.token({ device: 'D9', readOnly: true }))
    await waitFor(() => reader.provider.synced)
    expect(journalSize(reader)).toBe(2)
  })

  it('keeps the seal across restarts of the room', async () => {
    const { createMemoryStorage } = await import('../src/index.ts')
    const storage = createMemoryStorage()
    server = await startTestServer({ storage })
    const a = open(server.token())
    await waitFor(() => a.provider.synced)
    append(a, dayEnded())
    await waitFor(() => a.durable())
    a.destroy()
    clients.length = 0
    await waitFor(() => server.metrics.rooms === 0)
    const b = open(server.token({ device: 'D2', staff: 'S2' }))
    await waitFor(() => b.provider.synced)
    append(b, { actor: 'S2', device: 'D2' })
    await waitFor(() => b.closed !== null)
    expect(b.closed?.code).toBe(4423)
  })

  it('keeps awareness between read-write clients', async () => {
    server = await startTestServer()
    const a = open(server.token())
    const b = open(server.token({ device: 'D2', staff: 'S2' }))
    await waitFor(() => a.provider.synced && b.provider.synced)
    a.provider.awareness.setLocalStateField('user', 'S1')
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.user === 'S1')
  })

  it('re-sending known events is a no-op, not a refusal', async () => {
    server = await startTestServer()
    const a = open(server.token())
    await waitFor(() => a.provider.synced)
    for (let i = 0; i < 3; i++) append(a)
    await waitFor(() => a.durable())
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(a.doc))
    const b = open(server.token({ device: 'D2', staff: 'S2' }), ROOM, { doc: copy })
    await waitFor(() => b.provider.synced)
    append(b, event({ actor: 'S2', device: 'D2' }))
    await waitFor(() => journalSize(a) === 4 && b.durable())
    expect(b.closed).toBeNull()
  })
})
