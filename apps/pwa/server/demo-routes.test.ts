/**
 * Keeps the demo routes' part of `docs/openapi.json` true: `demoRoutes(...)` of the real demo pack, mounted on a
 * real `@dak/sync-server` on a random loopback port, answers every documented demo operation with a documented
 * status, content type and body, for success and for each documented error; and the tokens it issues carry the
 * documented claims for the documented rooms.
 */
import { randomBytes } from 'node:crypto'
import { type RunningServer, silentLogger, startServer } from '@dak/sync-server'
import { Secret, TOTP } from 'otpauth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  deref,
  HTTP_METHODS,
  isObj,
  type Json,
  loadOpenApi,
  operation,
  receive,
  responseErrors,
  validate,
} from '../../../packages/sync-server/test/openapi-schema.ts'
import { type DemoPack, demoPack } from './demo-pack.ts'
import { demoRoutes } from './demo-routes.ts'

const doc = loadOpenApi()
// a fixed clock for the TOTP checks, so the codes below are the ones the route expects
const T = Date.UTC(2026, 10, 30, 6, 0, 0)
const TTL = 12 * 3600

let pack: DemoPack
let server: RunningServer
let base: string
const seen = new Set<string>()

beforeAll(async () => {
  pack = await demoPack({ seed: 'openapi-test', now: T })
  server = await startServer({
    secret: randomBytes(32),
    requireSignatures: false,
    log: silentLogger,
    http: demoRoutes({ reference: pack.reference, secrets: pack.secrets, now: () => T }),
  })
  base = `http://127.0.0.1:${server.port}`
})
afterAll(async () => {
  await server?.close()
})

/** Sends a request and checks the answer against the document; returns it. */
async function call(method: string, path: string, body?: string) {
  const res = await receive(`${base}${path}`, {
    method,
    ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
  })
  seen.add(`${method} ${path} ${res.status}`)
  expect(responseErrors(doc, path, method.toLowerCase(), res)).toEqual([])
  return res
}

const code = (staff: string, at = T) =>
  new TOTP({ secret: Secret.fromBase32(pack.secrets[staff]!), digits: 6, period: 30 }).generate({
    timestamp: at,
  })
const login = (fields: Record<string, unknown>) => call('POST', '/api/token', JSON.stringify(fields))
/** The documented grant: the office's rooms, every inbox, and the rooms of the offices it accounts for. */
const roomsOf = (office: string) => [
  `office/${office}/*`,
  'office/*/inbox',
  ...pack.demo.offices.filter((o) => o.accountOffice === office).map((o) => `office/${o.id}/*`),
]
const claimsOf = (token: string): Json =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())

describe('GET /api/reference', () => {
  it('serves the whole pack in the documented shape', async () => {
    const res = await call('GET', '/api/reference')
    expect(res.status).toBe(200)
    const events = (res.body as { events: { type: string }[] }).events
    expect(events).toHaveLength(pack.reference.length)
    // the event types the description names are the ones served
    const description = String(operation(doc, '/api/reference', 'get').description)
    const named = [...description.matchAll(/`([a-z]+\.[a-z-]+)`/g)].map((m) => m[1])
    expect([...new Set(events.map((e) => e.type))].sort()).toEqual([...new Set(named)].sort())
  })
})

describe('POST /api/token', () => {
  it('issues a token with the documented claims and rooms for a correct code, once per code', async () => {
    const res = await login({
      office: 'panem-so',
      staff: 'so-pa1',
      device: 'dev-so-counter-1',
      code: code('so-pa1'),
    })
    expect(res.status).toBe(200)
    const { token, exp } = res.body as { token: string; exp: number }
    expect(exp).toBe(T + TTL * 1000)
    const claims = claimsOf(token)
    expect(validate(doc, { $ref: '#/components/schemas/TokenClaims' }, claims)).toEqual([])
    expect(claims).toMatchObject({
      staff: 'so-pa1',
      office: 'panem-so',
      device: 'dev-so-counter-1',
      role: 'postal-assistant',
      scope: 'rw',
      rooms: roomsOf('panem-so'),
    })
    // the same code again is a replay
    const again = await login({
      office: 'panem-so',
      staff: 'so-pa1',
      device: 'dev-so-counter-1',
      code: code('so-pa1'),
    })
    expect(again.status).toBe(401)
    expect(again.body).toMatchObject({ code: 'totp-invalid' })
  })

  it("grants an HO's staff the rooms of the offices it accounts for", async () => {
    const res = await login({
      office: 'nandyal-ho',
      staff: 'ho-pm',
      device: 'dev-ho-pm',
      code: code('ho-pm'),
    })
    expect(res.status).toBe(200)
    const rooms = (claimsOf((res.body as { token: string }).token) as { rooms: string[] }).rooms
    expect(rooms).toEqual(roomsOf('nandyal-ho'))
    expect(rooms).toContain('office/panem-so/*')
  })

  it('refuses a wrong code with 401 totp-invalid', async () => {
    const wrong = String((Number(code('so-pa2')) + 1) % 1_000_000).padStart(6, '0')
    const res = await login({ office: 'panem-so', staff: 'so-pa2', device: 'dev-so-counter-2', code: wrong })
    expect(res.status).toBe(401)
    expect(res.body).toMatchObject({ code: 'totp-invalid' })
  })

  it('refuses unknown staff, and staff of another office, with 403 unknown-staff', async () => {
    for (const [office, staff] of [
      ['panem-so', 'nobody'],
      ['nandyal-ho', 'so-pa3'],
    ] as const) {
      const res = await login({ office, staff, device: 'dev-so-counter-3', code: '000000' })
      expect(res.status).toBe(403)
      expect(res.body).toMatchObject({ code: 'unknown-staff' })
    }
  })

  it('refuses a body that is not JSON with 400 bad-json, and one over 4096 characters with 413 too-large', async () => {
    for (const body of ['{office:', '']) {
      const res = await call('POST', '/api/token', body)
      expect(res.status).toBe(400)
      expect(res.body).toMatchObject({ code: 'bad-json' })
    }
    const long = await call('POST', '/api/token', JSON.stringify({ office: 'x'.repeat(5000) }))
    expect(long.status).toBe(413)
    expect(long.body).toMatchObject({ code: 'too-large', message: expect.stringMatching(/4096/) })
  })

  it('refuses missing or non-string fields with 400 bad-request', async () => {
    for (const fields of [
      { office: 'panem-so', staff: 'so-pa1', device: 'dev-so-counter-1' },
      { office: 'panem-so', staff: 'so-pa1', device: 'dev-so-counter-1', code: 123456 },
      [],
      null,
      42,
    ]) {
      const res = await call('POST', '/api/token', JSON.stringify(fields))
      expect(res.status).toBe(400)
      expect(res.body).toMatchObject({ code: 'bad-request' })
    }
  })

  it('refuses any other method with 405, Allow: POST and method-not-allowed', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await receive(`${base}/api/token`, { method })
      seen.add(`GET /api/token ${res.status}`)
      expect(responseErrors(doc, '/api/token', 'get', res)).toEqual([])
      expect(res.status).toBe(405)
      expect(res.headers.get('allow')).toBe('POST')
      expect(res.body).toMatchObject({ code: 'method-not-allowed' })
    }
  })
})

describe('coverage of the document', () => {
  it('saw every documented status of every demo operation (500 aside: the generic failure)', () => {
    const documented: string[] = []
    for (const [path, item] of Object.entries(deref(doc, doc.paths))) {
      for (const m of HTTP_METHODS) {
        const op = deref(doc, item)[m]
        if (!isObj(op) || !Array.isArray(op.tags) || !op.tags.includes('demo')) continue
        for (const status of Object.keys(deref(doc, operation(doc, path, m).responses)))
          if (status !== '500') documented.push(`${m.toUpperCase()} ${path} ${status}`)
      }
    }
    expect(documented.length).toBeGreaterThan(5)
    expect([...seen].sort()).toEqual(documented.sort())
  })
})
