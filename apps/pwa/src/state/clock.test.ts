import { describe, expect, it } from 'vitest'
import { createDeviceClock } from './clock.ts'

describe('device clock', () => {
  it('never goes backwards and stays after what it observed', () => {
    let t = Date.UTC(2026, 10, 30, 6, 0)
    const clock = createDeviceClock('dev-1', () => t)
    const a = clock.nextHlc()
    t -= 1000 // the wall clock jumps back
    const b = clock.nextHlc()
    expect(b > a).toBe(true)
    clock.observe(`${new Date(t + 60_000).toISOString()}-0003-dev-2`)
    const c = clock.nextHlc()
    expect(c > `${new Date(t + 60_000).toISOString()}-0003-dev-2`).toBe(true)
    expect(c).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z-[0-9a-f]{4}-dev-1$/)
  })

  it('ignores a stamp from a clock far in the future', () => {
    const t = Date.UTC(2026, 10, 30, 6, 0)
    const clock = createDeviceClock('d', () => t)
    clock.observe(`${new Date(t + 3_600_000).toISOString()}-0000-x`)
    expect(clock.nextHlc().startsWith(new Date(t).toISOString())).toBe(true)
  })
})
