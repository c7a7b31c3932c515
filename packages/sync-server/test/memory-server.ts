/**
 * A sync server for the memory test, run in a child process with `--expose-gc`: `GET /gc` collects garbage
 * and answers the V8 heap in use. Usage: node --expose-gc --conditions=@dak/source --import tsx memory-server.ts DIR
 */
import { silentLogger, startServer } from '../src/index.ts'

const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with --expose-gc')
const server = await startServer({
  dataDir: process.argv[2]!,
  log: silentLogger,
  requireSignatures: false, // the memory test writes unsigned events
  http: (req, res) => {
    if (req.url !== '/gc') return false
    for (let i = 0; i < 4; i++) gc()
    res.end(JSON.stringify({ heapUsed: process.memoryUsage().heapUsed }))
    return true
  },
})
process.stdout.write(`${JSON.stringify({ event: 'listening', port: server.port })}\n`)
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)))
