import type { DakEvent } from '@dak/core'
import { signal } from '@preact/signals'
import { Secret } from 'otpauth/slim'
import { businessDate } from '../i18n/format.ts'
import { deleteMeta, getMeta, setMeta } from './db.ts'
import { loadDeviceKey } from './device-key.ts'
import type { LoginAttemptError, LoginGuardStore, TotpCredential } from './login-guard-store.ts'
import type { SealedBox, SecretBox } from './secret-box.ts'
import type { TokenRenewal } from './token-refresh.ts'

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
/** A TOTP secret kept on this device for a staff member (enrolled once; offline login checks codes with it). */
export interface TotpEnrolment {
  readonly secret: string
  lastStep: number
}

/** How it is stored: the secret sealed with the device's AES-GCM key (`secret-box.ts`), the last step in clear. */
interface StoredTotp {
  readonly box: SealedBox
  readonly lastStep: number
}

/** Before the secret box, enrolments were stored with the secret in plain text; they are sealed on first read. */
interface PlainTotp {
  readonly secret: string
  readonly lastStep: number
}

// Loaded on first use (a login), so the first load stays within its budget.
let secretBox: Promise<SecretBox> | null = null
const box = (): Promise<SecretBox> => {
  secretBox ??= import('./secret-box.ts').then((m) => m.createSecretBox())
  return secretBox
}

/** Seals and stores a staff member's TOTP secret on this device (login, or the admin's enrolment screen). */
export async function saveTotpEnrolment(staff: string, secret: string, lastStep = -1): Promise<void> {
  const stored: StoredTotp = { box: await (await box()).seal(secret, totpKey(staff)), lastStep }
  await setMeta(totpKey(staff), stored)
}

/**
 * The staff member's enrolment on this device, opened from its sealed record. A plain-text record left by an
 * older version is sealed in place on this first read (migration). A record that no longer opens (the key was
 * cleared, or the record was copied from another device) counts as not enrolled: the secret must be entered again.
 */
export async function readTotpEnrolment(staff: string): Promise<TotpEnrolment | undefined> {
  const held = await getMeta<StoredTotp | PlainTotp>(totpKey(staff))
  if (!held) return undefined
  if ('secret' in held && typeof held.secret === 'string') {
    await saveTotpEnrolment(staff, held.secret, held.lastStep)
    return { secret: held.secret, lastStep: held.lastStep }
  }
  if (!('box' in held)) return undefined
  // `open` refuses a record of another version or shape as a value
  const opened = await (await box()).open(held.box, totpKey(staff))
  if (!opened.ok) {
    console.warn(opened.error.message)
    return undefined
  }
  return { secret: opened.value, lastStep: held.lastStep }
}

export type LoginError =
  | { code: 'not-enrolled'; message?: string }
  | { code: 'secret-invalid'; message?: string }
  | LoginAttemptError

// Core's login guard (five wrong codes lock the login, the lockout doubling up to a day) and the last used step,
// kept in IndexedDB and updated in one transaction per attempt: a reload or a second tab resets nothing.
// Loaded when a login is submitted, or on idle on the login screen (`preloadLogin`): not in the first load.
let guards: Promise<LoginGuardStore> | null = null
const guardStore = (): Promise<LoginGuardStore> => {
  guards ??= import('./login-guard-store.ts').then((m) =>
    m.createLoginGuardStore({
      credentialOf: async (staff) => {
        const e = await readTotpEnrolment(staff)
        return e && { secret: e.secret, lastUsedStep: e.lastStep < 0 ? null : e.lastStep }
      },
    }),
  )
  guards.catch(() => {
    guards = null // not cached yet and offline: tried again at the next attempt
  })
  return guards
}

/** Warms the login's code check (the login screen calls it once painted, so a submit does not wait for it). */
export function preloadLogin(): void {
  void guardStore().catch(() => undefined)
}

/**
 * The session kept on this device. Online, a session whose token is missing or expired gets a fresh one proved
 * by the device key (`fetchDeviceToken`, bounded to a few seconds), so a reload does not leave it offline-only.
 */
export async function restoreSession(now = Date.now()): Promise<Session | null> {
  const s = (await getMeta<Session>(SESSION)) ?? null
  session.value = s
  const stale = s !== null && (s.token === null || (s.tokenExp ?? 0) <= now)
  if (stale && globalThis.navigator?.onLine) await fetchDeviceToken({ now, timeoutMs: 3000 })
  return session.value
}

export async function isEnrolled(staff: string): Promise<boolean> {
  return (await readTotpEnrolment(staff)) !== undefined
}

/**
 * Logs a staff member in with a TOTP code, checked on this device (works offline): a ±1 step window, a code
 * from an already used step refused (replay), repeated wrong codes lock the login (core's login guard). On
 * first login on this device the staff member also enters their secret (from the enrolment QR or the demo sheet).
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
  const enrolled = await readTotpEnrolment(input.staff)
  let typed: TotpCredential | undefined
  if (!enrolled) {
    const locked = await (await guardStore()).lockedOut(input.staff, now)
    if (locked) return { ok: false, error: locked }
    const secret = input.secret?.replace(/\s+/g, '').toUpperCase()
    if (!secret) return { ok: false, error: { code: 'not-enrolled' } }
    if (!/^[A-Z2-7]{16,}=*$/.test(secret)) return { ok: false, error: { code: 'secret-invalid' } }
    try {
      Secret.fromBase32(secret)
    } catch {
      return { ok: false, error: { code: 'secret-invalid' } }
    }
    typed = { secret, lastUsedStep: null }
  }
  const r = await (await guardStore()).attempt(input.staff, input.code, now, typed)
  if (!r.ok) return { ok: false, error: r.error }
  const secret = enrolled?.secret ?? typed?.secret
  if (typeof secret === 'string') await saveTotpEnrolment(input.staff, secret, r.value.step)
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

/**
 * Exchanges a fresh TOTP code for a sync token (online only); the session keeps working offline without it.
 * When the server cannot check the code (a login enrolled on this device's admin screen keeps its secret here
 * only) or refuses it, falls back to a token proved by this device's key (`fetchDeviceToken`).
 */
export async function fetchToken(
  code: string,
  options: { fetch?: typeof fetch } = {},
): Promise<string | null> {
  const s = session.value
  if (!s) return null
  const post = options.fetch ?? fetch
  let res: Response
  try {
    res = await post('/api/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ office: s.office, staff: s.staff, device: s.device, code }),
    })
  } catch {
    return null // offline: the session works on this device and gets its token at the next login
  }
  const body = res.ok
    ? ((await res.json().catch(() => null)) as { token?: unknown; exp?: unknown } | null)
    : null
  if (typeof body?.token === 'string' && typeof body.exp === 'number')
    return keepToken(s, body.token, body.exp)
  return fetchDeviceToken({ fetch: post })
}

/**
 * Asks for a sync token proved by this device's enrolled key (`POST /api/device-token`) for the logged-in staff
 * member, with the evidence of today's journal kept here (its own enrolment and login enrolments, for a device set
 * up while no token could be had), and keeps it in the session. Null when there is no session or the server refuses (the refusal is
 * logged: it says what to do, e.g. enrol the login on this device's admin screen) or cannot be reached.
 */
export async function fetchDeviceToken(
  options: { fetch?: typeof fetch; now?: number; timeoutMs?: number; events?: readonly DakEvent[] } = {},
): Promise<string | null> {
  const r = await renewDeviceToken(options)
  if (r.ok) return r.token
  if (r.error.code !== 'offline') console.warn(`no sync token for this device: ${r.error.message}`)
  return null
}

/**
 * `fetchDeviceToken` with the reason when no token comes (`offline`, the server's refusal code and status, or
 * `no-session`): what the token refresher needs to choose between retrying and telling the person.
 */
export async function renewDeviceToken(
  options: { fetch?: typeof fetch; now?: number; timeoutMs?: number; events?: readonly DakEvent[] } = {},
): Promise<TokenRenewal> {
  const s = session.value
  if (!s) return { ok: false, error: { code: 'no-session', message: 'nobody is logged in on this device' } }
  const post = options.fetch ?? fetch
  const abort = options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined
  try {
    const now = options.now ?? Date.now()
    const who = { office: s.office, staff: s.staff, device: s.device }
    // the day's journal on this device may hold its enrolment and logins the server has not seen yet
    // loaded on demand: a token is asked for at a login, at start-up when stale, and before it expires
    const [{ requestDeviceTokenWithEvidence }, { localEvidence }] = await Promise.all([
      import('./device-token.ts'),
      import('./device-evidence.ts'),
    ])
    const events =
      options.events ?? (await localEvidence({ ...who, date: businessDate(now) }).catch(() => []))
    const r = await requestDeviceTokenWithEvidence({
      ...who,
      key: await loadDeviceKey(),
      now,
      events,
      fetch: abort ? (url, init) => post(url, { ...init, signal: abort }) : post,
    })
    if (!r.ok) return { ok: false, error: r.error }
    // the session may have changed (logout, another login) while the request was out
    if (session.value !== s && session.value?.staff !== s.staff)
      return { ok: false, error: { code: 'no-session', message: 'the session changed while asking' } }
    await keepToken(session.value ?? s, r.value.token, r.value.exp)
    return { ok: true, token: r.value.token, exp: r.value.exp }
  } catch (error) {
    return { ok: false, error: { code: 'renew-failed', message: String(error) } }
  }
}

async function keepToken(s: Session, token: string, exp: number): Promise<string> {
  const next = { ...s, token, tokenExp: exp }
  await setMeta(SESSION, next)
  session.value = next
  return token
}

export async function logout(): Promise<void> {
  await deleteMeta(SESSION)
  session.value = null
}
