/**
 * `POST /api/device-token` on a real server over LevelDB: an enrolled device with a TOTP login journaled for its
 * staff gets a token by signing with its enrolment key, and that token syncs its events; every way of getting it
 * wrong is a typed refusal with a status and a message saying what to do.
 */
import { join } from 'node:path'
import { type DakEvent, loginClaim, signedQrPayloadSync } from '@dak/core'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  createDeviceTokenHook,
  issueToken,
  openLevelStorage,
  type RunningServer,
  type Storage,
  silentLogger,
  startServer,
  verifyToken,
} from '../src/index.ts'
import { type Client, connect, tempDir, waitFor } from './helpers.ts'
import {
  CODES,
  DAY1,
  OFFICE,
  referencePack,
  room,
  secretOf,
  signingDevice,
  write,
} from './identity-fixture.ts'

const SECRET = new Uint8Array(32).fill(9)
const pack = referencePack(Date.now() + 86_400_000)
const d1 = signingDevice('D1', 'pa-1')
const d2 = signingDevice('D2', 'pa-1')
const adm = signingDevice('ADM', 'pm-1')

let server: RunningServer
let storage: Storage
let clock: number | null = null
const clients: Client[] = []

afterEach(() => {
  for (const c of clients.splice(0)) c.destroy()
  clock = null
})

/** Writes events over an operator's token and waits until they are durable. */
async function saved(events: DakEvent[], token?: string): Promise<void> {
  const first = events[0]!
  const t =
    token ??
    issueToken(SECRET, {
      office: OFFICE,
      staff: first.actor,
      device: first.device,
      role: 'postal-assistant',
      rooms: [`office/${OFFICE}/*`],
    })
  const c = connect(server.url, room(first.date), t)
  clients.push(c)
  await waitFor(() => c.provider.synced || c.closed !== null, 10_000, 'sync')
  write(c, events)
  await waitFor(() => c.durable() || c.closed !== null, 10_000, 'durable')
  expect(c.closed).toBeNull()
}

const totpEnrolled = (credential: string, staff: string, device: string, by = adm) =>
  by.emit(DAY1, 'staff.totp-enrolled', {
    credential,
    staff,
    devices: [device],
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secretCheck: 'a'.repeat(64),
  })

beforeAll(async () => {
  storage = await openLevelStorage(join(tempDir('dak-device-token-'), 'db'))
  server = await startServer({
    storage,
    secret: SECRET,
    reference: () => pack,
    log: silentLogger,
    http: createDeviceTokenHook({
      storage,
      reference: () => pack,
      now: () => clock ?? Date.now(),
    }),
  })
  // D1 and D2 enrol with their one-time codes; the postmaster enrols pa-1's TOTP login on both, revokes D2
  await saved([d1.enrol(DAY1, 'enrol-D1', CODES.D1!)])
  await saved([d2.enrol(DAY1, 'enrol-D2', CODES.D2!)])
  await saved([
    totpEnrolled('cred-d1', 'pa-1', 'D1'),
    totpEnrolled('cred-d2', 'pa-1', 'D2'),
    adm.emit(DAY1, 'device.revoked', { device: 'D2', reason: 'phone lost' }),
  ])
  return async () => {
    await server.close()
    await storage.close()
  }
}, 60_000)

let n = 0
/** A request signed as the PWA signs it (core's login claim over a fresh nonce), with fields overridable. */
function request(
  fields: {
    office?: string
    staff?: string
    device?: string
    at?: number
    nonce?: string
    events?: DakEvent[]
  } = {},
  key?: Uint8Array,
) {
  const office = fields.office ?? OFFICE
  const staff = fields.staff ?? 'pa-1'
  const device = fields.device ?? 'D1'
  const at = fields.at ?? Date.now()
  const nonce = fields.nonce ?? `nonce-${process.pid}-${(n++).toString().padStart(8, '0')}`
  const text = signedQrPayloadSync(
    loginClaim({ office, staff, device, challenge: nonce, now: at }),
    key ?? secretOf(device),
  )
  return {
    office,
    staff,
    device,
    at,
    nonce,
    sig: text.split('.')[2]!,
    ...(fields.events ? { events: fields.events } : {}),
  }
}

async function post(body: unknown, method = 'POST') {
  const res = await fetch(`http://127.0.0.1:${server.port}/api/device-token`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(method === 'POST' ? { body: JSON.stringify(body) } : {}),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

describe('POST /api/device-token', () => {
  it('issues a token for the staff member on an enrolled device, and the token syncs its events', async () => {
    const r = await post(request())
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({
      staff: 'pa-1',
      office: OFFICE,
      device: 'D1',
      role: 'postal-assistant',
      scope: 'rw',
      rooms: [`office/${OFFICE}/*`, 'office/*/inbox'],
    })
    const claims = verifyToken(SECRET, r.body.token as string, Date.now())
    expect(claims.ok && claims.value).toMatchObject({ staff: 'pa-1', device: 'D1', scope: 'rw' })
    expect(r.body.exp as number).toBeGreaterThan(Date.now())
    await saved([d1.emit(DAY1)], r.body.token as string)
  })

  it('refuses a device not enrolled in any office it names (403 unknown-device)', async () => {
    const r = await post(request({ device: 'D9' }))
    expect(r).toEqual({
      status: 403,
      body: {
        code: 'unknown-device',
        message: expect.stringMatching(/not enrolled in SO123.*one-time code/),
      },
    })
  })

  it('refuses a revoked device (403 revoked-device)', async () => {
    const r = await post(request({ device: 'D2' }))
    expect(r).toEqual({
      status: 403,
      body: {
        code: 'revoked-device',
        message: expect.stringMatching(/revoked \(phone lost\).*enrol it again/),
      },
    })
  })

  it('refuses a device asking for another office than its own (403 wrong-office)', async () => {
    const r = await post(request({ office: 'SO999', device: 'ADM', staff: 'pm-1' }))
    expect(r).toEqual({
      status: 403,
      body: { code: 'wrong-office', message: expect.stringMatching(/enrolled in SO123, not SO999/) },
    })
  })

  it('refuses a signature not made by the enrolled key (401 bad-signature)', async () => {
    const r = await post(request({}, secretOf('someone-else')))
    expect(r).toEqual({
      status: 401,
      body: { code: 'bad-signature', message: expect.stringMatching(/not by the key device D1 enrolled/) },
    })
    // a signature over other fields than those sent is as bad
    const signed = request()
    const r2 = await post({ ...signed, staff: 'pm-1' })
    expect(r2.body.code).toBe('bad-signature')
  })

  it('refuses a replayed request (409 replayed-nonce), even with a fresh timestamp re-signed under it', async () => {
    const body = request()
    expect((await post(body)).status).toBe(200)
    const again = await post(body)
    expect(again).toEqual({
      status: 409,
      body: { code: 'replayed-nonce', message: expect.stringMatching(/fresh random nonce/) },
    })
    expect((await post(request({ nonce: body.nonce }))).body.code).toBe('replayed-nonce')
  })

  it('refuses a request signed too long ago or ahead (401 stale-request)', async () => {
    const old = await post(request({ at: Date.now() - 10 * 60_000 }))
    expect(old).toEqual({
      status: 401,
      body: { code: 'stale-request', message: expect.stringMatching(/set the device's date and time/) },
    })
    const ahead = await post(request({ at: Date.now() + 3 * 60_000 }))
    expect(ahead.body.code).toBe('stale-request')
    // the server's clock is what counts: the same request is fine when the server agrees with the device
    clock = Date.now() - 10 * 60_000
    expect((await post(request({ at: clock }))).status).toBe(200)
  })

  it('refuses staff who are not of the office, or have no login enrolled on the device', async () => {
    const stranger = await post(request({ staff: 'nobody' }))
    expect(stranger).toEqual({
      status: 403,
      body: { code: 'unknown-staff', message: expect.stringMatching(/not staff of SO123/) },
    })
    const noLogin = await post(request({ staff: 'pm-1' }))
    expect(noLogin).toEqual({
      status: 403,
      body: { code: 'no-credential', message: expect.stringMatching(/admin screen \(Devices and logins\)/) },
    })
  })

  it('refuses malformed requests and other methods with what is accepted', async () => {
    expect(await post({ office: OFFICE })).toEqual({
      status: 400,
      body: { code: 'bad-request', message: expect.stringMatching(/send JSON \{ office, staff, device, at/) },
    })
    expect((await post({ ...request(), nonce: 'short' })).body.code).toBe('bad-request')
    expect((await post(null, 'GET')).status).toBe(405)
  })
})

describe('POST /api/device-token with evidence (a device set up while no token could be had)', () => {
  it('refuses evidence with a wrong one-time code, or a login enrolled by a non-admin (403 evidence-refused)', async () => {
    const d4 = signingDevice('D4', 'pa-1')
    const wrongCode = d4.enrol(DAY1, 'enrol-D3', 'WRONG-CODE-XXXXXXXXXX')
    const r = await post(request({ device: 'D4', events: [wrongCode] }))
    expect(r).toEqual({
      status: 403,
      body: { code: 'evidence-refused', message: expect.stringMatching(/enrolment-refused.*enrol it again/) },
    })
    const enrolled = d4.enrol(DAY1, 'enrol-D3', CODES.D3!)
    const selfMade = totpEnrolled('cred-d4', 'pa-1', 'D4', d4)
    const r2 = await post(request({ device: 'D4', events: [enrolled, selfMade] }))
    expect(r2.status).toBe(403)
    expect(r2.body).toMatchObject({ code: 'evidence-refused', message: expect.stringMatching(/by pa-1/) })
  })

  it('refuses evidence of another device (400)', async () => {
    const r = await post(request({ device: 'D1', events: [d2.emit(DAY1, 'test.noted', {}, false)] }))
    expect(r.status).toBe(400)
    expect(r.body.message).toMatch(/device.enrolled or staff.totp-enrolled event of device D1/)
  })

  it("issues a token on the device's own enrolment and an admin's login enrolment made on it; they sync with it", async () => {
    // the postmaster set D3 up and enrolled pa-1's login on it, all offline: the server has seen none of it
    const d3 = signingDevice('D3', 'pm-1')
    const evidence = [d3.enrol(DAY1, 'enrol-D3', CODES.D3!), totpEnrolled('cred-d3', 'pa-1', 'D3', d3)]
    expect((await post(request({ device: 'D3' }))).body.code).toBe('unknown-device')
    const r = await post(request({ device: 'D3', events: evidence }))
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ staff: 'pa-1', device: 'D3', role: 'postal-assistant' })
    await saved([...evidence, d3.emit(DAY1)], r.body.token as string)
    // now journaled: the same device asks with no evidence
    expect((await post(request({ device: 'D3' }))).status).toBe(200)
  })
})
