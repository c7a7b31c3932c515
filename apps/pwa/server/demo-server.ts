/**
 * The product as `npm start` runs it: one process on localhost that serves the built PWA and the sync
 * socket on the same origin, with embedded storage in `.data/` and a demo office network seeded from real
 * offices (Nandyal division: an HO, an SO with three counters, a BO). Prints the URL and every demo login.
 * Every event must be signed by a device enrolled with one of the printed one-time codes (checked against the
 * demo pack and the devices enrolled since, which the server keeps in `.data/` across restarts);
 * `DAK_NO_SIGNATURES=1` turns that off, for tests and migrations only.
 * Sync tokens: `POST /api/token` for a TOTP code the server can check (the demo secrets), and
 * `POST /api/device-token` for any login enrolled on a device, proved by the device's enrolled key.
 * Imports the built packages (`dist/`), so run it after `pnpm run build`.
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createDeviceTokenHook, openLevelStorage, startServer } from '@dak/sync-server'
import { Secret, TOTP } from 'otpauth'
import { demoPack, packStamp } from './demo-pack.ts'
import { demoRoutes } from './demo-routes.ts'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const port = Number(process.env.PORT ?? 8080)
const host = process.env.HOST ?? '127.0.0.1'
const dataDir = process.env.DAK_DATA ?? join(root, '.data', 'sync')
const seed = process.env.DAK_DEMO_SEED ?? 'dak-demo'
const signatures = process.env.DAK_NO_SIGNATURES !== '1'

// stamped as at the first start, so devices enrolled before a restart still fold after the pack's enrolments
const { demo, reference, secrets, enrolmentCodes } = await demoPack({ seed, stampedAt: packStamp(dataDir) })

// opened here rather than by the server so the device-token route reads the identity records it writes
const storage = await openLevelStorage(join(dataDir, 'db'))
const routes = demoRoutes({ reference, secrets })
// a login enrolled on a device's admin screen has no secret here: its device proves itself with its key instead
const deviceToken = signatures
  ? createDeviceTokenHook({ storage, reference: () => reference, ttlSeconds: 12 * 3600 })
  : null
const server = await startServer({
  port,
  host,
  dataDir,
  storage,
  staticDir: join(root, 'apps/pwa/dist'),
  http: async (req, res, ctx) =>
    (deviceToken ? await deviceToken(req, res, ctx) : false) || routes(req, res, ctx),
  // the pack's grants and open enrolments are what a new device's code is checked against
  requireSignatures: signatures,
  ...(signatures ? { reference: () => reference } : {}),
})

const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${server.port}/`
const officeName = new Map(demo.offices.map((o) => [o.id, o.name]))
const lines = [
  '',
  `Dak is running: ${url}`,
  `Sync server and PWA on one port; data in ${dataDir}`,
  signatures
    ? 'Device signatures are required: set up each device with its one-time code below.'
    : 'WARNING: DAK_NO_SIGNATURES=1, events are not checked for device signatures (tests and migrations only).',
  '',
  `Demo logins (${demo.division}) — add the TOTP secret to an authenticator app, or use the current code shown:`,
  '',
  `  ${'staff id'.padEnd(12)} ${'name'.padEnd(32)} ${'role'.padEnd(18)} ${'office'.padEnd(22)} ${'TOTP secret'.padEnd(34)} code now`,
]
for (const s of demo.staff) {
  const code = new TOTP({ secret: Secret.fromBase32(secrets[s.id]!), digits: 6, period: 30 }).generate()
  lines.push(
    `  ${s.id.padEnd(12)} ${s.name.slice(0, 32).padEnd(32)} ${s.roles.join(',').padEnd(18)} ${String(officeName.get(s.office) ?? s.office).padEnd(22)} ${secrets[s.id]!.padEnd(34)} ${code}`,
  )
}
lines.push('', 'Device set-up — choose the device, then enter its one-time enrolment code:', '')
for (const d of demo.devices) lines.push(`  ${d.id.padEnd(20)} ${d.label.padEnd(28)} ${enrolmentCodes[d.id]}`)
lines.push('', 'Stop with Ctrl+C (a graceful stop flushes everything to disk).', '')
process.stdout.write(lines.join('\n'))

const stop = () => {
  void server
    .close()
    .then(() => storage.close())
    .then(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
