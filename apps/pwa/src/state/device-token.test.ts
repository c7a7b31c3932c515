import 'fake-indexeddb/auto'
import { type DakEvent, encodeSignedQr, loginClaim, verifySignedQr } from '@dak/core'
import { dayRoom } from '@dak/core/yjs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { getMeta, setMeta } from './db.ts'
import { localEvidence, selectEvidence } from './device-evidence.ts'
import { clearDeviceKey, type DeviceKey, loadOrCreateDeviceKey } from './device-key.ts'
import { requestDeviceToken, requestDeviceTokenWithEvidence } from './device-token.ts'
import { openRoom } from './room.ts'
import { fetchToken, restoreSession, type Session, session } from './session.ts'

const T0 = Date.UTC(2026, 10, 30, 6, 0, 0)
const base: Session = {
  staff: 'ho-spm',
  office: 'nandyal-ho',
  device: 'dev-ho-treasury',
  since: T0,
  token: null,
  tokenExp: null,
}

interface Call {
  readonly url: string
  readonly body: Record<string, unknown>
}

/** A server double: `/api/token` answers `totp`, `/api/device-token` checks the signature against `key`. */
function server(
  key: DeviceKey,
  totp: { status: number; body: unknown } | 'offline',
  device = 'ok',
  refuseEvidence = false,
) {
  const calls: Call[] = []
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
  const fake = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = String(input)
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>
    calls.push({ url, body })
    if (url === '/api/token') {
      if (totp === 'offline') throw new TypeError('Failed to fetch')
      return json(totp.status, totp.body)
    }
    if (device !== 'ok') return json(403, { code: device, message: `refused: ${device}` })
    if (refuseEvidence && body.events) return json(403, { code: 'evidence-refused', message: 'code expired' })
    // what the server does: rebuild core's login claim from the fields and check the device key signed it
    const claim = loginClaim({
      office: String(body.office),
      staff: String(body.staff),
      device: String(body.device),
      challenge: String(body.nonce),
      now: Number(body.at),
    })
    const text = encodeSignedQr(claim, new Uint8Array(Buffer.from(String(body.sig), 'base64url')))
    const verified = verifySignedQr(text, () => key.publicKey, Number(body.at))
    if (!verified.ok) return json(401, { code: 'bad-signature', message: verified.error.message })
    return json(200, { token: `device-token-for-${body.staff}`, exp: Number(body.at) + 3_600_000 })
  }
  return { calls, fetch: fake as typeof fetch }
}

let key: DeviceKey
beforeEach(async () => {
  key = await loadOrCreateDeviceKey({ now: () => T0 })
  session.value = base
  await setMeta('session', base)
})
afterEach(async () => {
  vi.unstubAllGlobals()
  await clearDeviceKey()
})

describe('sync token fallback: proved by the device key when the TOTP route gives none', () => {
  it('a code the server cannot check gets a token signed for by the device key', async () => {
    const s = server(key, { status: 401, body: { code: 'totp-invalid', message: 'no' } })
    expect(await fetchToken('123456', { fetch: s.fetch })).toBe('device-token-for-ho-spm')
    expect(s.calls.map((c) => c.url)).toEqual(['/api/token', '/api/device-token'])
    const sent = s.calls[1]!.body
    expect(sent).toMatchObject({ office: 'nandyal-ho', staff: 'ho-spm', device: 'dev-ho-treasury' })
    expect(sent.nonce).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(session.value?.token).toBe('device-token-for-ho-spm')
    expect((await getMeta<Session>('session'))?.token).toBe('device-token-for-ho-spm')
  })

  it('a TOTP-checked token is used as it is, with no device-token request', async () => {
    const s = server(key, { status: 200, body: { token: 'totp-token', exp: T0 + 1000 } })
    expect(await fetchToken('123456', { fetch: s.fetch })).toBe('totp-token')
    expect(s.calls.map((c) => c.url)).toEqual(['/api/token'])
    expect(session.value).toMatchObject({ token: 'totp-token', tokenExp: T0 + 1000 })
  })

  it('offline: no token and no second request; the session works on this device', async () => {
    const s = server(key, 'offline')
    expect(await fetchToken('123456', { fetch: s.fetch })).toBeNull()
    expect(s.calls.map((c) => c.url)).toEqual(['/api/token'])
    expect(session.value?.token).toBeNull()
  })

  it("the server's refusal leaves the session without a token and says why", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const s = server(key, { status: 401, body: { code: 'totp-invalid' } }, 'no-credential')
    expect(await fetchToken('123456', { fetch: s.fetch })).toBeNull()
    expect(session.value?.token).toBeNull()
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('refused: no-credential'))
    warn.mockRestore()
  })

  it('a device with no key yet does not ask', async () => {
    await clearDeviceKey()
    const s = server(key, { status: 401, body: {} })
    const r = await requestDeviceToken({ ...base, key: undefined, fetch: s.fetch })
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'no-device-key' }) })
    expect(s.calls).toEqual([])
  })

  it('a restored session whose token expired gets a fresh one when online', async () => {
    await setMeta('session', { ...base, token: 'old', tokenExp: T0 - 1 })
    const s = server(key, 'offline')
    vi.stubGlobal('navigator', { onLine: true })
    vi.stubGlobal('fetch', s.fetch)
    const restored = await restoreSession(T0)
    expect(restored?.token).toBe('device-token-for-ho-spm')
    expect(s.calls.map((c) => c.url)).toEqual(['/api/device-token'])
    // a live token is kept, with no request
    const again = server(key, 'offline')
    vi.stubGlobal('fetch', again.fetch)
    expect((await restoreSession(T0))?.token).toBe('device-token-for-ho-spm')
    expect(again.calls).toEqual([])
  })
})

let tick = 0
function event(type: string, device: string, payload: unknown, office = base.office): DakEvent {
  tick++
  return {
    id: `${device}-${tick.toString().padStart(4, '0')}`,
    type,
    v: 1,
    office,
    date: '2026-11-30',
    actor: 'ho-pm',
    device,
    duty: null,
    hlc: `${new Date(T0 + tick * 1000).toISOString()}-0000-${device}`,
    at: T0 + tick * 1000,
    payload,
  }
}

describe('evidence: what a device set up while no token could be had sends along', () => {
  const me = { office: base.office, device: base.device, staff: base.staff }
  const login = (staff: string, devices: string[], by = base.device) =>
    event('staff.totp-enrolled', by, {
      credential: `cred-${staff}-${tick}`,
      staff,
      devices,
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      secretCheck: 'a'.repeat(64),
    })
  const enrolled = (device: string) =>
    event('device.enrolled', device, {
      device,
      label: device,
      publicKey: { alg: 'Ed25519', key: 'A'.repeat(43) },
      enrolment: `enrol-${device}`,
      code: 'ABCDEFGHJKLMNPQR',
    })

  it("keeps only this device's own enrolment and this staff member's logins enrolled on it, made here", () => {
    const mine = [enrolled(base.device), login(base.staff, [base.device])]
    const others = [
      enrolled('dev-other'),
      login(base.staff, ['dev-other']),
      login('ho-pm', [base.device]),
      login(base.staff, [base.device], 'dev-other'),
      { ...login(base.staff, [base.device]), office: 'panem-so' },
      event('day.begun', base.device, {}),
    ]
    expect(selectEvidence([...others, ...mine].reverse(), me)).toEqual(mine)
  })

  it("reads them from the day's journal kept on this device", async () => {
    const mine = [enrolled(base.device), login(base.staff, [base.device])]
    const room = openRoom(dayRoom(base.office, '2020-01-15'))
    await room.loaded
    room.doc.transact(() => {
      for (const e of [...mine, enrolled('dev-other')]) room.doc.getMap('events').set(e.id, e)
    })
    await room.destroy()
    expect(await localEvidence({ ...me, date: '2020-01-15' })).toEqual(mine)
    expect(await localEvidence({ ...me, date: '2020-01-16' })).toEqual([])
  })

  it('sends the evidence, and asks again without it when the server refuses it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const evidence = [enrolled(base.device)]
    const ok = server(key, 'offline')
    const r = await requestDeviceTokenWithEvidence({
      ...me,
      key,
      events: evidence,
      fetch: ok.fetch,
    })
    expect(r.ok).toBe(true)
    expect(ok.calls[0]?.body.events).toEqual(evidence)
    const refusing = server(key, 'offline', 'ok', true)
    const r2 = await requestDeviceTokenWithEvidence({
      ...me,
      key,
      events: evidence,
      fetch: refusing.fetch,
    })
    expect(r2.ok).toBe(true)
    expect(refusing.calls.map((c) => c.body.events)).toEqual([evidence, undefined])
    expect(refusing.calls[0]?.body.nonce).not.toBe(refusing.calls[1]?.body.nonce)
    warn.mockRestore()
  })
})
