/**
 * Starts the real sync server for browser tests: serves the built app (dist/) on the same origin as the
 * WebSocket endpoint, with the demo reference pack (`server/demo-pack.ts`) and the TOTP token route. Prints one
 * JSON line `{ "port": N, "secrets": { staff: base32 }, "enrolmentCodes": { device: code } }` when ready.
 * With signatures required it also serves `POST /api/device-token` (a token for an enrolled device, proved by
 * its key: the fallback of a login whose TOTP secret the server does not hold).
 * Like the product, it refuses every event not signed by an enrolled device of its office, checked against the
 * demo pack and the devices enrolled since (kept in the data directory's identity registry). `--no-signatures`
 * turns that off, for a test that simulates one shared phone with two browser profiles (two keys for one device
 * id, so the second profile's events are refused, as they should be).
 * `--token-ttl S` and `--device-token-ttl S` shorten the lifetime of the tokens of the TOTP route and of the
 * device-token route (seconds), for a test that keeps syncing across an expiry.
 * Run: node --conditions=@dak/source --import tsx e2e/start-sync.ts [--port P] [--data DIR] [--no-signatures]
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  createDeviceTokenHook,
  createMemoryStorage,
  openLevelStorage,
  startServer,
} from '../../../packages/sync-server/src/index.ts'
import { demoPack, packStamp } from '../server/demo-pack.ts'
import { demoRoutes } from '../server/demo-routes.ts'

const arg = (name: string) => {
  const i = process.argv.indexOf(name)
  return i > 0 ? process.argv[i + 1] : undefined
}

const date = arg('--date')
const dataDir = arg('--data')
const { reference, secrets, enrolmentCodes } = await demoPack({
  seed: arg('--seed') ?? 'dak-demo',
  ...(date ? { date } : {}),
  // a restart over the same data stamps the pack as the first start did
  ...(dataDir ? { stampedAt: packStamp(dataDir) } : {}),
})
const signed = !process.argv.includes('--no-signatures')
// the device-token route reads the identity records the server writes, so the storage is opened here
const storage = dataDir ? await openLevelStorage(join(dataDir, 'db')) : createMemoryStorage()
const tokenTtl = arg('--token-ttl')
const deviceTokenTtl = arg('--device-token-ttl')
const routes = demoRoutes({ reference, secrets, ...(tokenTtl ? { ttlSeconds: Number(tokenTtl) } : {}) })
const deviceToken = signed
  ? createDeviceTokenHook({
      storage,
      reference: () => reference,
      ...(deviceTokenTtl ? { ttlSeconds: Number(deviceTokenTtl) } : {}),
    })
  : null
const server = await startServer({
  port: Number(arg('--port') ?? 0),
  ...(dataDir ? { dataDir } : { secret: new Uint8Array(32).fill(7) }),
  storage,
  staticDir: fileURLToPath(new URL('../dist/', import.meta.url)),
  http: async (req, res, ctx) =>
    (deviceToken ? await deviceToken(req, res, ctx) : false) || routes(req, res, ctx),
  requireSignatures: signed,
  ...(signed ? { reference: () => reference } : {}),
  // DAK_E2E_LOG=1 shows the server's warnings (refused updates, dropped events) on stderr when a test fails
  log: process.env.DAK_E2E_LOG
    ? (level, event, fields) => {
        if (level !== 'debug') process.stderr.write(`${JSON.stringify({ level, event, ...fields })}\n`)
      }
    : () => {},
})
process.stdout.write(`${JSON.stringify({ port: server.port, secrets, enrolmentCodes })}\n`)
const stop = () => {
  void server
    .close()
    .then(() => storage.close())
    .then(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
