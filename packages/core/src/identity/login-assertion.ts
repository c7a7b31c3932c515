/**
 * The device's side of getting a sync token. After a staff member logs in on the device (TOTP, offline), the
 * device signs a login assertion with its non-extractable key over the server's one-time challenge; the server
 * checks it with `verifyLoginAssertion` against the office journal and, when it passes, issues the short-lived
 * token bound to staff, office and device. The assertion is a signed claim of kind `login` (`signed-qr.ts`).
 */
import type { State } from '../journal/state.ts'
import { err, ok, type Result } from '../result.ts'
import { deviceKeyLookup, totpCredentialsFor } from './device-status.ts'
import { type QrClaim, type SignedQrError, verifySignedQr } from './signed-qr.ts'

/** How far a login assertion's time may be from the server's clock (default 5 minutes). */
export const LOGIN_ASSERTION_MAX_SKEW_MS = 5 * 60_000

/** The claim a device signs to ask for a token: `subject` is the server's challenge (nonce). */
export function loginClaim(input: {
  readonly office: string
  readonly device: string
  readonly staff: string
  readonly challenge: string
  readonly now: number
}): QrClaim {
  return {
    kind: 'login',
    subject: input.challenge,
    office: input.office,
    actor: input.staff,
    device: input.device,
    at: input.now,
    expiresAt: input.now + LOGIN_ASSERTION_MAX_SKEW_MS,
  }
}

export interface LoginAssertionError {
  readonly code: SignedQrError['code'] | 'wrong-challenge' | 'wrong-office' | 'clock-skew' | 'no-credential'
  readonly message: string
}

/** Who the server may issue a token to. */
export interface VerifiedLogin {
  readonly staff: string
  readonly office: string
  readonly device: string
}

/**
 * Verifies a login assertion (signed-claim text): signed by the registered key of an enrolled, unrevoked device
 * of `office`, over the challenge the server handed out, at a time within `maxSkewMs` of `now`, for a staff
 * member who holds an active TOTP credential on that device. The server must hand out each challenge once.
 */
export function verifyLoginAssertion(
  state: State,
  text: string,
  expected: {
    readonly office: string
    readonly challenge: string
    readonly now: number
    readonly maxSkewMs?: number
  },
): Result<VerifiedLogin, LoginAssertionError> {
  const r = verifySignedQr(text, deviceKeyLookup(state), expected.now)
  if (!r.ok) return r
  const c = r.value
  if (c.kind !== 'login' || c.subject !== expected.challenge) {
    return err({
      code: 'wrong-challenge',
      message: 'the assertion does not answer this challenge; ask for a new one',
    })
  }
  if (c.office !== expected.office || state.identity.devices[c.device]?.office !== expected.office) {
    return err({
      code: 'wrong-office',
      message: `device ${c.device} is not enrolled in office ${expected.office}`,
    })
  }
  if (Math.abs(expected.now - c.at) > (expected.maxSkewMs ?? LOGIN_ASSERTION_MAX_SKEW_MS)) {
    return err({
      code: 'clock-skew',
      message: "the device clock is too far from the server's; set the date and time",
    })
  }
  if (totpCredentialsFor(state, c.actor, c.device).length === 0) {
    return err({
      code: 'no-credential',
      message: `${c.actor} has no active TOTP login on device ${c.device}`,
    })
  }
  return ok({ staff: c.actor, office: c.office, device: c.device })
}
