import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { createMemoryStorage } from '../src/index.ts'
import { event, ROOM, startTestServer, type TestServer, waitFor } from './helpers.ts'

let server: TestServer
const sockets: WebSocket[] = []
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate()
  await server?.close()
})

/** A raw y-websocket socket that records the sync updates (type 0/2) the server relays to it. */
async function peer(token: string): Promise<{ ws: WebSocket; updates: Uint8Array[] }> {
  const ws = new WebSocket(`${server.url}/${ROOM}`, ['dak-sync', `yauth.${token}`])
  sockets.push(ws)
  const updates: Uint8Array[] = []
  let attached = false
  ws.on('message', (data: Buffer) => {
    const d = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    if (decoding.readVarUint(d) !== 0) return
    const sub = decoding.readVarUint(d)
    if (sub === 0) attached = true // the server's own sync step 1: this socket is in the room
    if (sub === 2) updates.push(decoding.readVarUint8Array(d))
  })
  await waitFor(() => attached, 10_000, 'attached')
  return { ws, updates }
}

const syncMsg = (type: number, payload: Uint8Array) => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, type)
  encoding.writeVarUint8Array(e, payload)
  return encoding.toUint8Array(e)
}

/** A device's document; each `write` appends one event in its own transaction and returns that update. */
function device() {
  const doc = new Y.Doc()
  let last: Uint8Array = new Uint8Array()
  doc.on('update', (u: Uint8Array) => {
    last = u
  })
  return {
    doc,
    write(): { id: string; update: Uint8Array } {
      const e = event()
      doc.getMap('events').set(e.id, e)
      return { id: e.id, update: last }
    },
  }
}

describe('relaying updates', () => {
  it('relays a fresh update as sent, only the new part of a partly known one, and nothing of a known one', async () => {
    const storage = createMemoryStorage()
    server = await startTestServer({ storage })
    const a = await peer(server.token())
    const b = await peer(server.token({ device: 'D2' }))
    const dev = device()

    const first = dev.write()
    a.ws.send(syncMsg(2, first.update))
    await waitFor(() => b.updates.length === 1, 10_000, 'first relay')
    expect(b.updates[0]).toEqual(first.update)
    expect(a.updates).toEqual([]) // never echoed

    // a sync step 2 of the whole document: the first event is known, only the second is relayed
    const second = dev.write()
    a.ws.send(syncMsg(1, Y.encodeStateAsUpdate(dev.doc)))
    await waitFor(() => b.updates.length === 2, 10_000, 'second relay')
    const relayed = Y.decodeUpdate(b.updates[1]!)
    expect(relayed.structs.map((s) => (s as Y.Item).parentSub)).toEqual([second.id])

    // a known update is not relayed again: the next thing the peer gets is the third event
    a.ws.send(syncMsg(2, first.update))
    const third = dev.write()
    a.ws.send(syncMsg(2, third.update))
    await waitFor(() => b.updates.length === 3, 10_000, 'third relay')
    expect(b.updates[2]).toEqual(third.update)

    await server.close()
    const stored = await storage.load(ROOM)
    const copy = new Y.Doc()
    for (const u of stored.tail) Y.applyUpdate(copy, u.update)
    expect([...copy.getMap('events').keys()].sort()).toEqual([first.id, second.id, third.id].sort())
  })

  it('relays a burst in order and in full to every other socket of the room', async () => {
    server = await startTestServer()
    const a = await peer(server.token())
    const peers = [await peer(server.token({ device: 'D2' })), await peer(server.token({ device: 'D3' }))]
    const dev = device()
    const sent = Array.from({ length: 300 }, () => dev.write().update)
    for (const u of sent) a.ws.send(syncMsg(2, u))
    for (const p of peers) {
      await waitFor(() => p.updates.length === sent.length, 10_000, 'burst relayed')
      expect(p.updates).toEqual(sent)
    }
    expect(a.updates).toEqual([])
  })
})
