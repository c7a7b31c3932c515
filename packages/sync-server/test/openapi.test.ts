/**
 * Keeps `docs/openapi.json` true for the sync server: every documented sync operation is answered by a real
 * server on a random loopback port with a documented status and content type, `/healthz` bodies (serving,
 * closing, with and without the identity registry) match their schemas, the documented metric names are exactly
 * what `/metrics` renders, refused upgrades close with documented codes and reasons, the room name pattern agrees
 * with `isRoomName`, and issued tokens match the documented claims.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { connect as tcpConnect } from 'node:net'
import { join } from 'node:path'
import { loginClaim, signedQrPayloadSync } from '@dak/core'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import {
  CloseCode,
  createDeviceTokenHook,
  createMemoryStorage,
  type HttpHook,
  isRoomName,
  issueToken,
  messageSyncStatus,
  type Storage,
} from '../src/index.ts'
import { type Client, connect, ROOM, startTestServer, type TestServer, tempDir, waitFor } from './helpers.ts'
import { DAY1, OFFICE, referencePack, room, secretOf, signingDevice, write } from './identity-fixture.ts'
import {
  deref,
  HTTP_METHODS,
  isObj,
  type Json,
  loadOpenApi,
  operation,
  type Received,
  receive,
  resolveRef,
  responseErrors,
  schemaKeywordErrors,
  schemasIn,
  validate,
} from './openapi-schema.ts'

const SEED = Number(process.env.FC_SEED ?? 20261130)
const doc = loadOpenApi()
const schema = (name: string): Json => ({ $ref: `#/components/schemas/${name}` })

let servers: TestServer[] = []
const clients: Client[] = []
const sockets: WebSocket[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const s of sockets.splice(0)) s.terminate()
  for (const s of servers) await s.close()
  servers = []
})

async function start(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const s = await startTestServer(options)
  servers.push(s)
  return s
}
const base = (s: TestServer) => `http://127.0.0.1:${s.port}`

/** The documented close codes of the WebSocket endpoint. */
interface CloseDoc {
  code: number
  final: boolean
  /** Kebab codes a reason starts with, as `<reason>: <message>`. */
  reasons: string[]
  /** Fixed reasons (or their part before `: `) with no kebab code. */
  reasonTexts?: string[]
}
const closeCodes = (): CloseDoc[] => operation(doc, '/{room}', 'get')['x-dak-close-codes'] as never

/** Opens a raw WebSocket and resolves with the upgrade's status and how the server closed it. */
function upgrade(url: string, protocols: string[] = []) {
  const ws = new WebSocket(url, protocols)
  sockets.push(ws)
  let status = 0
  ws.on('upgrade', (res) => {
    status = res.statusCode ?? 0
  })
  const closed = new Promise<{ status: number; code: number; reason: string }>((res, rej) => {
    ws.on('unexpected-response', (_req, r) => rej(new Error(`upgrade answered ${r.statusCode}`)))
    ws.on('close', (code, reason) => res({ status, code, reason: reason.toString() }))
  })
  return { ws, closed }
}

/** Is this close documented: its code listed, and its reason one the entry allows? */
function closeErrors(close: { code: number; reason: string }): string[] {
  const entry = closeCodes().find((c) => c.code === close.code)
  if (!entry) return [`close code ${close.code} (${close.reason}) is not in x-dak-close-codes`]
  const allowed = [...entry.reasons, ...(entry.reasonTexts ?? [])]
  const head = close.reason.split(': ')[0] ?? ''
  if (allowed.length === 0 ? close.reason !== '' : !allowed.includes(head))
    return [`close ${close.code} reason "${close.reason}" is not documented (${allowed.join(', ')})`]
  return []
}

/** The `reason` labels of `dak_sync_refusals_total` the document names (metrics description and close codes). */
function documentedRefusalReasons(): Set<string> {
  const description = String(operation(doc, '/metrics', 'get').description)
  const listed = description.slice(
    description.indexOf('`dak_sync_refusals_total`'),
    description.indexOf('`dak_sync_persist_seconds`'),
  )
  return new Set([
    ...[...listed.matchAll(/`([a-z]+(?:-[a-z]+)+)`/g)].map((m) => m[1]!),
    ...closeCodes().flatMap((c) => c.reasons),
  ])
}

/** A memory store whose writes can be held, so a graceful shutdown stays in progress. */
function heldStorage() {
  const inner = createMemoryStorage()
  let gate: Promise<void> | null = null
  let release = () => {}
  let waiting = 0
  const storage: Storage = {
    load: (r) => inner.load(r),
    rooms: () => inner.rooms(),
    close: () => inner.close(),
    async write(batch) {
      if (gate) {
        waiting++
        await gate
      }
      return inner.write(batch)
    },
  }
  return {
    storage,
    hold() {
      gate = new Promise((r) => {
        release = r
      })
    },
    release() {
      gate = null
      release()
    },
    waiting: () => waiting,
  }
}

/**
 * An extra route `GET /gate` that holds its answer until released: a connection with a request under way is
 * one a closing server keeps, so a request sent on it after `close()` began is still answered.
 */
function gateRoute() {
  let arrived = () => {}
  let release = () => {}
  const reached = new Promise<void>((r) => {
    arrived = r
  })
  const released = new Promise<void>((r) => {
    release = r
  })
  const http: HttpHook = async (req, res) => {
    if (req.url !== '/gate') return false
    arrived()
    await released
    res.writeHead(204)
    res.end()
    return true
  }
  return { http, reached, release }
}

/**
 * GET /healthz on a connection whose `GET /gate` is under way: `between` runs once the server holds the gate
 * request (e.g. starts a shutdown), then /healthz is sent on the same connection and the gate released.
 */
async function healthzAcross(
  port: number,
  gate: ReturnType<typeof gateRoute>,
  between: () => void,
): Promise<Received> {
  const socket = tcpConnect(port, '127.0.0.1')
  await new Promise<void>((res, rej) => socket.once('connect', res).once('error', rej))
  const chunks: Buffer[] = []
  socket.on('data', (c: Buffer) => chunks.push(c))
  const ended = new Promise<void>((res) => socket.once('close', () => res()))
  socket.write('GET /gate HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
  await gate.reached
  between()
  socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
  gate.release()
  await ended
  // the second of the two responses is /healthz's
  const raw = Buffer.concat(chunks).toString('utf8')
  const last = raw.slice(raw.lastIndexOf('HTTP/1.1 '))
  const [head = '', ...rest] = last.split('\r\n\r\n')
  const [statusLine = '', ...headerLines] = head.split('\r\n')
  const headers = new Headers()
  for (const l of headerLines) headers.append(l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim())
  let body = rest.join('\r\n\r\n')
  if (headers.get('transfer-encoding') === 'chunked') {
    let out = ''
    for (let i = 0; ; ) {
      const eol = body.indexOf('\r\n', i)
      const size = Number.parseInt(body.slice(i, eol), 16)
      if (!size) break
      out += body.slice(eol + 2, eol + 2 + size)
      i = eol + 2 + size + 2
    }
    body = out
  }
  expect(raw.startsWith('HTTP/1.1 204')).toBe(true)
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) as Json }
}

describe('docs/openapi.json as a document', () => {
  it('is OpenAPI 3.1 with unique operation ids and resolvable $refs', () => {
    expect(String(doc.openapi)).toMatch(/^3\.1\.\d+$/)
    const ids: string[] = []
    const refs: string[] = []
    const walk = (v: Json): void => {
      if (Array.isArray(v)) {
        for (const x of v) walk(x)
        return
      }
      if (!isObj(v)) return
      if (typeof v.operationId === 'string') ids.push(v.operationId)
      if (typeof v.$ref === 'string') refs.push(v.$ref)
      Object.values(v).forEach(walk)
    }
    walk(doc)
    expect(ids.length).toBeGreaterThan(5)
    expect(new Set(ids).size).toBe(ids.length)
    for (const ref of refs) expect(() => resolveRef(doc, ref), ref).not.toThrow()
  })

  it('uses only the JSON Schema keywords the test checker implements', () => {
    const found = schemasIn(doc)
    expect(found.length).toBeGreaterThan(20)
    expect(found.flatMap(({ at, schema }) => schemaKeywordErrors(schema, at))).toEqual([])
    // and the checker does refuse what it does not implement
    expect(schemaKeywordErrors({ type: 'string', format: 'date' }, '#/x')).toHaveLength(1)
    expect(schemaKeywordErrors({ oneOf: [] }, '#/x')).toHaveLength(1)
    expect(schemaKeywordErrors({ additionalProperties: { type: 'string' } }, '#/x')).toHaveLength(1)
  })

  it('has a checker that finds wrong types, missing and undocumented fields, and values outside enums', () => {
    const errors = validate(doc, schema('Health'), { ok: false, rooms: 1.5, extra: 1 })
    expect(errors.join('\n')).toMatch(/not one of/)
    expect(errors.join('\n')).toMatch(/rooms: expected integer/)
    expect(errors.join('\n')).toMatch(/"connections" is required/)
    expect(errors.join('\n')).toMatch(/"extra" is not a documented field/)
    expect(validate(doc, schema('DakEvent'), { duty: 7 }).join('\n')).toMatch(/duty: expected string or null/)
    const text = (status: number, type: string): Received => ({
      status,
      headers: new Headers({ 'content-type': type }),
    })
    expect(responseErrors(doc, '/metrics', 'get', text(418, 'text/plain'))).toHaveLength(1)
    expect(responseErrors(doc, '/metrics', 'get', text(200, 'text/html'))).toHaveLength(1)
    expect(responseErrors(doc, '/metrics', 'get', text(200, 'text/plain; version=0.0.4'))).toEqual([])
  })

  it('documents the sync-status message type and every close code the server names', () => {
    const messages = operation(doc, '/{room}', 'get')['x-dak-messages'] as { type: number; name: string }[]
    expect(messages.find((m) => m.name === 'sync-status')?.type).toBe(messageSyncStatus)
    const documented = closeCodes().map((c) => c.code)
    for (const code of [...Object.values(CloseCode), 1009, 1011]) expect(documented).toContain(code)
    // the stock y-websocket client stops reconnecting on 4400-4499 and only there
    for (const c of closeCodes()) expect(c.final, String(c.code)).toBe(c.code >= 4400 && c.code < 4500)
  })

  it('gives the room parameter a pattern that agrees with isRoomName', () => {
    const param = deref(doc, (deref(doc, deref(doc, doc.paths)['/{room}']).parameters as Json[])[0])
    expect(param).toMatchObject({ name: 'room', in: 'path' })
    const p = param.schema as Json
    const ok = (name: string) => validate(doc, p, name).length === 0
    const segment = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9._~-]{1,6}$/),
      fc.constantFrom('.', '..', '...', 'office', 'day', 'inbox', 'SO123', '2026-11-30', 'a b', '%', ''),
      fc.string({ maxLength: 3 }),
    )
    const name = fc.oneof(
      fc.array(segment, { minLength: 1, maxLength: 10 }).map((s) => s.join('/')),
      fc.string({ maxLength: 300 }),
      fc.stringMatching(/^[a-z]{60,70}(\/[a-z]{1,3}){0,3}$/),
    )
    fc.assert(
      fc.property(name, (n) => {
        const segs = n.split('/')
        const dakShaped =
          segs[0] === 'office' &&
          ((segs.length === 4 && segs[2] === 'day') || (segs.length === 3 && segs[2] === 'inbox'))
        // the pattern is the whole rule, except that day and inbox rooms must also parse as core's rooms
        if (isRoomName(n)) expect(ok(n), n).toBe(true)
        else if (!dakShaped) expect(ok(n), n).toBe(false)
      }),
      { seed: SEED, numRuns: 2000 },
    )
    for (const n of [ROOM, 'office/SO123/inbox', 'reference/tariff', 'a'.repeat(64)])
      expect(ok(n), n).toBe(true)
    for (const n of ['', '..', 'a//b', 'a b', 'a'.repeat(65), 'a/b/c/d/e/f/g/h/i'])
      expect(ok(n), n).toBe(false)
  })
})

describe('the sync server answers as documented', () => {
  /** One request per documented sync operation; each returns what it received. */
  const probes: Record<string, (s: { plain: TestServer; web: TestServer }) => Promise<Received[]>> = {
    'GET /healthz': async ({ plain }) => [await receive(`${base(plain)}/healthz`)],
    'GET /metrics': async ({ plain }) => [await receive(`${base(plain)}/metrics`)],
    'GET /{room}': async ({ plain, web }) => {
      const got: Received[] = []
      // the WebSocket upgrade: 101, then served
      const { ws, closed } = upgrade(`${plain.url}/${ROOM}`, ['dak-sync', `yauth.${plain.token()}`])
      await new Promise<void>((res, rej) => ws.once('open', res).once('error', rej))
      expect(ws.protocol).toBe('dak-sync')
      got.push({ status: 101, headers: new Headers({ 'sec-websocket-protocol': ws.protocol }) })
      ws.close()
      await closed
      // plain GETs: 404 without a static directory; files, SPA fallback and 404 with one
      got.push(await receive(`${base(plain)}/${ROOM}`))
      for (const file of ['', 'index.html', 'sw.js', 'assets/app-1.js', 'style.css', 'icon.png', 'data.bin'])
        got.push(await receive(`${base(web)}/${file}`))
      got.push(await receive(`${base(web)}/office/today`), await receive(`${base(web)}/missing.png`))
      return got
    },
    'HEAD /{room}': async ({ web }) => [
      await receive(`${base(web)}/index.html`, { method: 'HEAD' }),
      await receive(`${base(web)}/missing.png`, { method: 'HEAD' }),
    ],
  }

  it('covers every documented sync operation with a probe, and every probe is documented', () => {
    const documented: string[] = []
    for (const [path, item] of Object.entries(deref(doc, doc.paths))) {
      for (const m of HTTP_METHODS) {
        const op = deref(doc, item)[m]
        if (isObj(op) && Array.isArray(op.tags) && op.tags.includes('sync'))
          documented.push(`${m.toUpperCase()} ${path}`)
      }
    }
    expect(documented.sort()).toEqual(Object.keys(probes).sort())
  })

  it('answers every documented sync operation with a documented status, content type and body', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'assets'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Dak</title>')
    writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {})')
    writeFileSync(join(dir, 'assets', 'app-1.js'), 'export {}')
    writeFileSync(join(dir, 'style.css'), 'body{}')
    writeFileSync(join(dir, 'icon.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]))
    writeFileSync(join(dir, 'data.bin'), Buffer.from([1, 2, 3]))
    const servers = { plain: await start(), web: await start({ staticDir: dir }) }
    const statuses = new Set<string>()
    for (const [key, probe] of Object.entries(probes)) {
      const [method = '', path = ''] = key.split(' ')
      for (const res of await probe(servers)) {
        statuses.add(`${key} ${res.status}`)
        expect(responseErrors(doc, path, method.toLowerCase(), res)).toEqual([])
      }
    }
    // every documented status of a sync operation was seen (503 by the shutdown test below)
    for (const [key] of Object.entries(probes)) {
      const [method = '', path = ''] = key.split(' ')
      for (const status of Object.keys(deref(doc, operation(doc, path, method.toLowerCase()).responses))) {
        if (key === 'GET /healthz' && status === '503') continue
        expect([...statuses], `${key} ${status}`).toContain(`${key} ${status}`)
      }
    }
  })
})

describe('/healthz bodies', () => {
  it('match the schema without the identity registry (signatures off)', async () => {
    const s = await start()
    const c = connect(s.url, ROOM, s.token())
    clients.push(c)
    await waitFor(() => c.provider.synced, 10_000, 'sync')
    const res = await receive(`${base(s)}/healthz`)
    expect(responseErrors(doc, '/healthz', 'get', res)).toEqual([])
    expect(res.body).toEqual({ ok: true, rooms: 1, connections: 1 })
  })

  it('match the schema with signatures on (identity stats), serving and while shutting down', async () => {
    const held = heldStorage()
    const pack = referencePack(Date.now() + 86_400_000)
    const gate = gateRoute()
    const s = await start({
      requireSignatures: true,
      reference: () => pack,
      storage: held.storage,
      http: gate.http,
    })
    const serving = await receive(`${base(s)}/healthz`)
    expect(responseErrors(doc, '/healthz', 'get', serving)).toEqual([])
    expect(serving.body).toMatchObject({ ok: true, identity: { offices: expect.any(Number) } })

    // a signed write whose commit is held keeps the graceful shutdown in progress
    const adm = signingDevice('ADM', 'pm-1')
    const token = s.token({ staff: 'pm-1', device: 'ADM', role: 'postmaster', rooms: [`office/${OFFICE}/*`] })
    const c = connect(s.url, room(DAY1), token)
    clients.push(c)
    await waitFor(() => c.provider.synced, 10_000, 'sync')
    held.hold()
    write(c, [adm.emit(DAY1)])
    await waitFor(() => held.waiting() > 0 || c.closed !== null, 10_000, 'a held commit')
    expect(c.closed).toBeNull()
    let closing: Promise<void> | null = null
    const during = await healthzAcross(s.port, gate, () => {
      closing = s.close()
    })
    held.release()
    await closing
    expect(responseErrors(doc, '/healthz', 'get', during)).toEqual([])
    expect(during.status).toBe(503)
    expect(during.body).toMatchObject({ ok: false, identity: { offices: expect.any(Number) } })
  })
})

describe('/metrics', () => {
  it('renders exactly the metrics the document lists, with their types', async () => {
    const s = await start()
    // a refusal, so that the labelled series exists too
    await upgrade(`${s.url}/${ROOM}`).closed
    const description = String(operation(doc, '/metrics', 'get').description)
    const listed = [...description.matchAll(/^- `([a-z_]+)` \((gauge|counter|histogram)\)/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    )
    const res = await receive(`${base(s)}/metrics`)
    expect(responseErrors(doc, '/metrics', 'get', res)).toEqual([])
    const rendered = [...res.text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`)
    expect(listed.length).toBeGreaterThan(5)
    expect(listed.sort()).toEqual(rendered.sort())
    expect(res.text).toMatch(/^dak_sync_refusals_total\{reason="token-missing"\} 1$/m)
  })
})

describe('refused WebSocket upgrades', () => {
  it('complete the upgrade, then close with a documented code and reason', async () => {
    const s = await start()
    const forged = issueToken(new Uint8Array(32).fill(9), {
      staff: 'S1',
      office: 'SO123',
      device: 'D1',
      role: 'clerk',
      rooms: ['office/SO123/*'],
    })
    const cases: { path: string; protocols?: string[]; code: number; reason: string }[] = [
      {
        path: 'office/SO123/day/2026-13-45',
        protocols: [`yauth.${s.token()}`],
        code: 4400,
        reason: 'bad-room',
      },
      { path: 'a%20b', code: 4400, reason: 'bad-room' },
      { path: ROOM, code: 4401, reason: 'token-missing' },
      { path: `${ROOM}?token=abc`, code: 4401, reason: 'token-malformed' },
      { path: ROOM, protocols: [`yauth.${forged}`], code: 4401, reason: 'token-bad-signature' },
      { path: `${ROOM}?token=${s.token({ ttlSeconds: -1 })}`, code: 4401, reason: 'token-expired' },
      {
        path: 'office/SO999/day/2026-11-30',
        protocols: ['dak-sync', `yauth.${s.token()}`],
        code: 4403,
        reason: 'room-not-granted',
      },
      {
        path: 'office/SO123/identity',
        protocols: [`yauth.${s.token()}`],
        code: 4403,
        reason: 'reserved-room',
      },
    ]
    for (const k of cases) {
      const closed = await upgrade(`${s.url}/${k.path}`, k.protocols).closed
      expect(closed.status, k.path).toBe(101)
      expect({ code: closed.code, reason: closed.reason.split(':')[0] }).toEqual({
        code: k.code,
        reason: k.reason,
      })
      expect(closeErrors(closed)).toEqual([])
    }
    // every refusal counted in /metrics has a documented reason label
    expect([...s.metrics.refusals.keys()].filter((r) => !documentedRefusalReasons().has(r))).toEqual([])
  })

  it('close a text frame and an oversized message with documented codes', async () => {
    const s = await start({ maxMessageBytes: 1024 })
    for (const [send, code] of [
      [(ws: WebSocket) => ws.send('hello'), 4400],
      [(ws: WebSocket) => ws.send(new Uint8Array(4096)), 1009],
    ] as const) {
      const { ws, closed } = upgrade(`${s.url}/${ROOM}`, ['dak-sync', `yauth.${s.token()}`])
      await new Promise<void>((res, rej) => ws.once('open', res).once('error', rej))
      send(ws)
      const close = await closed
      expect(close.code).toBe(code)
      expect(closeErrors(close)).toEqual([])
    }
    expect(s.metrics.refusals.get('text-frame')).toBe(1)
    expect([...s.metrics.refusals.keys()].filter((r) => !documentedRefusalReasons().has(r))).toEqual([])
  })
})

describe('token claims', () => {
  it('match the documented header and claims, read-write and read-only', async () => {
    const s = await start()
    for (const t of [s.token(), s.token({ readOnly: true, rooms: ['office/*/inbox', 'reference/x'] })]) {
      const [header = '', claims = ''] = t.split('.')
      const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Json
      expect(validate(doc, schema('TokenHeader'), decode(header))).toEqual([])
      expect(validate(doc, schema('TokenClaims'), decode(claims))).toEqual([])
      expect(validate(doc, schema('TokenResponse'), { token: t, exp: 1 })).toEqual([])
    }
  })
})

describe('POST /api/device-token (createDeviceTokenHook)', () => {
  it('answers every documented status with the documented shapes and error codes', async () => {
    const storage = createMemoryStorage()
    const pack = referencePack(Date.now() + 86_400_000)
    const hook = createDeviceTokenHook({ storage, reference: () => pack })
    // the same route over an identity store that cannot be read, for the 503
    const broken = createDeviceTokenHook({
      path: '/broken/device-token',
      reference: () => pack,
      trustEvents: () => Promise.reject(new Error('disk unreadable')),
    })
    const s = await start({
      requireSignatures: true,
      reference: () => pack,
      storage,
      http: async (req, res, ctx) => (await hook(req, res, ctx)) || broken(req, res, ctx),
    })
    // the postmaster's TOTP login enrolled on the admin phone ADM (enrolled in the pack), journaled by ADM
    const adm = signingDevice('ADM', 'pm-1')
    const c = connect(s.url, room(DAY1), s.token({ staff: 'pm-1', device: 'ADM', role: 'postmaster' }))
    clients.push(c)
    await waitFor(() => c.provider.synced, 10_000, 'sync')
    write(c, [
      adm.emit(DAY1, 'staff.totp-enrolled', {
        credential: 'cred-openapi',
        staff: 'pm-1',
        devices: ['ADM'],
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        secretCheck: 'a'.repeat(64),
      }),
    ])
    await waitFor(() => c.durable() || c.closed !== null, 10_000, 'durable')
    expect(c.closed).toBeNull()

    let n = 0
    const signed = (
      fields: { staff?: string; device?: string; office?: string; at?: number } = {},
      key?: Uint8Array,
    ) => {
      const { office = OFFICE, staff = 'pm-1', device = 'ADM', at = Date.now() } = fields
      const nonce = `openapi-nonce-${process.pid}-${(n++).toString().padStart(6, '0')}`
      const text = signedQrPayloadSync(
        loginClaim({ office, staff, device, challenge: nonce, now: at }),
        key ?? secretOf(device),
      )
      return { office, staff, device, at, nonce, sig: text.split('.')[2]! }
    }
    const seen = new Set<string>()
    const post = async (
      body: unknown,
      expected: { status: number; code?: string },
      path = '/api/device-token',
    ) => {
      const raw = typeof body === 'string' ? body : JSON.stringify(body)
      const res = await receive(`${base(s)}${path}`, {
        method: 'POST',
        body: raw,
        headers: { 'content-type': 'application/json' },
      })
      seen.add(`post ${res.status}`)
      expect(responseErrors(doc, '/api/device-token', 'post', res)).toEqual([])
      expect({ status: res.status, code: (res.body as { code?: string }).code }).toEqual(expected)
      return res
    }

    const ok = signed()
    const granted = await post(ok, { status: 200 })
    const token = (granted.body as { token: string }).token
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Json
    expect(validate(doc, schema('TokenClaims'), claims)).toEqual([])
    await post(ok, { status: 409, code: 'replayed-nonce' })
    await post('not json', { status: 400, code: 'bad-request' })
    await post({ ...signed(), office: '' }, { status: 400, code: 'bad-request' })
    await post(signed({}, secretOf('someone-else')), { status: 401, code: 'bad-signature' })
    await post(signed({ at: Date.now() - 10 * 60_000 }), { status: 401, code: 'stale-request' })
    await post(signed({ device: 'D9' }), { status: 403, code: 'unknown-device' })
    await post(signed({ office: 'SO999' }), { status: 403, code: 'wrong-office' })
    await post(signed({ staff: 'nobody' }), { status: 403, code: 'unknown-staff' })
    await post(signed({ staff: 'pa-1' }), { status: 403, code: 'no-credential' })
    await post(JSON.stringify({ ...signed(), pad: 'x'.repeat(40_000) }), { status: 413, code: 'too-large' })
    await post(signed(), { status: 503, code: 'identity-unavailable' }, '/broken/device-token')
    const wrongMethod = await receive(`${base(s)}/api/device-token`)
    expect(responseErrors(doc, '/api/device-token', 'get', wrongMethod)).toEqual([])
    expect(wrongMethod.status).toBe(405)
    expect(wrongMethod.headers.get('allow')).toBe('POST')

    const documented = Object.keys(deref(doc, operation(doc, '/api/device-token', 'post').responses))
    expect([...seen].sort()).toEqual(
      documented
        .filter((st) => st !== '500')
        .map((st) => `post ${st}`)
        .sort(),
    )
    // and the document has no other device-token operation than these two
    const ops = Object.entries(deref(doc, deref(doc, doc.paths)['/api/device-token'])).filter(([m]) =>
      (HTTP_METHODS as readonly string[]).includes(m),
    )
    expect(ops.map(([m]) => m).sort()).toEqual(['get', 'post'])
  })
})
