import 'fake-indexeddb/auto'
import { JOURNAL_MAP } from '@dak/core/yjs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { openRoom, type RoomDoc } from './room.ts'
import { connectRoom, type RoomSync } from './sync.ts'
import { refusals } from './sync-status.ts'

/** A WebSocket the test plays the server of: it opens, closes with a code and sends messages on cue. */
class FakeSocket {
  static all: FakeSocket[] = []
  readonly OPEN = 1
  binaryType = 'blob'
  readyState = 0
  readonly sent: Uint8Array[] = []
  onopen: (() => void) | null = null
  onclose: ((e: { code: number; reason: string }) => void) | null = null
  onmessage: ((e: { data: ArrayBuffer }) => void) | null = null
  onerror: ((e: unknown) => void) | null = null
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.all.push(this)
  }
  send(data: Uint8Array) {
    this.sent.push(new Uint8Array(data))
  }
  close() {
    this.readyState = 3
  }
  open() {
    this.readyState = 1
    this.onopen?.()
  }
  serverClose(code: number, reason: string) {
    this.readyState = 3
    this.onclose?.({ code, reason })
  }
  receive(bytes: Uint8Array) {
    this.onmessage?.({ data: bytes.slice().buffer })
  }
}

/** The update of the first sync-step-2 message (`[0 sync, 1 step2, varuint length, update]`) a socket sent. */
function step2Update(socket: FakeSocket): Uint8Array | null {
  for (const m of socket.sent) {
    if (m[0] !== 0 || m[1] !== 1) continue
    let pos = 2
    let len = 0
    let mult = 1
    for (;;) {
      const b = m[pos++] ?? 0
      len += (b & 0x7f) * mult
      mult *= 128
      if (b < 0x80) break
    }
    return m.subarray(pos, pos + len)
  }
  return null
}

const latest = () => FakeSocket.all[FakeSocket.all.length - 1] as FakeSocket

let room: RoomDoc
let sync: RoomSync | null = null
beforeEach(async () => {
  FakeSocket.all = []
  vi.stubGlobal('WebSocket', FakeSocket)
  room = openRoom(`office/T${FakeSocket.all.length}${Math.random().toString(36).slice(2, 8)}/day/2026-11-30`)
  await room.loaded
})
afterEach(async () => {
  sync?.destroy()
  sync = null
  await room.destroy()
  vi.unstubAllGlobals()
})

describe('a room whose token expires on a live socket', () => {
  it('4401 goes to the refresher (not shown as a refusal); the fresh token reconnects and sends what was queued', async () => {
    const expired: string[] = []
    sync = await connectRoom(room, {
      url: 'ws://sync.test',
      token: 't1',
      onUnauthorized: (_room, reason) => expired.push(reason),
    })
    const first = latest()
    expect(first.protocols).toEqual(['dak-sync', 'yauth.t1'])
    first.open()
    first.serverClose(4401, 'token-expired: refresh the token and reconnect')
    expect(expired).toEqual(['token-expired: refresh the token and reconnect'])
    expect(refusals.value.has(room.name)).toBe(false)
    expect(sync.refusal()?.code).toBe(4401)

    // written while the room is down: kept in the document, queued for the next sync
    room.doc.getMap(JOURNAL_MAP).set('evt-while-expired', { id: 'evt-while-expired' })
    expect(FakeSocket.all).toHaveLength(1)

    sync.reconnect('t2')
    const second = latest()
    expect(FakeSocket.all).toHaveLength(2)
    expect(second.protocols).toEqual(['dak-sync', 'yauth.t2'])
    expect(sync.refusal()).toBeNull()
    second.open()
    // the server asks with an empty state vector (sync step 1); the device answers with everything it holds
    second.receive(Uint8Array.from([0, 0, 1, 0]))
    const update = step2Update(second)
    expect(update).not.toBeNull()
    const server = new Y.Doc()
    Y.applyUpdate(server, update as Uint8Array)
    expect(server.getMap(JOURNAL_MAP).get('evt-while-expired')).toEqual({ id: 'evt-while-expired' })
  })

  it('a renewal ahead of expiry replaces a live socket with one carrying the new token', async () => {
    sync = await connectRoom(room, { url: 'ws://sync.test', token: 't1', onUnauthorized: () => {} })
    const first = latest()
    first.open()
    sync.reconnect('t2')
    expect(first.readyState).toBe(3)
    expect(latest()).not.toBe(first)
    expect(latest().protocols).toEqual(['dak-sync', 'yauth.t2'])
  })

  it('without a refresher a 4401 is shown as a refusal with what to do next', async () => {
    sync = await connectRoom(room, { url: 'ws://sync.test', token: 't1' })
    latest().open()
    latest().serverClose(4401, 'token-expired: refresh the token and reconnect')
    expect(refusals.value.get(room.name)?.code).toBe(4401)
  })
})
