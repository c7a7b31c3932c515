/**
 * One offline login attempt on a device: the rate limiter first, then the TOTP check against the staff
 * member's credential kept on this device, then the new guard state and last used step for the caller to
 * persist. The caller (the PWA) stores the secret and both states locally; nothing here touches storage.
 */
import type { Result } from '../result.ts'
import { err, ok } from '../result.ts'
import type { LockedOut, LoginGuard, LoginGuardState } from './login-guard.ts'
import { type TotpError, type TotpMatch, type TotpParams, type TotpSecret, verifyTotp } from './totp.ts'

export interface TotpLoginInput {
  readonly guard: LoginGuard
  readonly guardState: LoginGuardState
  readonly secret: TotpSecret
  readonly params?: Partial<TotpParams>
  readonly code: string
  readonly now: number
  readonly lastUsedStep: number | null
}

export interface TotpLoginOutcome {
  readonly result: Result<TotpMatch, TotpError | LockedOut>
  /** Persist both, whatever the result. */
  readonly guardState: LoginGuardState
  readonly lastUsedStep: number | null
}

/**
 * Runs one attempt. A locked-out attempt is not checked at all (so a guesser learns nothing while locked);
 * a replayed or wrong code counts as a failure; a malformed one (a typo in length) does not.
 */
export function attemptTotpLogin(input: TotpLoginInput): TotpLoginOutcome {
  const { guard, guardState, lastUsedStep } = input
  const open = guard.check(guardState, input.now)
  if (!open.ok) return { result: err(open.error), guardState, lastUsedStep }
  const r = verifyTotp({
    secret: input.secret,
    code: input.code,
    now: input.now,
    lastUsedStep,
    ...(input.params ? { params: input.params } : {}),
  })
  if (r.ok) return { result: ok(r.value), guardState: guard.succeed(guardState), lastUsedStep: r.value.step }
  const next = r.error.code === 'totp-malformed' ? guardState : guard.fail(guardState, input.now)
  return { result: r, guardState: next, lastUsedStep }
}
