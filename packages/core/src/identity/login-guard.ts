/**
 * Rate limiting of login attempts: a pure state machine over plain data with the clock injected. After
 * `maxFailures` consecutive failures the credential is locked for `lockoutMs`; each further lockout in a row
 * doubles it (capped at `maxLockoutMs`), so a guesser gets a handful of tries per hour, then per day.
 * A success resets everything. The PWA keeps one state per staff member on each device.
 */
import { err, ok, type Result } from '../result.ts'

export interface LoginGuardConfig {
  /** Consecutive failures that trigger a lockout (default 5). */
  readonly maxFailures: number
  /** First lockout, ms (default 15 minutes). */
  readonly lockoutMs: number
  /** Longest lockout, ms (default 24 hours). */
  readonly maxLockoutMs: number
}

export const DEFAULT_LOGIN_GUARD: LoginGuardConfig = {
  maxFailures: 5,
  lockoutMs: 15 * 60_000,
  maxLockoutMs: 24 * 60 * 60_000,
}

/** Guard state: plain data, persisted by the caller. */
export interface LoginGuardState {
  /** Consecutive failures since the last success or lockout. */
  readonly failures: number
  /** Lockouts in a row since the last success. */
  readonly lockouts: number
  /** Epoch ms until which attempts are refused, or null. */
  readonly lockedUntil: number | null
}

export interface LockedOut {
  readonly code: 'locked-out'
  readonly retryAt: number
  readonly message: string
}

/** The guard's transitions. Every function returns a new state; none reads a clock. */
export interface LoginGuard {
  readonly config: LoginGuardConfig
  readonly initial: LoginGuardState
  /** Whether an attempt may be made at `now`. */
  check(state: LoginGuardState, now: number): Result<true, LockedOut>
  /** Records a failed attempt at `now` (locking out when the limit is reached). */
  fail(state: LoginGuardState, now: number): LoginGuardState
  /** Records a successful attempt. */
  succeed(state: LoginGuardState): LoginGuardState
}

/** Creates a guard. Throws if the config is not positive integers (a programming error). */
export function createLoginGuard(config: Partial<LoginGuardConfig> = {}): LoginGuard {
  const c = { ...DEFAULT_LOGIN_GUARD, ...config }
  for (const [k, n] of Object.entries(c)) {
    if (!Number.isInteger(n) || n <= 0)
      throw new Error(`createLoginGuard: ${k} must be a positive integer, got ${n}`)
  }
  const initial: LoginGuardState = { failures: 0, lockouts: 0, lockedUntil: null }
  return {
    config: c,
    initial,
    check(state, now) {
      if (state.lockedUntil !== null && now < state.lockedUntil) {
        const minutes = Math.ceil((state.lockedUntil - now) / 60_000)
        return err({
          code: 'locked-out',
          retryAt: state.lockedUntil,
          message: `too many wrong codes; try again in ${minutes} minute(s) or ask the postmaster`,
        })
      }
      return ok(true)
    },
    fail(state, now) {
      // A failure while locked (a caller that skipped `check`) must not shorten or lift the lockout.
      if (state.lockedUntil !== null && now < state.lockedUntil) return state
      const failures = state.failures + 1
      if (failures < c.maxFailures) return { ...state, failures, lockedUntil: null }
      const duration = Math.min(c.lockoutMs * 2 ** state.lockouts, c.maxLockoutMs)
      return { failures: 0, lockouts: state.lockouts + 1, lockedUntil: now + duration }
    },
    succeed: () => initial,
  }
}
