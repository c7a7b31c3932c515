/**
 * A sync token proved by this device's key (the server's `POST /api/device-token`), for a login whose TOTP secret
 * only this device holds (enrolled on its admin screen): the server cannot check the code, but it can check that
 * the request is signed by the key this device enrolled with, that the device is not revoked, and that the staff
 * member holds a role and a TOTP login on this device. Imported statically: loaded on demand, the bundler split
 * the start-up chunks around the core modules it shares with them, which cost more than this code.
 */
import { type DakEvent, loginClaim, qrSigningPayload } from '@dak/core'
import type { DeviceKey } from './device-key.ts'

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
  /** This device's key (`loadDeviceKey()`); undefined before set-up. */
  readonly key: DeviceKey | undefined
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
  const key = input.key
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

/**
 * `requestDeviceToken` with this device's evidence (`localEvidence`); when the server refuses the evidence (say
 * an enrolment code that expired meanwhile) it asks once more without it, in case it already knows enough.
 */
export async function requestDeviceTokenWithEvidence(
  input: DeviceTokenInput,
): ReturnType<typeof requestDeviceToken> {
  const events = input.events ?? []
  const first = await requestDeviceToken({ ...input, events })
  if (first.ok || events.length === 0 || first.error.code !== 'evidence-refused') return first
  console.warn(`device-token evidence refused: ${first.error.message}`)
  return requestDeviceToken({ ...input, events: [] })
}
