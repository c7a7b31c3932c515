import { describe, expect, it } from 'vitest'
import { dayEndChecklist } from '../src/day/day-end.ts'
import { createWorld, DATE } from './day-world.ts'

describe('reference data', () => {
  it('the demo chain registers offices, staff, roles and devices', () => {
    const w = createWorld()
    const s = w.state()
    expect(Object.keys(s.office.offices)).toEqual(['nandyal-ho', 'panem-so', 'pinnapuram-bo'])
    expect(s.office.offices['pinnapuram-bo']?.accountOffice).toBe('panem-so')
    expect(s.office.grants.some((g) => g.staff === 'so-spm' && g.role === 'supervisor')).toBe(true)
    expect(s.office.devices['dev-bo-mobile']?.office).toBe('pinnapuram-bo')
    expect(dayEndChecklist(s, 'panem-so', DATE)[0]?.pass).toBe(false)
  })
})
