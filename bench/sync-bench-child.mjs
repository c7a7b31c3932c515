/**
 * A sync server for `sync-server.bench.ts`, run in its own process with `--expose-gc`, as plain JavaScript so
 * that both servers run as they are deployed (no TypeScript loader in either process):
 * `sync-bench-child.mjs dak DIR` (ours, from its build in `packages/sync-server/dist`, LevelDB in DIR) or
 * `sync-bench-child.mjs ref DIR` (the reference `@y/websocket-server@0.1.1` `setupWSConnection` with y-leveldb
 * persistence in DIR). Both answer `GET /stats` with the heap after a full GC and the number of rooms in
 * memory, and print `{"event":"listening","port":N}` once ready.
 */
import { createServer } from 'node:http'
import { silentLogger, startServer } from '@dak/sync-server'
import { WebSocketServer } from 'ws'

const [kind, dir] = process.argv.slice(2)
if ((kind !== 'dak' && kind !== 'ref') || !dir) throw new Error('usage: sync-bench-child.mjs dak|ref DIR')
const gc = globalThis.gc
if (!gc) throw new Error('run with --expose-gc')

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} rooms
 */
function stats(res, rooms) {
  for (let i = 0; i < 3; i++) gc()
  const m = process.memoryUsage()
  res.end(JSON.stringify({ heapUsed: m.heapUsed, rss: m.rss, rooms }))
}

if (kind === 'dak') {
  let rooms = () => 0
  const server = await startServer({
    dataDir: dir,
    log: silentLogger,
    requireSignatures: false, // the load generator writes unsigned events (signature cost: bench/identity.bench.ts)
    http: (req, res) => {
      if (req.url !== '/stats') return false
      stats(res, rooms())
      return true
    },
  })
  rooms = () => server.metrics.rooms
  process.stdout.write(`${JSON.stringify({ event: 'listening', port: server.port })}\n`)
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)))
} else {
  // the reference reads its persistence directory from the environment when its module is first imported
  process.env.YPERSISTENCE = dir
  const utils = await import('@y/websocket-server/utils')
  const wss = new WebSocketServer({ noServer: true })
  const http = createServer((req, res) => {
    if (req.url === '/stats') return stats(res, utils.docs.size)
    res.writeHead(404).end()
  })
  http.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => utils.setupWSConnection(ws, req))
  })
  http.listen(0, '127.0.0.1', () => {
    const address = http.address()
    const port = typeof address === 'object' && address ? address.port : 0
    process.stdout.write(`${JSON.stringify({ event: 'listening', port })}\n`)
  })
  process.once('SIGTERM', () => process.exit(0))
}
