import { describe, expect, it } from 'vitest'
import { createPrng } from '../testing/prng.ts'
import { createIdFactory, createSequentialIds, isId, uuidV7 } from './ids.ts'

describe('ids', () => {
  it('uuidV7 has the version and variant bits and sorts by time', () => {
    const rng = createPrng(1)
    const a = uuidV7(Date.UTC(2026, 10, 30), rng.bytes)
    const b = uuidV7(Date.UTC(2026, 10, 30) + 1, rng.bytes)
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(a < b).toBe(true)
    expect(isId(a)).toBe(true)
  })

  it('is deterministic for an injected random source', () => {
    const make = () => createIdFactory(() => 1_700_000_000_000, createPrng(9).bytes)
    const x = make()
    const y = make()
    expect([x(), x()]).toEqual([y(), y()])
  })

  it('sequential ids are unique per device and sort in issue order', () => {
    const next = createSequentialIds('dev1')
    const ids = Array.from({ length: 50 }, next)
    expect(new Set(ids).size).toBe(50)
    expect([...ids].sort()).toEqual(ids)
  })
})
