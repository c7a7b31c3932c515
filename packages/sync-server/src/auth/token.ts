/**
 * Device tokens: a compact, JWT-shaped `header.claims.signature` string signed with HMAC-SHA256.
 * Short-lived (minutes to hours); the sync server verifies it before any document is touched.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

/** Read-write or read-only access to the granted rooms. */
export type Scope = 'rw' | 'ro'

/** What a token grants. Times are Unix seconds. */
export interface TokenClaims {
  /** Staff id of the person using the device. */
  readonly staff: string
  /** Office id the device belongs to. */
  readonly office: string
  /** Device id (the same id its events carry). */
  readonly device: string
  /** Role name, e.g. `postmaster`, `clerk`, `supervisor`. */
  readonly role: string
  /** Room patterns, e.g. `office/SO123/*` (see `roomMatches`). */
  readonly rooms: readonly string[]
  readonly scope: Scope
  /** Issued at, Unix seconds. */
  readonly iat: number
  /** Expiry, Unix seconds. */
  readonly exp: number
}

/** Why a token was refused. */
export type TokenErrorCode = 'token-missing' | 'token-malformed' | 'token-bad-signature' | 'token-expired'

export interface TokenError {
  readonly code: TokenErrorCode
  readonly message: string
}

export type TokenResult = { ok: true; value: TokenClaims } | { ok: false; error: TokenError }

/** Input of `issueToken`. `ttlSeconds` defaults to 15 minutes; `now` (epoch ms) defaults to the clock. */
export interface IssueTokenInput {
  staff: string
  office: string
  device: string
  role: string
  rooms: readonly string[]
  readOnly?: boolean
  ttlSeconds?: number
  now?: number
}

const HEADER = b64url(Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })))

/** Signs a token with `secret` (at least 32 bytes). */
export function issueToken(secret: Uint8Array, input: IssueTokenInput): string {
  if (secret.length < 32) throw new Error('token secret must be at least 32 bytes')
  const iat = Math.floor((input.now ?? Date.now()) / 1000)
  const claims: TokenClaims = {
    staff: input.staff,
    office: input.office,
    device: input.device,
    role: input.role,
    rooms: [...input.rooms],
    scope: input.readOnly ? 'ro' : 'rw',
    iat,
    exp: iat + (input.ttlSeconds ?? 15 * 60),
  }
  const body = `${HEADER}.${b64url(Buffer.from(JSON.stringify({ sub: claims.staff, ...claims })))}`
  return `${body}.${b64url(sign(secret, body))}`
}

/** Verifies signature, shape and expiry. `now` is epoch ms. */
export function verifyToken(secret: Uint8Array, token: string | null | undefined, now: number): TokenResult {
  if (!token) return fail('token-missing', 'no token: send it as subprotocol `yauth.<token>` or `?token=`')
  const parts = token.split('.')
  if (parts.length !== 3 || parts[0] !== HEADER) {
    return fail('token-malformed', 'token must be `header.claims.signature` with an HS256 header')
  }
  const body = `${parts[0]}.${parts[1]}`
  const given = Buffer.from(parts[2]!, 'base64url')
  const expected = sign(secret, body)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail('token-bad-signature', 'token signature does not match this server; ask for a new token')
  }
  let raw: unknown
  try {
    raw = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'))
  } catch {
    return fail('token-malformed', 'token claims are not JSON')
  }
  const claims = parseClaims(raw)
  if (!claims) return fail('token-malformed', 'token claims lack staff/office/device/role/rooms/scope/exp')
  if (claims.exp * 1000 <= now) return fail('token-expired', 'token expired; refresh it and reconnect')
  return { ok: true, value: claims }
}

/**
 * Does `room` match `pattern`? Segments are split on `/`; a `*` segment matches exactly one segment, except
 * as the last segment, where it matches one or more (so `office/SO123/*` covers every room of SO123).
 */
export function roomMatches(pattern: string, room: string): boolean {
  const p = pattern.split('/')
  const r = room.split('/')
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!
    if (seg === '*' && i === p.length - 1) return r.length > i
    if (i >= r.length) return false
    if (seg !== '*' && seg !== r[i]) return false
  }
  return p.length === r.length
}

/** Does the token grant `room`? */
export function grants(claims: TokenClaims, room: string): boolean {
  return claims.rooms.some((p) => roomMatches(p, room))
}

function parseClaims(raw: unknown): TokenClaims | null {
  if (typeof raw !== 'object' || raw === null) return null
  const c = raw as Record<string, unknown>
  const str = (k: string) => typeof c[k] === 'string' && (c[k] as string).length > 0
  if (!str('staff') || !str('office') || !str('device') || !str('role')) return null
  if (!Array.isArray(c.rooms) || !c.rooms.every((r) => typeof r === 'string')) return null
  if (c.scope !== 'rw' && c.scope !== 'ro') return null
  if (typeof c.exp !== 'number' || typeof c.iat !== 'number') return null
  return {
    staff: c.staff as string,
    office: c.office as string,
    device: c.device as string,
    role: c.role as string,
    rooms: c.rooms as string[],
    scope: c.scope,
    iat: c.iat,
    exp: c.exp,
  }
}

function sign(secret: Uint8Array, body: string): Buffer {
  return createHmac('sha256', secret).update(body).digest()
}

function b64url(b: Buffer): string {
  return b.toString('base64url')
}

function fail(code: TokenErrorCode, message: string): TokenResult {
  return { ok: false, error: { code, message } }
}
