import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryStorage, type Storage } from '../src/index.ts'
import {
  append,
  type Client,
  connect,
  journalSize,
  startTestServer,
  type TestServer,
  waitFor,
} from './helpers.ts'

process.setMaxListeners(0) // each WebsocketProvider adds a process 'exit' listener

const clients: Array<{ c: Client; device: string }> = []
let server: TestServer | null = null
afterEach(async () => {
  for (const { c } of clients.splice(0)) c.destroy()
  await server?.close()
})

describe('reconnect storm', () => {
  it('1,000 clients in 200 rooms all reconnect, resync and converge after a restart', async () => {
    const storage = createMemoryStorage()
    const secret = new Uint8Array(32).fill(3)
    server = await startTestServer({ storage, secret })
    const { port } = server
    const rooms = 200
    for (let r = 0; r < rooms; r++) {
      for (let k = 0; k < 5; k++) {
        const device = `D${k}`
        clients.push({ c: connect(server.url, `office/SO123/r${r}`, server.token({ device })), device })
      }
    }
    await waitFor(() => clients.every(({ c }) => c.provider.synced), 60_000, 'initial sync')
    for (const { c, device } of clients) append(c, { device })
    await waitFor(() => clients.every(({ c }) => c.durable()), 60_000, 'durable')
    await server.close()
    await waitFor(() => clients.every(({ c }) => !c.provider.wsconnected), 30_000, 'all disconnected')
    for (const { c, device } of clients) append(c, { device }) // written while the server is down
    server = await startTestServer({ storage, secret, port })
    await waitFor(() => clients.every(({ c }) => c.provider.synced), 90_000, 'storm resync')
    await waitFor(() => clients.every(({ c }) => journalSize(c) === 10 && c.durable()), 90_000, 'convergence')
    expect(clients.every(({ c }) => c.closed === null)).toBe(true)
    expect(server.metrics.rooms).toBe(rooms)
  }, 240_000)

  it('closes sockets beyond maxJoining with 1013 while rooms load, and they join once the store answers', async () => {
    const inner = createMemoryStorage()
    let open: () => void = () => {}
    const gate = new Promise<void>((r) => {
      open = r
    })
    const storage: Storage = {
      ...inner,
      async load(room) {
        await gate
        return inner.load(room)
      },
    }
    server = await startTestServer({ storage, maxJoining: 3 })
    const closes: number[] = []
    for (let r = 0; r < 6; r++) {
      const c = connect(server.url, `office/SO123/q${r}`, server.token({ device: `D${r}` }))
      c.provider.on('connection-close', (e: { code: number } | null) => {
        if (e) closes.push(e.code)
      })
      clients.push({ c, device: `D${r}` })
    }
    await waitFor(() => closes.filter((code) => code === 1013).length >= 3, 10_000, 'three told to retry')
    expect(server.metrics.refusals.get('server-busy')).toBeGreaterThanOrEqual(3)
    expect(clients.filter(({ c }) => c.provider.synced)).toHaveLength(0) // nothing answered before its room loads
    open()
    // the stock client retries 1013 with back-off: every one joins and can write
    await waitFor(() => clients.every(({ c }) => c.provider.synced), 30_000, 'all joined')
    for (const { c, device } of clients) append(c, { device })
    await waitFor(() => clients.every(({ c }) => c.durable()), 30_000, 'all durable')
  })
})
