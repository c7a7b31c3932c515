/**
 * A live update is relayed before the room's document applies it (the document takes it at the end of the
 * turn, or before anything reads it). These tests send several messages in ONE socket write, so that the
 * server handles them in the same turn, while earlier ones are still unapplied: every later message must
 * still see them (validation, sync step 2, a new connection), and nothing may be lost or let through.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import {
  type Client,
  connect,
  event,
  ROOM,
  startTestServer,
  type TestServer,
  tempDir,
  waitFor,
} from './helpers.ts'

let server: TestServer
const sockets: WebSocket[] = []
const clients: Client[] = []

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate()
  for (const c of clients.splice(0)) c.destroy()
  await server?.close()
})

const syncMessage = (sub: number, body: Uint8Array): Uint8Array => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, sub)
  encoding.writeVarUint8Array(e, body)
  return encoding.toUint8Array(e)
}
const updateMessage = (u: Uint8Array) => syncMessage(2, u)
const step1 = (sv: Uint8Array) => syncMessage(0, sv)

interface Raw {
  ws: WebSocket
  /** Every sync step 2 and update received, applied to a local document. */
  doc: Y.Doc
  closed: { code: number; reason: string } | null
  /** Sends the messages in one socket write, so the server reads them in one turn. */
  burst(messages: Uint8Array[]): void
}

async function raw(staff = 'S1', device = 'D1'): Promise<Raw> {
  const ws = new WebSocket(
    `${server.url}/${ROOM}`,
    ['dak-sync', `yauth.${server.token({ staff, device })}`],
    {
      perMessageDeflate: false,
    },
  )
  sockets.push(ws)
  const r: Raw = {
    ws,
    doc: new Y.Doc(),
    closed: null,
    burst(messages) {
      const socket = (ws as unknown as { _socket: import('node:net').Socket })._socket
      socket.cork()
      for (const m of messages) ws.send(m)
      socket.uncork()
    },
  }
  ws.on('message', (data: Buffer) => {
    const d = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    if (decoding.readVarUint(d) !== 0) return
    const sub = decoding.readVarUint(d)
    if (sub === 1 || sub === 2) Y.applyUpdate(r.doc, decoding.readVarUint8Array(d))
  })
  ws.on('close', (code, reason) => {
    r.closed = { code, reason: reason.toString() }
  })
  await new Promise<void>((res, rej) => {
    ws.once('open', () => res())
    ws.once('error', rej)
  })
  return r
}

/** One event per update, each in its own transaction, as a device writes them. */
function updatesOf(doc: Y.Doc, events: Record<string, unknown>[]): Uint8Array[] {
  const out: Uint8Array[] = []
  const take = (u: Uint8Array) => out.push(u)
  doc.on('update', take)
  for (const e of events) doc.getMap('events').set(e.id as string, e)
  doc.off('update', take)
  return out
}

describe('messages handled in the same turn as an unapplied update', () => {
  it('refuses an overwrite of an event that is relayed but not yet applied', async () => {
    server = await startTestServer()
    const observer = connect(server.url, ROOM, server.token({ staff: 'S9', device: 'D9' }))
    clients.push(observer)
    await waitFor(() => observer.provider.synced, 10_000, 'observer synced')
    const writer = await raw()
    const first = event({ id: 'ev-same', payload: { n: 1 } })
    const [a] = updatesOf(new Y.Doc(), [first])
    // the same key from another Yjs client of the same device: an overwrite once `a` is in the room
    const [b] = updatesOf(new Y.Doc(), [event({ id: 'ev-same', payload: { n: 2 } })])
    writer.burst([updateMessage(a!), updateMessage(b!)])
    await waitFor(() => writer.closed !== null, 10_000, 'writer refused')
    expect(writer.closed?.code).toBe(4409)
    await waitFor(() => observer.doc.getMap('events').has('ev-same'), 10_000, 'first event relayed')
    // nothing of the refused update reached anyone, and the room holds the first value
    const late = connect(server.url, ROOM, server.token({ staff: 'S8', device: 'D8' }))
    clients.push(late)
    await waitFor(() => late.provider.synced, 10_000, 'late client synced')
    for (const c of [observer, late]) {
      expect(c.doc.getMap('events').size).toBe(1)
      expect((c.doc.getMap('events').get('ev-same') as { payload: { n: number } }).payload.n).toBe(1)
    }
  })

  it('answers a sync step 1 read in the same turn with the updates before it', async () => {
    server = await startTestServer()
    const writer = await raw()
    const updates = updatesOf(
      new Y.Doc(),
      Array.from({ length: 50 }, (_, i) => event({ id: `ev-burst-${i}` })),
    )
    // the writer's own step 1 (an empty state vector) comes after its 50 updates
    writer.burst([...updates.map(updateMessage), step1(new Uint8Array([0]))])
    await waitFor(() => writer.doc.getMap('events').size === 50, 10_000, 'step 2 carries all 50')
    expect(writer.closed).toBeNull()
  })

  it('keeps every update of a burst from several writers, for live peers, new peers and after a restart', async () => {
    const dataDir = tempDir()
    server = await startTestServer({ dataDir })
    const observer = connect(server.url, ROOM, server.token({ staff: 'S9', device: 'D9' }))
    clients.push(observer)
    await waitFor(() => observer.provider.synced, 10_000, 'observer synced')
    const writers = await Promise.all([raw('S1', 'D1'), raw('S2', 'D2')])
    const ids: string[] = []
    writers.forEach((w, k) => {
      const events = Array.from({ length: 100 }, (_, i) =>
        event({ id: `ev-${k}-${i}`, actor: `S${k + 1}`, device: `D${k + 1}` }),
      )
      ids.push(...events.map((e) => e.id))
      w.burst(updatesOf(new Y.Doc(), events).map(updateMessage))
    })
    await waitFor(() => observer.doc.getMap('events').size === 200, 10_000, 'observer has all 200')
    const joined = connect(server.url, ROOM, server.token({ staff: 'S7', device: 'D7' }))
    clients.push(joined)
    await waitFor(() => joined.doc.getMap('events').size === 200, 10_000, 'a new peer has all 200')
    for (const w of writers) expect(w.closed).toBeNull()
    await server.close()
    server = await startTestServer({ dataDir, secret: server.secret })
    const after = connect(server.url, ROOM, server.token({ staff: 'S6', device: 'D6' }))
    clients.push(after)
    await waitFor(() => after.doc.getMap('events').size === 200, 10_000, 'all 200 after a restart')
    expect([...after.doc.getMap('events').keys()].sort()).toEqual([...ids].sort())
  })
})
