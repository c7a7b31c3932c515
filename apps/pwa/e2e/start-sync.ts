/**
 * Starts the real sync server for browser tests and the demo: serves the built app (dist/) on the same origin
 * as the WebSocket endpoint, with the demo reference data and TOTP token route. Prints one JSON line
 * `{ "port": N, "secrets": { staff: base32 } }` on stdout when ready.
 * Run: node --conditions=@dak/source --import tsx e2e/start-sync.ts [--port P] [--data DIR]
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { demoOffice } from '../../../packages/core/src/office/demo-office.ts'
import { startServer } from '../../../packages/sync-server/src/index.ts'
import { demoRoutes, demoSecret } from '../server/demo-routes.ts'

const arg = (name: string) => {
  const i = process.argv.indexOf(name)
  return i > 0 ? process.argv[i + 1] : undefined
}

const demo = demoOffice({ date: arg('--date') ?? undefined })
// The demo network's tariff, published by the divisional admin as part of the reference pack (booking prices
// from the tariff in the journal; core never hard-codes a rate).
const tariff = JSON.parse(
  readFileSync(new URL('../../../packages/core/data/tariff.json', import.meta.url), 'utf8'),
)
const last = demo.events[demo.events.length - 1]!
const reference = [
  ...demo.events,
  {
    ...last,
    id: 'seed-tariff',
    type: 'tariff.published',
    office: 'nandyal-ho',
    hlc: last.hlc.replace(/-([0-9a-f]{4})-seed$/, '-ffff-seed'),
    payload: { tariff },
  },
]
const secrets: Record<string, string> = {}
for (const s of demo.staff) secrets[s.id] = await demoSecret(arg('--seed') ?? 'dak-demo', s.id)
const dataDir = arg('--data')
const server = await startServer({
  port: Number(arg('--port') ?? 0),
  ...(dataDir ? { dataDir } : { secret: new Uint8Array(32).fill(7) }),
  staticDir: fileURLToPath(new URL('../dist/', import.meta.url)),
  http: demoRoutes({ reference, secrets }),
  log: () => {},
})
process.stdout.write(`${JSON.stringify({ port: server.port, secrets })}\n`)
const stop = () => {
  void server.close().then(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
