/**
 * `POST /api/device-token`: a sync token for an enrolled device, proved by the signing key it enrolled, with no
 * secret held by the server (an opt-in `startServer({ http })` hook).
 *
 * Why: the TOTP route (`POST /api/token`) can only check codes whose secrets the server holds. A login enrolled
 * on a device's admin screen keeps its secret on that device alone (sealed), so without this route such a device
 * works offline only. Here the device signs core's login claim (`loginClaim`, kind `login`, subject = a fresh
 * nonce; `qrSigningPayload`: the `DAK1` prefix plus canonical JSON, so no event signature can be passed off as
 * one) with its non-extractable key, and the server checks, against the office's reference events and the
 * identity registry's record of the office (the devices, revocations, TOTP credentials and role grants it
 * journaled):
 *
 * 1. the device is enrolled in that office and not revoked, and the signature is by its enrolled key;
 * 2. `at` is within `windowMs` of the server clock and the nonce was not used before (replay);
 * 3. the staff member is registered in the office, holds a role there (the token carries the first one granted)
 *    and has an active TOTP credential on that device (an admin journaled it: the staff member was enrolled on
 *    that device's admin screen, so only they can log in on it with that secret).
 *
 * What it cannot check: that the person who unlocked the device typed a right code just now (that check ran on
 * the device, offline). A device is trusted to report its own login, as it is trusted to sign its own events;
 * a revoked device gets nothing. Nonces are remembered in this process only: several server processes behind
 * one address need a shared store for them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  authorize,
  type DakEvent,
  DEVICE_ADMIN,
  deviceKeyLookup,
  encodeSignedQr,
  eventContext,
  fold,
  IDENTITY_EVENTS,
  loginClaim,
  parseEvent,
  type State,
  totpCredentialsFor,
  verifyIncomingEvent,
  verifySignedQr,
} from '@dak/core'
import * as Y from 'yjs'
import { identityRoom, TRUST_EVENT_TYPES } from '../identity-registry.ts'
import type { HttpContext } from '../server.ts'
import type { Storage } from '../storage/storage.ts'
import { JOURNAL_MAP } from '../validate.ts'
import { sendJson as send } from './send-json.ts'

/** The route's default path. */
export const DEVICE_TOKEN_PATH = '/api/device-token'

/** Why a device token was refused; each comes with an HTTP status and a message saying what to do. */
export type DeviceTokenErrorCode =
  | 'method-not-allowed'
  | 'too-large'
  | 'bad-request'
  | 'stale-request'
  | 'replayed-nonce'
  | 'unknown-device'
  | 'wrong-office'
  | 'revoked-device'
  | 'bad-signature'
  | 'unknown-staff'
  | 'no-role'
  | 'no-credential'
  | 'evidence-refused'
  | 'identity-unavailable'

/** A refusal at this HTTP edge: a stable `code`, the HTTP `status` it is sent with, and what to do next. */
export class DeviceTokenError extends Error {
  readonly code: DeviceTokenErrorCode
  readonly status: number
  constructor(code: DeviceTokenErrorCode, status: number, message: string) {
    super(message)
    this.name = 'DeviceTokenError'
    this.code = code
    this.status = status
  }
}

/** The JSON body a device posts. `sig` is base64url of its signature over `deviceTokenPayload(...)`. */
export interface DeviceTokenRequest {
  readonly office: string
  readonly staff: string
  readonly device: string
  /** When the device signed, epoch ms. */
  readonly at: number
  /** 16 to 64 base64url characters, fresh for every request. */
  readonly nonce: string
  readonly sig: string
  /**
   * Optional evidence: this device's own `device.enrolled` and `staff.totp-enrolled` events that may not have
   * reached the server yet (a device set up and given its logins while no token could be had). Each is checked
   * as the server checks an incoming event (signature, one-time code, admin role), except its chain link, and is
   * used for this decision only: it is journaled when the device syncs with the token.
   */
  readonly events?: readonly DakEvent[]
}

/** What the route answers with status 200. `exp` is epoch ms. */
export interface DeviceTokenGrant {
  readonly token: string
  readonly exp: number
  readonly staff: string
  readonly office: string
  readonly device: string
  readonly role: string
  readonly scope: 'rw' | 'ro'
  readonly rooms: readonly string[]
}

export interface DeviceTokenOptions {
  /**
   * The storage the server writes (pass the same object as `startServer({ storage })`): each request reads the
   * office's identity record (`office/<id>/identity`) from it, so an enrolment is seen once it is durable.
   */
  readonly storage?: Storage
  /** Instead of `storage`: each office's trust events (enrolments, revocations, TOTP credentials, grants). */
  readonly trustEvents?: (office: string) => Promise<readonly DakEvent[]>
  /** The reference events of an office (offices, staff, role grants, enrolments of the pack), as the server's. */
  readonly reference?: (office: string) => readonly DakEvent[]
  /** Default `/api/device-token`. */
  readonly path?: string
  /** Token lifetime in seconds (default 3600; the device asks again with no one typing anything). */
  readonly ttlSeconds?: number
  /** How far `at` may be from the server clock, ms (default 2 minutes). */
  readonly windowMs?: number
  /** Roles whose token is read-only (default none: every role of an office writes to its rooms). */
  readonly readOnlyRoles?: readonly string[]
  /** The rooms the token grants (default `deviceTokenRooms`). */
  readonly rooms?: (office: string, state: State) => readonly string[]
  /** Clock, epoch ms (tests). */
  readonly now?: () => number
}

/**
 * The rooms a staff token of `office` grants by default, as the TOTP route does: the office's own rooms, every
 * office's inbox (pre-advices, cash requests) and the rooms of the offices that account to it (an HO sees its
 * sub-offices).
 */
export function deviceTokenRooms(office: string, state: State): string[] {
  const rooms = [`office/${office}/*`, 'office/*/inbox']
  for (const o of Object.values(state.office.offices))
    if (o.accountOffice === office && o.id !== office) rooms.push(`office/${o.id}/*`)
  return rooms
}

/** Checks a request against an office's folded state; returns the grant's parts or throws `DeviceTokenError`. */
export function checkDeviceTokenRequest(
  state: State,
  request: DeviceTokenRequest,
  now: number,
  windowMs: number,
): { staff: string; office: string; device: string; role: string } {
  const { office, staff, device } = request
  const record = state.identity.devices[device]
  if (!record)
    throw new DeviceTokenError(
      'unknown-device',
      403,
      `device ${device} is not enrolled in ${office}: set it up with a one-time code from the postmaster and let its enrolment reach the server (a login whose code the server can check), then ask again`,
    )
  if (record.office !== office)
    throw new DeviceTokenError(
      'wrong-office',
      403,
      `device ${device} is enrolled in ${record.office}, not ${office}: ask for a token of ${record.office}, or enrol the device in ${office}`,
    )
  if (record.revoked)
    throw new DeviceTokenError(
      'revoked-device',
      403,
      `device ${device} was revoked (${record.revoked.reason}): it gets no sync token; enrol it again with a new one-time code`,
    )
  const claim = loginClaim({ office, device, staff, challenge: request.nonce, now: request.at })
  const text = encodeSignedQr(claim, Buffer.from(request.sig, 'base64url'))
  const verified = verifySignedQr(text, deviceKeyLookup(state), now)
  if (!verified.ok && verified.error.code !== 'qr-expired')
    throw new DeviceTokenError(
      'bad-signature',
      401,
      `the signature is not by the key device ${device} enrolled with: sign { office, staff, device, at, nonce } as core's loginClaim with the device key`,
    )
  if (!verified.ok || Math.abs(now - request.at) > windowMs)
    throw new DeviceTokenError(
      'stale-request',
      401,
      `the request was signed at ${new Date(request.at).toISOString()}, more than ${Math.round(windowMs / 1000)} s from the server's clock: set the device's date and time, then sign a new request`,
    )
  const person = state.office.staff[staff]
  if (!person || person.office !== office)
    throw new DeviceTokenError(
      'unknown-staff',
      403,
      `${staff} is not staff of ${office}: log in as staff posted to this office`,
    )
  const grant = state.office.grants.find((g) => g.staff === staff && g.office === office)
  if (!grant)
    throw new DeviceTokenError(
      'no-role',
      403,
      `${staff} holds no role in ${office}: ask the divisional admin to grant one`,
    )
  if (totpCredentialsFor(state, staff, device).length === 0)
    throw new DeviceTokenError(
      'no-credential',
      403,
      `${staff} has no TOTP login enrolled on device ${device}: enrol it on this device's admin screen (Devices and logins) and let it sync`,
    )
  return { staff, office, device, role: grant.role }
}

/** Parses and shape-checks the body; throws `DeviceTokenError` (400) naming what is accepted. */
export function parseDeviceTokenRequest(raw: unknown): DeviceTokenRequest {
  const bad = (why: string) =>
    new DeviceTokenError(
      'bad-request',
      400,
      `${why}: send JSON { office, staff, device, at (epoch ms), nonce (16-64 base64url characters), sig (base64url) }`,
    )
  if (typeof raw !== 'object' || raw === null) throw bad('the body is not a JSON object')
  const b = raw as Record<string, unknown>
  for (const k of ['office', 'staff', 'device'] as const) {
    const v = b[k]
    if (typeof v !== 'string' || v.length === 0 || v.length > 128)
      throw bad(`${k} must be a non-empty string`)
  }
  if (typeof b.at !== 'number' || !Number.isSafeInteger(b.at)) throw bad('at must be an integer')
  if (typeof b.nonce !== 'string' || !/^[A-Za-z0-9_-]{16,64}$/.test(b.nonce)) throw bad('nonce is malformed')
  if (typeof b.sig !== 'string' || !/^[A-Za-z0-9_-]{40,200}$/.test(b.sig)) throw bad('sig is malformed')
  const request = {
    office: b.office as string,
    staff: b.staff as string,
    device: b.device as string,
    at: b.at,
    nonce: b.nonce,
    sig: b.sig,
  }
  if (b.events === undefined) return request
  if (!Array.isArray(b.events) || b.events.length > MAX_EVIDENCE)
    throw bad(`events must be an array of at most ${MAX_EVIDENCE} events`)
  const events = b.events.map((raw, i) => {
    const parsed = parseEvent(raw)
    if (!parsed.ok) throw bad(`events[${i}] is not a valid event (${parsed.error.message})`)
    const e = parsed.value
    if (!EVIDENCE_TYPES.has(e.type) || e.device !== request.device || e.office !== request.office)
      throw bad(
        `events[${i}] must be a device.enrolled or staff.totp-enrolled event of device ${request.device} in ${request.office}`,
      )
    return e
  })
  return { ...request, events }
}

/** At most this many evidence events per request (an enrolment and a few logins). */
const MAX_EVIDENCE = 8
const EVIDENCE_TYPES: ReadonlySet<string> = new Set([
  IDENTITY_EVENTS.deviceEnrolled,
  IDENTITY_EVENTS.totpEnrolled,
])
const IDENTITY_TYPES: ReadonlySet<string> = new Set(Object.values(IDENTITY_EVENTS))

/**
 * Folds the request's evidence into `known` (reference and registry events): each event in (hlc, id) order is
 * checked against the state so far by core's `verifyIncomingEvent`; a chain issue is not held against it (its
 * predecessors are in a day room this check does not read), but the admin role it would then have skipped is
 * checked here, as the server does for late entries. Throws `evidence-refused` naming the event and the reason.
 */
export function foldWithEvidence(
  known: readonly DakEvent[],
  evidence: readonly DakEvent[],
  now: number,
): State {
  const ids = new Set(known.map((e) => e.id))
  const fresh = evidence.filter((e) => !ids.has(e.id))
  if (fresh.length === 0) return fold(known)
  const accepted: DakEvent[] = []
  let state = fold(known)
  for (const e of [...fresh].sort((a, b) =>
    a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.id < b.id ? -1 : 1,
  )) {
    const r = verifyIncomingEvent(state, e, { now })
    if (!r.ok && !r.error.code.startsWith('chain-'))
      throw new DeviceTokenError(
        'evidence-refused',
        403,
        `${e.type} ${e.id} was refused (${r.error.code}: ${r.error.message}); let the device sync it with another login, or enrol it again`,
      )
    if (!r.ok && IDENTITY_TYPES.has(e.type) && state.office.grants.length > 0) {
      const refused = authorize(state, eventContext(e), DEVICE_ADMIN)
      if (refused)
        throw new DeviceTokenError(
          'evidence-refused',
          403,
          `${e.type} ${e.id} by ${e.actor} was refused: ${refused.message}`,
        )
    }
    accepted.push(e)
    state = fold([...known, ...accepted])
  }
  return state
}

/** Reads an office's trust events from the identity registry's stored record. */
export async function storedTrustEvents(storage: Storage, office: string): Promise<DakEvent[]> {
  const stored = await storage.load(identityRoom(office))
  const doc = new Y.Doc({ gc: true })
  try {
    Y.transact(doc, () => {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot.state)
      for (const u of stored.tail) Y.applyUpdate(doc, u.update)
    })
    const out: DakEvent[] = []
    for (const raw of doc.getMap<unknown>(JOURNAL_MAP).values()) {
      const e = (typeof raw === 'string' ? safeJson(raw) : raw) as DakEvent | null
      if (e && typeof e.id === 'string' && TRUST_EVENT_TYPES.has(e.type) && e.office === office) out.push(e)
    }
    return out
  } finally {
    doc.destroy()
  }
}

/** Remembers nonces until their request could no longer pass the time check anyway. */
function createNonceBook() {
  const seen = new Map<string, number>()
  let swept = 0
  return {
    used: (key: string) => seen.has(key),
    remember(key: string, until: number, now: number): void {
      if (now - swept > 1000) {
        swept = now
        for (const [k, t] of seen) if (t < now) seen.delete(k)
      }
      seen.set(key, until)
    },
  }
}

/** Builds the hook. Other paths return false, so it composes with other routes, static files and 404s. */
export function createDeviceTokenHook(
  options: DeviceTokenOptions,
): (req: IncomingMessage, res: ServerResponse, ctx: HttpContext) => Promise<boolean> {
  const path = options.path ?? DEVICE_TOKEN_PATH
  const now = options.now ?? Date.now
  const windowMs = options.windowMs ?? 2 * 60_000
  const ttl = options.ttlSeconds ?? 3600
  const readOnly = new Set(options.readOnlyRoles ?? [])
  const roomsOf = options.rooms ?? deviceTokenRooms
  const storage = options.storage
  const trust =
    options.trustEvents ?? (storage ? (office: string) => storedTrustEvents(storage, office) : null)
  if (!trust) throw new Error('createDeviceTokenHook needs `storage` (the server writes) or `trustEvents`')
  const nonces = createNonceBook()

  const grant = async (raw: unknown, ctx: HttpContext): Promise<DeviceTokenGrant> => {
    const request = parseDeviceTokenRequest(raw)
    const t = now()
    // checked before any storage read: a replay costs nothing
    const key = `${request.device}\n${request.nonce}`
    if (nonces.used(key))
      throw new DeviceTokenError(
        'replayed-nonce',
        409,
        'this nonce was already used: sign a new request with a fresh random nonce',
      )
    let events: readonly DakEvent[]
    try {
      events = await trust(request.office)
    } catch (error) {
      ctx.log('error', 'device-token-identity-failed', { office: request.office, error: String(error) })
      throw new DeviceTokenError(
        'identity-unavailable',
        503,
        `the devices of ${request.office} could not be read; try again shortly`,
      )
    }
    const known = [...(options.reference?.(request.office) ?? []), ...events]
    const state = request.events ? foldWithEvidence(known, request.events, t) : fold(known)
    const who = checkDeviceTokenRequest(state, request, t, windowMs)
    // only a request signed by the device spends its nonce; kept until it would be stale anyway
    if (nonces.used(key))
      throw new DeviceTokenError('replayed-nonce', 409, 'this nonce was already used: sign a new request')
    nonces.remember(key, request.at + windowMs, t)
    const rooms = roomsOf(who.office, state)
    const scope = readOnly.has(who.role) ? 'ro' : 'rw'
    const token = ctx.issueToken({ ...who, rooms, readOnly: scope === 'ro', ttlSeconds: ttl, now: t })
    return { token, exp: Math.floor(t / 1000) * 1000 + ttl * 1000, ...who, scope, rooms }
  }

  return async (req, res, ctx) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== path) return false
    try {
      if (req.method !== 'POST')
        throw new DeviceTokenError('method-not-allowed', 405, `POST a JSON body to ${path}`)
      const body = await readJson(req)
      const granted = await grant(body, ctx)
      ctx.log('info', 'device-token-issued', {
        office: granted.office,
        staff: granted.staff,
        device: granted.device,
        role: granted.role,
        scope: granted.scope,
      })
      return send(res, 200, granted)
    } catch (error) {
      if (!(error instanceof DeviceTokenError)) throw error
      ctx.log('info', 'device-token-refused', { code: error.code })
      const allow: Record<string, string> = error.status === 405 ? { allow: 'POST' } : {}
      return send(res, error.status, { code: error.code, message: error.message }, allow)
    }
  }
}

async function readJson(req: IncomingMessage, limit = 32 * 1024): Promise<unknown> {
  let body = ''
  for await (const chunk of req) {
    body += chunk
    if (body.length > limit)
      throw new DeviceTokenError(
        'too-large',
        413,
        `the body is over ${limit} bytes: send only the request fields`,
      )
  }
  const parsed = safeJson(body)
  if (parsed === null)
    throw new DeviceTokenError('bad-request', 400, 'the body is not JSON: send a JSON object')
  return parsed
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
