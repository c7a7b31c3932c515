import { signal } from '@preact/signals'
import { Secret, TOTP } from 'otpauth'
import { deleteMeta, getMeta, setMeta } from './db.ts'

/** Who is logged in on this device, and the sync token the server issued (kept in IndexedDB, never localStorage). */
export interface Session {
  readonly staff: string
  readonly office: string
  readonly device: string
  readonly since: number
  readonly token: string | null
  readonly tokenExp: number | null
}

export const session = signal<Session | null>(null)

const SESSION = 'session'
const totpKey = (staff: string) => `totp:${staff}`
const guardKey = (staff: string) => `login-guard:${staff}`

/** A TOTP secret kept on this device for a staff member (enrolled once; offline login checks codes with it). */
interface TotpEnrolment {
  readonly secret: string
  lastStep: number
}

interface Guard {
  failures: number
  lockedUntil: number | null
}

export type LoginError =
  | { code: 'not-enrolled' }
  | { code: 'secret-invalid' }
  | { code: 'totp-invalid' }
  | { code: 'totp-replayed' }
  | { code: 'locked-out'; retryAt: number }

const MAX_FAILURES = 5
const LOCKOUT_MS = 15 * 60_000

export async function restoreSession(): Promise<Session | null> {
  const s = (await getMeta<Session>(SESSION)) ?? null
  session.value = s
  return s
}

export async function isEnrolled(staff: string): Promise<boolean> {
  return (await getMeta<TotpEnrolment>(totpKey(staff))) !== undefined
}

/**
 * Logs a staff member in with a TOTP code, checked on this device (works offline): a ±1 step window, a code
 * from an already used step refused (replay), five wrong codes lock the login for 15 minutes. On first login on
 * this device the staff member also enters their secret (from the enrolment QR or the demo sheet).
 */
export async function login(input: {
  staff: string
  office: string
  device: string
  code: string
  secret?: string
  now?: number
}): Promise<{ ok: true } | { ok: false; error: LoginError }> {
  const now = input.now ?? Date.now()
  const guard = (await getMeta<Guard>(guardKey(input.staff))) ?? { failures: 0, lockedUntil: null }
  if (guard.lockedUntil !== null && now < guard.lockedUntil)
    return { ok: false, error: { code: 'locked-out', retryAt: guard.lockedUntil } }
  let enrolment = await getMeta<TotpEnrolment>(totpKey(input.staff))
  if (!enrolment) {
    const secret = input.secret?.replace(/\s+/g, '').toUpperCase()
    if (!secret) return { ok: false, error: { code: 'not-enrolled' } }
    try {
      Secret.fromBase32(secret)
    } catch {
      return { ok: false, error: { code: 'secret-invalid' } }
    }
    if (!/^[A-Z2-7]{16,}=*$/.test(secret)) return { ok: false, error: { code: 'secret-invalid' } }
    enrolment = { secret, lastStep: -1 }
  }
  const totp = new TOTP({
    secret: Secret.fromBase32(enrolment.secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  })
  const delta = totp.validate({ token: input.code.trim(), timestamp: now, window: 1 })
  const step = Math.floor(now / 30_000) + (delta ?? 0)
  if (delta === null || step <= enrolment.lastStep) {
    const failures = guard.failures + 1
    await setMeta(guardKey(input.staff), {
      failures: failures >= MAX_FAILURES ? 0 : failures,
      lockedUntil: failures >= MAX_FAILURES ? now + LOCKOUT_MS : null,
    })
    return { ok: false, error: { code: delta === null ? 'totp-invalid' : 'totp-replayed' } }
  }
  await setMeta(totpKey(input.staff), { secret: enrolment.secret, lastStep: step })
  await setMeta(guardKey(input.staff), { failures: 0, lockedUntil: null })
  const s: Session = {
    staff: input.staff,
    office: input.office,
    device: input.device,
    since: now,
    token: null,
    tokenExp: null,
  }
  await setMeta(SESSION, s)
  session.value = s
  // Ask the browser not to evict this device's journals (unsynced postings live there).
  void navigator.storage?.persist?.()
  return { ok: true }
}

/** Exchanges a fresh TOTP code for a sync token (online only); the session keeps working offline without it. */
export async function fetchToken(code: string): Promise<string | null> {
  const s = session.value
  if (!s) return null
  try {
    const res = await fetch('/api/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ office: s.office, staff: s.staff, device: s.device, code }),
    })
    if (!res.ok) return null
    const body = (await res.json()) as { token: string; exp: number }
    const next = { ...s, token: body.token, tokenExp: body.exp }
    await setMeta(SESSION, next)
    session.value = next
    return body.token
  } catch {
    return null
  }
}

export async function logout(): Promise<void> {
  await deleteMeta(SESSION)
  session.value = null
}
