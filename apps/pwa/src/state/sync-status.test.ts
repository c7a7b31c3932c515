import { describe, expect, it } from 'vitest'
import { en } from '../i18n/en.ts'
import { hi } from '../i18n/hi.ts'
import { refusalKind, refusals, setRefusal, shownRefusal, syncDisplay } from './sync-status.ts'

describe('server refusals are shown and explained', () => {
  it('maps each close code of the sync server to its kind', () => {
    expect(refusalKind(4401)).toBe('unauthorized')
    expect(refusalKind(4403)).toBe('forbidden')
    expect(refusalKind(4423)).toBe('sealed')
    expect(refusalKind(4400)).toBe('rejected')
    expect(refusalKind(4409)).toBe('rejected')
  })

  it('every kind has a short state and a next step in English and Hindi', () => {
    for (const code of [4400, 4401, 4403, 4409, 4423]) {
      const kind = refusalKind(code)
      for (const cat of [en, hi]) {
        expect(cat[`refusal.state.${kind}`].length).toBeGreaterThan(5)
        expect(cat[`refusal.next.${kind}`].length).toBeGreaterThan(10)
      }
    }
    expect(en['refusal.next.unauthorized']).toMatch(/log in again/i)
    expect(en['refusal.next.forbidden']).toMatch(/postmaster/i)
    expect(en['refusal.next.sealed']).toMatch(/late entries/i)
    expect(en['refusal.next.rejected']).toMatch(/support/i)
    expect(en['refusal.state.sealed']).toBe('Not saved: the day is sealed')
  })

  it('a refusal beats every other state, the most actionable first, and is forgotten on reconnect', () => {
    setRefusal('day:A:2026-11-30', { code: 4423, reason: 'room-sealed: the day was ended' })
    expect(syncDisplay.value).toBe('refused')
    expect(shownRefusal.value?.code).toBe(4423)
    setRefusal('inbox:A', { code: 4401, reason: 'token-expired: refresh the token and reconnect' })
    expect(shownRefusal.value?.code).toBe(4401)
    setRefusal('inbox:A', null)
    setRefusal('day:A:2026-11-30', null)
    expect(refusals.value.size).toBe(0)
    expect(syncDisplay.value).not.toBe('refused')
  })
})
