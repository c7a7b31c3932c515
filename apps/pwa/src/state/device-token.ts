/**
 * A sync token proved by this device's key (the server's `POST /api/device-token`), for a login whose TOTP secret
 * only this device holds (enrolled on its admin screen): the server cannot check the code, but it can check that
 * the request is signed by the key this device enrolled with, that the device is not revoked, and that the staff
 * member holds a role and a TOTP login on this device. Loaded on demand (only when the TOTP route gave nothing).
 */
import { type DakEvent, IDENTITY_EVENTS, loginClaim, qrSigningPayload } from '@dak/core'
import { dayRoom } from '@dak/core/yjs'
import { type DeviceKey, loadDeviceKey } from './device-key.ts'
import { openRoom } from './room.ts'

/** What the server answers (a subset: the token and its expiry, epoch ms). */
export interface DeviceTokenAnswer {
  readonly token: string
  readonly exp: number
}

/** Why no token came: the server's typed refusal, no key on this device, or no network. */
export type DeviceTokenFailure =
  | { readonly code: 'no-device-key'; readonly message: string }
  | { readonly code: 'offline'; readonly message: string }
  | { readonly code: string; readonly message: string; readonly status: number }

export interface DeviceTokenInput {
  readonly office: string
  readonly staff: string
  readonly device: string
  /** Default: this device's stored key (none before set-up). */
  readonly key?: DeviceKey
  readonly now?: number
  /** Default: 16 random bytes from `crypto.getRandomValues`. */
  readonly nonce?: string
  readonly fetch?: typeof fetch
  /** This device's own enrolment and login-enrolment events the server may not have seen (see `localEvidence`). */
  readonly events?: readonly DakEvent[]
}

function base64Url(bytes: Uint8Array): string {
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** The request body: core's login claim over a fresh nonce, signed with the device key (non-extractable). */
export async function signDeviceTokenRequest(
  key: DeviceKey,
  input: { office: string; staff: string; device: string; now: number; nonce: string },
) {
  const claim = loginClaim({
    office: input.office,
    staff: input.staff,
    device: input.device,
    challenge: input.nonce,
    now: input.now,
  })
  const sig = base64Url(await key.signer(qrSigningPayload(claim)))
  return {
    office: input.office,
    staff: input.staff,
    device: input.device,
    at: input.now,
    nonce: input.nonce,
    sig,
  }
}

/** Asks the server for a token proved by this device's key. Never throws: a failure says why. */
export async function requestDeviceToken(
  input: DeviceTokenInput,
): Promise<{ ok: true; value: DeviceTokenAnswer } | { ok: false; error: DeviceTokenFailure }> {
  const key = input.key ?? (await loadDeviceKey())
  if (!key)
    return {
      ok: false,
      error: { code: 'no-device-key', message: 'this device has no key yet: set it up with a one-time code' },
    }
  const signed = await signDeviceTokenRequest(key, {
    office: input.office,
    staff: input.staff,
    device: input.device,
    now: input.now ?? Date.now(),
    nonce: input.nonce ?? base64Url(crypto.getRandomValues(new Uint8Array(16))),
  })
  const body = input.events && input.events.length > 0 ? { ...signed, events: input.events } : signed
  let res: Response
  try {
    res = await (input.fetch ?? fetch)('/api/device-token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  } catch {
    return {
      ok: false,
      error: { code: 'offline', message: 'the server could not be reached; try again online' },
    }
  }
  const answer = (await res.json().catch(() => null)) as Record<string, unknown> | null
  if (res.ok && typeof answer?.token === 'string' && typeof answer.exp === 'number')
    return { ok: true, value: { token: answer.token, exp: answer.exp } }
  return {
    ok: false,
    error: {
      code: typeof answer?.code === 'string' ? answer.code : 'http-error',
      message: typeof answer?.message === 'string' ? answer.message : `the server answered ${res.status}`,
      status: res.status,
    },
  }
}

/** At most this many evidence events go with a request (the server takes 8). */
const MAX_EVIDENCE = 8

/**
 * The evidence among journal events: `device.enrolled` of this device and `staff.totp-enrolled` of this staff
 * member naming this device, both made by this device (an admin logged in on it), the latest 8.
 */
export function selectEvidence(
  events: Iterable<DakEvent>,
  who: { readonly office: string; readonly device: string; readonly staff: string },
): DakEvent[] {
  const out: DakEvent[] = []
  for (const e of events) {
    if (e.device !== who.device || e.office !== who.office) continue
    const p = e.payload as { device?: unknown; staff?: unknown; devices?: unknown }
    const enrolment = e.type === IDENTITY_EVENTS.deviceEnrolled && p.device === who.device
    const login =
      e.type === IDENTITY_EVENTS.totpEnrolled &&
      p.staff === who.staff &&
      Array.isArray(p.devices) &&
      p.devices.includes(who.device)
    if (enrolment || login) out.push(e)
  }
  return out.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0)).slice(-MAX_EVIDENCE)
}

/**
 * The evidence kept in this device's copy of the office day `date` (IndexedDB): what a device set up while no
 * token could be had journaled (its enrolment, the logins an admin enrolled on it) and could not send yet.
 */
export async function localEvidence(who: {
  readonly office: string
  readonly device: string
  readonly staff: string
  readonly date: string
}): Promise<DakEvent[]> {
  const room = openRoom(dayRoom(who.office, who.date))
  try {
    await room.loaded
    return selectEvidence(room.journal.events(), who)
  } finally {
    await room.destroy()
  }
}

/**
 * `requestDeviceToken` with this device's evidence from the day `date`; when the server refuses the evidence
 * (say an enrolment code that expired meanwhile) it asks once more without it, in case it already knows enough.
 */
export async function requestDeviceTokenWithEvidence(
  input: DeviceTokenInput & { readonly date: string },
): ReturnType<typeof requestDeviceToken> {
  const events = input.events ?? (await localEvidence(input).catch(() => []))
  const first = await requestDeviceToken({ ...input, events })
  if (first.ok || events.length === 0 || first.error.code !== 'evidence-refused') return first
  console.warn(`device-token evidence refused: ${first.error.message}`)
  return requestDeviceToken({ ...input, events: [] })
}
