import { describe, expect, it } from 'vitest'
import { utf8ToBytes } from '../src/identity/bytes.ts'
import { createLoginGuard, type LoginGuardState } from '../src/identity/login-guard.ts'
import {
  confirmTotpEnrolment,
  type TotpAlgorithm,
  totpCode,
  totpSecretBase32,
  totpSecretCheck,
  totpStep,
  totpUri,
  verifyTotp,
} from '../src/identity/totp.ts'
import { attemptTotpLogin } from '../src/identity/totp-login.ts'

// RFC 6238 Appendix B: the seeds are the ASCII digits repeated to the hash's key length; 8-digit codes.
const SEEDS: Record<TotpAlgorithm, Uint8Array> = {
  SHA1: utf8ToBytes('12345678901234567890'),
  SHA256: utf8ToBytes('12345678901234567890123456789012'),
  SHA512: utf8ToBytes('1234567890123456789012345678901234567890123456789012345678901234'),
}
const RFC6238_VECTORS: readonly [number, string, string, string][] = [
  // [time (s), SHA1, SHA256, SHA512]
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
]

describe('RFC 6238 Appendix B vectors', () => {
  for (const [seconds, ...codes] of RFC6238_VECTORS) {
    ;(['SHA1', 'SHA256', 'SHA512'] as const).forEach((algorithm, i) => {
      it(`T=${seconds} ${algorithm} → ${codes[i]}`, () => {
        const params = { algorithm, digits: 8, period: 30 }
        const now = seconds * 1000
        expect(totpCode({ secret: SEEDS[algorithm], now, params })).toBe(codes[i])
        const r = verifyTotp({ secret: SEEDS[algorithm], code: codes[i] as string, now, params, window: 0 })
        expect(r).toEqual({ ok: true, value: { step: totpStep(now), drift: 0 } })
      })
    })
  }
})

describe('TOTP login', () => {
  const secret = totpSecretBase32(new Uint8Array(20).map((_, i) => i * 7 + 3))
  const now = Date.UTC(2026, 10, 30, 4, 0, 10)

  it('builds the otpauth URI for the enrolment QR', () => {
    const uri = totpUri({ secret, issuer: 'Dak Mylapore SO', account: 'pa-1' })
    expect(uri).toMatch(/^otpauth:\/\/totp\/Dak%20Mylapore%20SO:pa-1\?/)
    expect(uri).toContain(`secret=${secret}`)
    expect(uri).toContain('algorithm=SHA1&digits=6&period=30')
  })

  it('accepts the previous, current and next step (±1) but not two steps away', () => {
    for (const d of [-1, 0, 1]) {
      const code = totpCode({ secret, now: now + d * 30_000 })
      const r = verifyTotp({ secret, code, now })
      expect(r.ok && r.value.drift).toBe(d)
    }
    const far = totpCode({ secret, now: now + 60_000 })
    expect(verifyTotp({ secret, code: far, now }).ok).toBe(false)
  })

  it('refuses a replayed code: the same step, or an earlier one, once a later code was used', () => {
    const code = totpCode({ secret, now })
    const first = verifyTotp({ secret, code, now, lastUsedStep: null })
    expect(first.ok).toBe(true)
    const step = first.ok ? first.value.step : -1
    const again = verifyTotp({ secret, code, now: now + 5_000, lastUsedStep: step })
    expect(again.ok ? null : again.error.code).toBe('totp-replayed')
    const older = totpCode({ secret, now: now - 30_000 })
    const r = verifyTotp({ secret, code: older, now, lastUsedStep: step })
    expect(r.ok ? null : r.error.code).toBe('totp-replayed')
    const next = verifyTotp({
      secret,
      code: totpCode({ secret, now: now + 30_000 }),
      now: now + 30_000,
      lastUsedStep: step,
    })
    expect(next.ok).toBe(true)
  })

  it('refuses malformed and wrong codes with distinct codes', () => {
    const bad = verifyTotp({ secret, code: '12a456', now })
    expect(bad.ok ? null : bad.error.code).toBe('totp-malformed')
    const right = totpCode({ secret, now })
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0')
    const r = verifyTotp({ secret, code: wrong, now, window: 0 })
    expect(r.ok ? null : r.error.code).toBe('totp-invalid')
  })

  it('confirms an enrolment with the first code and commits to the secret without revealing it', () => {
    expect(confirmTotpEnrolment({ secret, code: totpCode({ secret, now }), now }).ok).toBe(true)
    const check = totpSecretCheck('cred-1', secret)
    expect(check).toMatch(/^[0-9a-f]{64}$/)
    expect(check).not.toContain(secret.toLowerCase())
    expect(totpSecretCheck('cred-2', secret)).not.toBe(check)
  })
})

describe('login guard', () => {
  const guard = createLoginGuard({ maxFailures: 5, lockoutMs: 15 * 60_000 })
  const t = Date.UTC(2026, 10, 30, 4, 0, 0)

  it('locks a brute-forcer out after 5 wrong codes, doubles the lockout, and a success resets it', () => {
    const secret = totpSecretBase32(new Uint8Array(20).fill(42))
    const right = totpCode({ secret, now: t })
    let state: LoginGuardState = guard.initial
    let tried = 0
    // The attacker walks through codes 000000, 000001, …; the guard lets through only five before locking.
    for (let guess = 0; guess < 1000; guess++) {
      if (!guard.check(state, t).ok) break
      const code = String(guess).padStart(6, '0')
      tried++
      const r = verifyTotp({ secret, code, now: t })
      state = r.ok ? guard.succeed(state) : guard.fail(state, t)
      if (code === right) break
    }
    expect(tried).toBe(5)
    const locked = guard.check(state, t + 14 * 60_000)
    expect(locked.ok ? null : locked.error).toMatchObject({ code: 'locked-out', retryAt: t + 15 * 60_000 })
    // Even the right code is not checked while locked out.
    expect(guard.check(state, t + 60_000).ok).toBe(false)
    // After the lockout, five more failures lock for twice as long.
    let s2 = state
    for (let i = 0; i < 5; i++) s2 = guard.fail(s2, t + 15 * 60_000 + i)
    expect(s2.lockedUntil).toBe(t + 15 * 60_000 + 4 + 30 * 60_000)
    expect(guard.succeed(s2)).toEqual(guard.initial)
  })

  it('does not let failures made while locked shorten the lockout, and caps it', () => {
    const g = createLoginGuard({ maxFailures: 1, lockoutMs: 60_000, maxLockoutMs: 100_000 })
    let s = g.fail(g.initial, 0)
    expect(g.fail(s, 10)).toBe(s)
    s = g.fail(s, 60_000)
    s = g.fail(s, 200_000)
    expect(s.lockedUntil).toBe(300_000)
  })

  it('refuses a nonsensical configuration', () => {
    expect(() => createLoginGuard({ maxFailures: 0 })).toThrow(/maxFailures/)
  })
})

describe('offline TOTP login attempt', () => {
  const guard = createLoginGuard({ maxFailures: 3, lockoutMs: 60_000 })
  const secret = totpSecretBase32(new Uint8Array(20).fill(9))
  const now = Date.UTC(2026, 10, 30, 4, 30, 0)

  it('logs in, then refuses the same code, counts failures and locks out', () => {
    const code = totpCode({ secret, now })
    const first = attemptTotpLogin({
      guard,
      guardState: guard.initial,
      secret,
      code,
      now,
      lastUsedStep: null,
    })
    expect(first.result.ok).toBe(true)
    expect(first.lastUsedStep).toBe(totpStep(now))
    const replay = attemptTotpLogin({
      guard,
      guardState: first.guardState,
      secret,
      code,
      now,
      lastUsedStep: first.lastUsedStep,
    })
    expect(replay.result.ok ? null : replay.result.error.code).toBe('totp-replayed')
    expect(replay.guardState.failures).toBe(1)
    const typo = attemptTotpLogin({ ...replayInput(replay), code: '123' })
    expect(typo.result.ok ? null : typo.result.error.code).toBe('totp-malformed')
    expect(typo.guardState.failures).toBe(1)
    let s = replay
    for (let i = 0; i < 2; i++)
      s = attemptTotpLogin({ ...replayInput(s), code: '000000' === code ? '000001' : '000000' })
    const locked = attemptTotpLogin({ ...replayInput(s), code: totpCode({ secret, now: now + 30_000 }) })
    expect(locked.result.ok ? null : locked.result.error.code).toBe('locked-out')
  })

  function replayInput(o: { guardState: LoginGuardState; lastUsedStep: number | null }) {
    return { guard, guardState: o.guardState, secret, code: '', now, lastUsedStep: o.lastUsedStep }
  }
})
