import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { createMemoryStorage } from '../src/index.ts'
import {
  append,
  type Client,
  connect,
  event,
  journalSize,
  ROOM,
  startTestServer,
  type TestServer,
  waitFor,
} from './helpers.ts'

let server: TestServer
const clients: Client[] = []
const open = (token: string, room = ROOM, doc?: Y.Doc) => {
  const c = connect(server.url, room, token, doc ? { doc } : {})
  clients.push(c)
  return c
}
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.close()
})

function rawSocket(token: string, room = ROOM): Promise<WebSocket> {
  const ws = new WebSocket(`${server.url}/${room}`, ['dak-sync', `yauth.${token}`])
  return new Promise((res, rej) => {
    ws.once('open', () => res(ws))
    ws.once('error', rej)
  })
}
const closed = (ws: WebSocket) => new Promise<number>((res) => ws.once('close', (code) => res(code)))
const syncMsg = (type: number, payload: Uint8Array) => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, type)
  encoding.writeVarUint8Array(e, payload)
  return encoding.toUint8Array(e)
}

async function storedEvents(storage: ReturnType<typeof createMemoryStorage>): Promise<string[]> {
  const stored = await storage.load(ROOM)
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot.state)
  for (const u of stored.tail) Y.applyUpdate(doc, u.update)
  return [...doc.getMap('events').keys()].sort()
}

describe('refused updates change nothing', () => {
  it('an update deleting or rewriting an event is refused, not stored and not forwarded', async () => {
    const storage = createMemoryStorage()
    server = await startTestServer({ storage })
    const a = open(server.token())
    const b = open(server.token({ device: 'D2', staff: 'S2' }))
    await waitFor(() => a.provider.synced && b.provider.synced)
    const id = append(a)
    await waitFor(() => a.durable() && journalSize(b) === 1)
    a.doc.getMap('events').set(id, event({ id, payload: 'rewritten' }))
    await waitFor(() => a.closed !== null)
    expect(a.closed?.code).toBe(4409)
    const c = open(server.token({ device: 'D3', staff: 'S3' }))
    await waitFor(() => c.provider.synced)
    expect((c.doc.getMap('events').get(id) as { payload: unknown }).payload).not.toBe('rewritten')
    expect((b.doc.getMap('events').get(id) as { payload: unknown }).payload).not.toBe('rewritten')
    // a deletion, from another client
    b.doc.getMap('events').delete(id)
    await waitFor(() => b.closed !== null)
    expect(b.closed?.code).toBe(4409)
    await server.close()
    expect(await storedEvents(storage)).toEqual([id])
    expect(journalSize(c)).toBe(1)
  })

  it('refuses a whole update holding an event of another staff or device (4403), storing none of it', async () => {
    const storage = createMemoryStorage()
    server = await startTestServer({ storage })
    const a = open(server.token())
    const b = open(server.token({ device: 'D2', staff: 'S2' }))
    await waitFor(() => a.provider.synced && b.provider.synced)
    const own = append(a)
    await waitFor(() => a.durable() && journalSize(b) === 1)
    // one transaction of the real client: its own event and one written as another staff on another device
    const mine = event()
    const forged = event({ actor: 'S9', device: 'D9' })
    a.doc.transact(() => {
      a.doc.getMap('events').set(mine.id, mine)
      a.doc.getMap('events').set(forged.id, forged)
    })
    // the client is told why and stops (a 44xx close is final), instead of waiting for a sync-status forever
    await waitFor(() => a.closed !== null, 10_000, 'refusal')
    expect(a.closed?.code).toBe(4403)
    expect(a.closed?.reason).toMatch(
      /^identity-mismatch: event \S+ is by S9 on D9, not this token's S1 on D1/,
    )
    expect(server.metrics.refusals.get('identity-mismatch')).toBe(1)
    expect(server.metrics.refusals.get('foreign-events')).toBeUndefined()
    // neither event was applied, forwarded or stored
    const c = open(server.token({ device: 'D3' }))
    await waitFor(() => c.provider.synced && journalSize(c) === 1)
    expect([...c.doc.getMap('events').keys()]).toEqual([own])
    expect(journalSize(b)).toBe(1)
    await server.close()
    expect(await storedEvents(storage)).toEqual([own])
  })

  it("refuses an event of another device written by a Yjs client that wrote this token's events", async () => {
    const storage = createMemoryStorage()
    server = await startTestServer({ storage })
    const a = open(server.token())
    await waitFor(() => a.provider.synced)
    const own = append(a)
    await waitFor(() => a.durable())
    // a later transaction of the same document (same Yjs client) holding only another device's event
    const forged = event({ device: 'D9' })
    a.doc.getMap('events').set(forged.id, forged)
    await waitFor(() => a.closed !== null, 10_000, 'refusal')
    expect(a.closed?.code).toBe(4403)
    expect(a.closed?.reason).toContain(`event ${forged.id} is by S1 on D9`)
    await server.close()
    expect(await storedEvents(storage)).toEqual([own])
  })

  it("drops copies of other devices' events (their own Yjs clients), keeping and acknowledging the rest", async () => {
    const storage = createMemoryStorage()
    server = await startTestServer({ storage })
    const a = open(server.token())
    await waitFor(() => a.provider.synced)
    // what a device holds of another device (e.g. relayed before a server crash lost it), re-sent with its own
    const other = new Y.Doc()
    const copy = event({ actor: 'S2', device: 'D2' })
    other.getMap('events').set(copy.id, copy)
    a.provider.ws?.send(syncMsg(1, Y.encodeStateAsUpdate(other)))
    const own = append(a)
    await waitFor(() => a.durable())
    await waitFor(() => (server.metrics.refusals.get('foreign-events') ?? 0) === 1)
    expect(a.closed).toBeNull()
    await server.close()
    expect(await storedEvents(storage)).toEqual([own])
  })

  it("refuses a later own event from a Yjs client whose earlier events were dropped as another device's", async () => {
    server = await startTestServer()
    const ws = await rawSocket(server.token())
    const done = new Promise<{ code: number; reason: string }>((res) =>
      ws.once('close', (code, reason) => res({ code, reason: reason.toString() })),
    )
    const dev = new Y.Doc()
    const updates: Uint8Array[] = []
    dev.on('update', (u: Uint8Array) => updates.push(u))
    const forged = event({ actor: 'S2', device: 'D2' })
    dev.getMap('events').set(forged.id, forged)
    ws.send(syncMsg(2, updates[0]!)) // dropped: nothing says this Yjs client is the token's device yet
    const mine = event()
    dev.getMap('events').set(mine.id, mine)
    ws.send(syncMsg(2, updates[1]!)) // its own event sits behind the dropped clock range: refused, not stuck
    const { code, reason } = await done
    expect(code).toBe(4403)
    expect(reason).toMatch(
      /^identity-mismatch: Yjs client \d+ sent events of another staff or device earlier/,
    )
    expect(server.metrics.refusals.get('foreign-events')).toBe(1)
  })

  it('survives garbage bytes, malformed frames, text frames and oversized messages', async () => {
    server = await startTestServer({ maxMessageBytes: 64 * 1024 })
    const good = open(server.token())
    await waitFor(() => good.provider.synced)
    const garbage = [
      new Uint8Array([]),
      new Uint8Array([0]),
      new Uint8Array([0, 9, 1, 2]),
      new Uint8Array([0, 2, 200, 200, 200, 200, 200, 200]),
      syncMsg(2, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9])),
      new Uint8Array([1, 5, 1, 2, 3, 4, 5]),
      new Uint8Array(Array.from({ length: 200 }, (_, i) => (i * 37) % 256)),
    ]
    for (const bytes of garbage) {
      const ws = await rawSocket(server.token({ device: 'DX' }))
      const done = closed(ws)
      ws.send(bytes)
      ws.send(new Uint8Array([0, 0, 1, 0])) // a valid step 1 after the garbage: the socket may be gone
      const code = await Promise.race([done, new Promise<number>((r) => setTimeout(() => r(-1), 300))])
      if (code === -1) ws.terminate()
      else expect([4400, 1005, 1006]).toContain(code)
    }
    const text = await rawSocket(server.token({ device: 'DX' }))
    const textClosed = closed(text)
    text.send('hello')
    expect(await textClosed).toBe(4400)
    const big = await rawSocket(server.token({ device: 'DX' }))
    const bigClosed = closed(big)
    big.send(new Uint8Array(100 * 1024))
    expect(await bigClosed).toBe(1009)
    await waitFor(() => server.metrics.refusals.get('message-too-large') === 1, 5000, 'counted as too large')
    expect(server.metrics.refusals.get('text-frame')).toBe(1)
    append(good)
    await waitFor(() => good.durable())
    const check = open(server.token({ device: 'D4' }))
    await waitFor(() => check.provider.synced && journalSize(check) === 1)
  })

  it('survives a client that vanishes in the middle of a sync', async () => {
    server = await startTestServer()
    const seed = open(server.token())
    await waitFor(() => seed.provider.synced)
    for (let i = 0; i < 200; i++) append(seed)
    await waitFor(() => seed.durable())
    for (let i = 0; i < 20; i++) {
      const ws = await rawSocket(server.token({ device: `V${i}` }))
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, 0)
      syncProtocol.writeSyncStep1(e, new Y.Doc())
      ws.send(encoding.toUint8Array(e))
      ws.terminate()
    }
    append(seed)
    await waitFor(() => seed.durable())
    const check = open(server.token({ device: 'D5' }))
    await waitFor(() => check.provider.synced && journalSize(check) === 201)
  })

  it('refuses an invalid event with 4400 and stores nothing of it', async () => {
    const storage = createMemoryStorage()
    server = await startTestServer({ storage })
    const a = open(server.token())
    await waitFor(() => a.provider.synced)
    const ok = append(a)
    await waitFor(() => a.durable())
    append(a, { hlc: 'yesterday' })
    await waitFor(() => a.closed !== null)
    expect(a.closed?.code).toBe(4400)
    await server.close()
    expect(await storedEvents(storage)).toEqual([ok])
  })

  it('with requireSignatures, passes verified events of any device and refuses bad own ones', async () => {
    server = await startTestServer({
      requireSignatures: true,
      verifyEvent: (e) =>
        e.sig === 'good' ? { ok: true } : { ok: false, code: 'signature-invalid', message: 'bad signature' },
    })
    const a = open(server.token())
    await waitFor(() => a.provider.synced)
    const relayed = new Y.Doc()
    const other = event({ actor: 'S9', device: 'D9', sig: 'good' })
    relayed.getMap('events').set(other.id, other)
    a.provider.ws?.send(syncMsg(2, Y.encodeStateAsUpdate(relayed)))
    append(a, { sig: 'good' })
    await waitFor(() => a.durable())
    const check = open(server.token({ device: 'D3' }))
    await waitFor(() => check.provider.synced && journalSize(check) === 2)
    append(a, { sig: 'forged' })
    await waitFor(() => a.closed !== null)
    expect(a.closed).toMatchObject({ code: 4403, reason: expect.stringMatching(/signature-invalid/) })
  })
})
