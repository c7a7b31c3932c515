/**
 * The HTTP routes the app needs from the server it is served by, as a `startServer({ http })` hook of
 * `@dak/sync-server`:
 *
 * - `GET /api/reference` → `{ events }`: the office network's reference events (offices, staff, roles,
 *   devices). A device loads them once at set-up and folds them with its journals; they are not written into
 *   the synced documents (every device and the server derive the same reference state from the same pack).
 * - `POST /api/token` with `{ office, staff, device, code }` → `{ token, exp }`: checks the staff member's current
 *   TOTP code against the secret the server holds for them (demo: the printed secrets), then issues a
 *   short-lived sync token for the office's rooms (an HO also gets its sub-offices' rooms).
 *
 * A login enrolled on a device's admin screen has a secret the server does not hold, so this route refuses its
 * code; the app then asks `POST /api/device-token` (`createDeviceTokenHook` of `@dak/sync-server`, served beside
 * these routes), which checks the device's signature instead.
 *
 * Used by the e2e server (`e2e/start-sync.ts`) and the demo start script (`demo-server.ts`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { sendJson as send } from '@dak/sync-server'
import { Secret, TOTP } from 'otpauth'

/** The parts of a reference event these routes read. */
export interface ReferenceEvent {
  readonly type: string
  readonly payload: unknown
}

/** What the hook gets from `@dak/sync-server` (a structural subset of its `HttpContext`). */
export interface TokenIssuer {
  issueToken(input: {
    staff: string
    office: string
    device: string
    role: string
    rooms: readonly string[]
    ttlSeconds?: number
  }): string
}

export interface DemoRoutesOptions {
  /** Reference events, e.g. `demoOffice().events` from `@dak/core`. */
  readonly reference: readonly ReferenceEvent[]
  /** Base32 TOTP secret of each staff id. */
  readonly secrets: Readonly<Record<string, string>>
  /** Token lifetime (default 12 h: one working day, so nobody re-enters a code mid-shift). */
  readonly ttlSeconds?: number
  /** Clock for TOTP checks (tests). */
  readonly now?: () => number
}

interface Registered {
  offices: Map<string, { id: string; accountOffice: string | null }>
  staff: Map<string, { id: string; office: string }>
  roles: Map<string, string[]>
}

function index(reference: readonly ReferenceEvent[]): Registered {
  const r: Registered = { offices: new Map(), staff: new Map(), roles: new Map() }
  for (const e of reference) {
    const p = e.payload as Record<string, string | null>
    if (e.type === 'office.registered')
      r.offices.set(String(p.id), { id: String(p.id), accountOffice: p.accountOffice ?? null })
    if (e.type === 'staff.registered')
      r.staff.set(String(p.id), { id: String(p.id), office: String(p.office) })
    if (e.type === 'role.granted')
      r.roles.set(String(p.staff), [...(r.roles.get(String(p.staff)) ?? []), String(p.role)])
  }
  return r
}

class BodyTooLarge extends Error {}

async function readJson(req: IncomingMessage, limit = 4096): Promise<unknown> {
  let body = ''
  for await (const chunk of req) {
    body += chunk
    if (body.length > limit)
      throw new BodyTooLarge(
        `the body is over ${limit} characters: send only { office, staff, device, code }`,
      )
  }
  return JSON.parse(body)
}

/** Builds the hook. Returns false for any other path so static files and 404s still work. */
export function demoRoutes(options: DemoRoutesOptions) {
  const reg = index(options.reference)
  const now = options.now ?? Date.now
  const lastStep = new Map<string, number>()
  return async (req: IncomingMessage, res: ServerResponse, ctx: TokenIssuer): Promise<boolean> => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path === '/api/reference' && req.method === 'GET')
      return send(res, 200, { events: options.reference })
    if (path !== '/api/token') return false
    if (req.method !== 'POST')
      return send(
        res,
        405,
        { code: 'method-not-allowed', message: 'POST a JSON body { office, staff, device, code } here' },
        { allow: 'POST' },
      )
    let parsed: unknown
    try {
      parsed = await readJson(req)
    } catch (error) {
      if (error instanceof BodyTooLarge) return send(res, 413, { code: 'too-large', message: error.message })
      return send(res, 400, { code: 'bad-json', message: 'send JSON { office, staff, device, code }' })
    }
    const body: Record<string, unknown> =
      typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : {}
    const { office, staff, device, code } = body
    if (
      typeof office !== 'string' ||
      typeof staff !== 'string' ||
      typeof device !== 'string' ||
      typeof code !== 'string'
    )
      return send(res, 400, {
        code: 'bad-request',
        message: 'send JSON { office, staff, device, code } (strings)',
      })
    const person = reg.staff.get(staff)
    const secret = options.secrets[staff]
    if (!person || person.office !== office || !secret)
      return send(res, 403, { code: 'unknown-staff', message: `${staff} is not staff of ${office}` })
    const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 })
    const t = now()
    const delta = totp.validate({ token: code, timestamp: t, window: 1 })
    const step = Math.floor(t / 30_000) + (delta ?? 0)
    if (delta === null || step <= (lastStep.get(staff) ?? -1))
      return send(res, 401, {
        code: 'totp-invalid',
        message: 'the code does not match or was already used; enter the next code',
      })
    lastStep.set(staff, step)
    // own rooms, sub-offices' rooms (HO at a glance), and every office's inbox (pre-advices, cash requests)
    const rooms = [`office/${office}/*`, 'office/*/inbox']
    for (const o of reg.offices.values()) if (o.accountOffice === office) rooms.push(`office/${o.id}/*`)
    const ttl = options.ttlSeconds ?? 12 * 3600
    const role = reg.roles.get(staff)?.[0] ?? 'staff'
    const token = ctx.issueToken({ staff, office, device, role, rooms, ttlSeconds: ttl })
    return send(res, 200, { token, exp: t + ttl * 1000 })
  }
}

/**
 * Deterministic demo TOTP secrets (base32, 160 bits) derived from a seed and the staff id, so the start script
 * can print them and tests can compute codes. Demo only: real secrets are random and enrolled by QR.
 */
export async function demoSecret(seed: string, staff: string): Promise<string> {
  const { createHash } = await import('node:crypto')
  const bytes = createHash('sha256').update(`dak-demo-totp/1\n${seed}\n${staff}`).digest().subarray(0, 20)
  return new Secret({ buffer: Uint8Array.from(bytes).buffer }).base32
}
