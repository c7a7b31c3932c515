import 'fake-indexeddb/auto'
import { totpCode, totpStep } from '@dak/core'
import { describe, expect, it } from 'vitest'
import { createLoginGuardStore, type TotpCredential } from './login-guard-store.ts'

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
const T0 = Date.UTC(2026, 10, 30, 6, 0, 0)
const MIN = 60_000
let dbs = 0

/** A store over a fresh database; `reopen` is the same database after a reload. */
function setup(credential: TotpCredential | null = { secret: SECRET }) {
  const dbName = `guard-test-${dbs++}`
  const make = () => createLoginGuardStore({ credentialOf: async () => credential ?? undefined, dbName })
  return { store: make(), reopen: make }
}

const codeAt = (now: number) => totpCode({ secret: SECRET, now })
const wrongAt = (now: number) => (codeAt(now) === '000000' ? '111111' : '000000')

describe('login guard store', () => {
  it('accepts the current code once and refuses its replay, also after a reload', async () => {
    const { store, reopen } = setup()
    const ok = await store.attempt('pa-1', codeAt(T0), T0)
    expect(ok).toEqual({ ok: true, value: { step: totpStep(T0), drift: 0 } })
    const replay = await reopen().attempt('pa-1', codeAt(T0), T0 + 5000)
    expect(replay.ok ? null : replay.error.code).toBe('totp-replayed')
    expect((await store.record('pa-1'))?.lastUsedStep).toBe(totpStep(T0))
  })

  it('locks out after 5 wrong codes; the lockout survives a reload and ends after 15 minutes', async () => {
    const { store, reopen } = setup()
    for (let i = 0; i < 5; i++) {
      const r = await store.attempt('pa-1', wrongAt(T0 + i * 1000), T0 + i * 1000)
      expect(r.ok ? null : r.error.code).toBe('totp-invalid')
    }
    const after = reopen()
    const now = T0 + 10_000
    const locked = await after.attempt('pa-1', codeAt(now), now) // even the right code is not checked
    expect(locked.ok ? null : locked.error).toMatchObject({
      code: 'locked-out',
      retryAt: T0 + 4000 + 15 * MIN,
    })
    expect((await after.lockedOut('pa-1', now))?.code).toBe('locked-out')
    const later = T0 + 4000 + 15 * MIN
    expect(await after.lockedOut('pa-1', later)).toBeNull()
    expect((await after.attempt('pa-1', codeAt(later), later)).ok).toBe(true)
    expect((await after.record('pa-1'))?.guard).toEqual({ failures: 0, lockouts: 0, lockedUntil: null })
  })

  it('does not count a code of the wrong length as a failure', async () => {
    const { store } = setup()
    for (let i = 0; i < 10; i++) {
      const r = await store.attempt('pa-1', '123', T0)
      expect(r.ok ? null : r.error.code).toBe('totp-malformed')
    }
    expect(await store.lockedOut('pa-1', T0)).toBeNull()
  })

  it('keeps each staff member apart, and reset lifts a lockout but not the replay guard', async () => {
    const { store } = setup()
    expect((await store.attempt('pm-1', codeAt(T0), T0)).ok).toBe(true)
    for (let i = 0; i < 5; i++) await store.attempt('pa-1', wrongAt(T0), T0)
    expect(await store.lockedOut('pa-1', T0)).not.toBeNull()
    expect(await store.lockedOut('pm-1', T0)).toBeNull()
    await store.reset('pa-1')
    await store.reset('pm-1')
    expect(await store.lockedOut('pa-1', T0)).toBeNull()
    const replay = await store.attempt('pm-1', codeAt(T0), T0)
    expect(replay.ok ? null : replay.error.code).toBe('totp-replayed')
  })

  it('lets one of two simultaneous attempts with the same code in (one transaction per attempt)', async () => {
    const { store, reopen } = setup()
    const results = await Promise.all([
      store.attempt('pa-1', codeAt(T0), T0),
      reopen().attempt('pa-1', codeAt(T0), T0),
    ])
    expect(results.filter((r) => r.ok).length).toBe(1)
  })

  it('honours the last step an older store recorded, and refuses a staff member not enrolled here', async () => {
    const { store } = setup({ secret: SECRET, lastUsedStep: totpStep(T0) })
    const r = await store.attempt('pa-1', codeAt(T0), T0)
    expect(r.ok ? null : r.error.code).toBe('totp-replayed')
    const none = setup(null).store
    const n = await none.attempt('pa-1', codeAt(T0), T0)
    expect(n.ok ? null : n.error.code).toBe('not-enrolled')
    // a first login passes the secret just typed in
    expect((await none.attempt('pa-1', codeAt(T0), T0, { secret: SECRET })).ok).toBe(true)
  })
})
