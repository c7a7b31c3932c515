import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { issueToken, roomMatches, verifyToken } from '../src/index.ts'
import {
  append,
  type Client,
  connect,
  journalSize,
  ROOM,
  startTestServer,
  type TestServer,
  tokenInput,
  waitFor,
} from './helpers.ts'

let server: TestServer
const clients: Client[] = []
const open = (token: string, room = ROOM, via: 'protocol' | 'param' = 'protocol') => {
  const c = connect(server.url, room, token, { via })
  clients.push(c)
  return c
}
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.close()
})

const SECRET = new Uint8Array(32).fill(7)

describe('tokens', () => {
  it('round-trips claims and refuses tampering, other secrets and expiry', () => {
    const now = 1_764_500_000_000
    const t = issueToken(SECRET, { ...tokenInput(), now, ttlSeconds: 60 })
    const ok = verifyToken(SECRET, t, now)
    expect(ok.ok && ok.value).toMatchObject({
      staff: 'S1',
      office: 'SO123',
      device: 'D1',
      scope: 'rw',
      exp: now / 1000 + 60,
    })
    const [h, c, s] = t.split('.')
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(c!, 'base64url').toString()), office: 'HO1' })).toString('base64url')}.${s}`
    expect(verifyToken(SECRET, forged, now)).toMatchObject({
      ok: false,
      error: { code: 'token-bad-signature' },
    })
    expect(verifyToken(new Uint8Array(32).fill(8), t, now)).toMatchObject({
      ok: false,
      error: { code: 'token-bad-signature' },
    })
    expect(verifyToken(SECRET, t, now + 60_000)).toMatchObject({
      ok: false,
      error: { code: 'token-expired' },
    })
    expect(verifyToken(SECRET, 'a.b', now)).toMatchObject({ ok: false, error: { code: 'token-malformed' } })
    expect(verifyToken(SECRET, undefined, now)).toMatchObject({ ok: false, error: { code: 'token-missing' } })
  })

  it('matches room patterns segment by segment', () => {
    expect(roomMatches('office/SO123/*', 'office/SO123/day/2026-11-30')).toBe(true)
    expect(roomMatches('office/SO123/*', 'office/SO123/inbox')).toBe(true)
    expect(roomMatches('office/SO123/*', 'office/SO1234/inbox')).toBe(false)
    expect(roomMatches('office/SO123/*', 'office/SO123')).toBe(false)
    expect(roomMatches('office/*/inbox', 'office/BO9/inbox')).toBe(true)
    expect(roomMatches('office/*/inbox', 'office/BO9/day/2026-11-30')).toBe(false)
    expect(roomMatches('office/SO123/inbox', 'office/SO123/inbox')).toBe(true)
  })
})

describe('authentication and authorization at the socket', () => {
  it('accepts a token as subprotocol or as ?token=', async () => {
    server = await startTestServer()
    const a = open(server.token())
    const b = open(server.token(), ROOM, 'param')
    await waitFor(() => a.provider.synced && b.provider.synced)
  })

  it('closes forged, expired and missing tokens with 4401, and the client stops retrying', async () => {
    server = await startTestServer()
    const forged = issueToken(new Uint8Array(32).fill(1), tokenInput())
    const expired = server.token({ now: Date.now() - 3_600_000, ttlSeconds: 60 })
    const cs = [open(forged), open(expired), open('garbage.token.here')]
    await waitFor(() => cs.every((c) => c.closed !== null))
    for (const c of cs) expect(c.closed?.code).toBe(4401)
    expect(cs[0]!.closed?.reason).toMatch(/token-bad-signature/)
    expect(cs[1]!.closed?.reason).toMatch(/token-expired/)
    expect(cs.every((c) => !c.provider.shouldConnect)).toBe(true)
    expect(server.metrics.rooms).toBe(0) // no document was touched
  })

  it('closes a room outside the grant with 4403', async () => {
    server = await startTestServer()
    const c = open(server.token(), 'office/HO1/day/2026-11-30')
    await waitFor(() => c.closed !== null)
    expect(c.closed?.code).toBe(4403)
    expect(server.metrics.rooms).toBe(0)
  })

  it('closes a live socket with 4401 when its token expires', async () => {
    server = await startTestServer()
    const c = open(server.token({ ttlSeconds: 3 }))
    await waitFor(() => c.provider.synced)
    await waitFor(() => c.closed !== null, 10_000, 'expiry close')
    expect(c.closed?.code).toBe(4401)
  })

  it('lets a read-only client read but never write, awareness included', async () => {
    server = await startTestServer()
    const writer = open(server.token())
    const reader = open(server.token({ device: 'D2', readOnly: true }))
    await waitFor(() => writer.provider.synced && reader.provider.synced)
    append(writer)
    await waitFor(() => journalSize(reader) === 1)
    append(reader)
    reader.provider.awareness.setLocalStateField('user', 'reader')
    writer.provider.awareness.setLocalStateField('user', 'writer')
    await waitFor(() => reader.provider.awareness.getStates().get(writer.doc.clientID)?.user === 'writer')
    await waitFor(() => (server.metrics.refusals.get('read-only') ?? 0) >= 1)
    // a third client sees only the writer's event and no awareness from the reader
    const third = open(server.token({ device: 'D3' }))
    await waitFor(() => third.provider.synced)
    await waitFor(() => third.provider.awareness.getStates().has(writer.doc.clientID))
    expect(journalSize(third)).toBe(1)
    expect(third.provider.awareness.getStates().has(reader.doc.clientID)).toBe(false)
    expect(reader.closed).toBeNull()
  })

  it('refuses non-WebSocket junk on the upgrade path without crashing', async () => {
    server = await startTestServer()
    const ws = new WebSocket(`${server.url}/..%2F..%2Fetc`, ['yauth.x'])
    const code = await new Promise<number>((res) => ws.on('close', (c) => res(c)))
    expect(code).toBe(4400)
    const ok = open(server.token())
    await waitFor(() => ok.provider.synced)
  })
})
