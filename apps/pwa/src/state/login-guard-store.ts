/**
 * Offline TOTP login attempts that survive a reload: core's `createLoginGuard` state and the last used TOTP step
 * of each staff member, kept in IndexedDB on this device, updated by core's `attemptTotpLogin` in one
 * transaction per attempt. Reloading the app, or two tabs trying at once, neither resets a lockout nor lets a
 * code be used twice.
 */
import {
  attemptTotpLogin,
  createLoginGuard,
  type LockedOut,
  type LoginGuard,
  type LoginGuardConfig,
  type LoginGuardState,
  type Result,
  type TotpError,
  type TotpMatch,
  type TotpParams,
  type TotpSecret,
} from '@dak/core'
import { type KvStore, openKv } from './idb-kv.ts'

/** The database of login guards (kept apart from the device key so de-registration can keep or drop each). */
export const LOGIN_GUARD_DB = 'dak-login-guard'

/** A staff member's TOTP credential on this device, as the caller keeps it. */
export interface TotpCredential {
  readonly secret: TotpSecret
  readonly params?: Partial<TotpParams>
  /** The last step accepted by an older store (e.g. `session.ts`); the later of it and ours is used. */
  readonly lastUsedStep?: number | null
}

export interface NotEnrolled {
  readonly code: 'not-enrolled'
  readonly message: string
}

export type LoginAttemptError = TotpError | LockedOut | NotEnrolled

/** What is kept per staff member. */
export interface GuardRecord {
  readonly guard: LoginGuardState
  readonly lastUsedStep: number | null
}

export interface LoginGuardStore {
  /**
   * One login attempt at `now` (epoch ms): the accepted step, or why not (`locked-out` carries `retryAt`).
   * `credential` overrides `credentialOf` (a first login where the secret was just typed in from the QR).
   */
  attempt(
    staff: string,
    code: string,
    now: number,
    credential?: TotpCredential,
  ): Promise<Result<TotpMatch, LoginAttemptError>>
  /** The lockout in force at `now`, if any (for the login screen to show before an attempt). */
  lockedOut(staff: string, now: number): Promise<LockedOut | null>
  /** The stored record (tests, diagnostics). */
  record(staff: string): Promise<GuardRecord | undefined>
  /** Lifts a lockout and forgets failures (after the postmaster re-enrols the staff member). Keeps lastUsedStep. */
  reset(staff: string): Promise<void>
}

export interface LoginGuardStoreOptions {
  /** Reads the staff member's credential kept on this device; undefined when not enrolled here. */
  readonly credentialOf: (staff: string) => Promise<TotpCredential | undefined>
  /** The guard or its config (default: core's 5 failures, 15 min doubling to 24 h). */
  readonly guard?: LoginGuard | Partial<LoginGuardConfig>
  /** Database name (tests). */
  readonly dbName?: string
}

const keyOf = (staff: string) => `guard:${staff}`

function isGuard(g: LoginGuard | Partial<LoginGuardConfig> | undefined): g is LoginGuard {
  return g !== undefined && 'check' in g
}

/** Creates the store. */
export function createLoginGuardStore(options: LoginGuardStoreOptions): LoginGuardStore {
  const guard = isGuard(options.guard) ? options.guard : createLoginGuard(options.guard)
  const kv: KvStore = openKv(options.dbName ?? LOGIN_GUARD_DB)
  const fresh: GuardRecord = { guard: guard.initial, lastUsedStep: null }
  return {
    async attempt(staff, code, now, given) {
      const credential = given ?? (await options.credentialOf(staff))
      if (!credential) {
        return {
          ok: false,
          error: {
            code: 'not-enrolled',
            message: `${staff} has no TOTP login on this device; ask the postmaster to enrol it here`,
          },
        }
      }
      return kv.update<GuardRecord, Result<TotpMatch, LoginAttemptError>>(keyOf(staff), (current) => {
        const held = current ?? fresh
        const outcome = attemptTotpLogin({
          guard,
          guardState: held.guard,
          secret: credential.secret,
          ...(credential.params ? { params: credential.params } : {}),
          code: code.trim(),
          now,
          lastUsedStep: laterStep(held.lastUsedStep, credential.lastUsedStep ?? null),
        })
        return {
          value: { guard: outcome.guardState, lastUsedStep: outcome.lastUsedStep },
          result: outcome.result,
        }
      })
    },
    async lockedOut(staff, now) {
      const r = guard.check((await kv.get<GuardRecord>(keyOf(staff)))?.guard ?? guard.initial, now)
      return r.ok ? null : r.error
    },
    record: (staff) => kv.get<GuardRecord>(keyOf(staff)),
    async reset(staff) {
      await kv.update<GuardRecord, void>(keyOf(staff), (current) => ({
        value: { guard: guard.initial, lastUsedStep: current?.lastUsedStep ?? null },
        result: undefined,
      }))
    },
  }
}

function laterStep(a: number | null, b: number | null): number | null {
  if (a === null) return b
  if (b === null) return a
  return Math.max(a, b)
}
