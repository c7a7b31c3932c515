import { describe, expect, it } from 'vitest'
import { dayRoom, inboxRoom, parseRoom } from './rooms.ts'

describe('rooms', () => {
  it('names and parses day and inbox rooms', () => {
    expect(dayRoom('PO-110001', '2026-11-30')).toBe('office/PO-110001/day/2026-11-30')
    expect(inboxRoom('PO-110001')).toBe('office/PO-110001/inbox')
    expect(parseRoom('office/PO-110001/day/2026-11-30')).toEqual({
      ok: true,
      value: { kind: 'day', office: 'PO-110001', date: '2026-11-30' },
    })
    expect(parseRoom('office/PO-110001/inbox')).toEqual({
      ok: true,
      value: { kind: 'inbox', office: 'PO-110001' },
    })
  })

  it('refuses anything else with room-invalid', () => {
    for (const bad of [
      '',
      'office',
      'office//inbox',
      'office/a/day/2026-02-30',
      'office/a/inbox/x',
      'x/a/inbox',
      'office/a b/inbox',
    ]) {
      expect(parseRoom(bad)).toMatchObject({ ok: false, error: { code: 'room-invalid' } })
    }
    expect(() => dayRoom('a/b', '2026-11-30')).toThrow(/office id/)
    expect(() => dayRoom('a', '2026-1-1')).toThrow(/business date/)
  })
})
