import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SEED } from './arbitraries.test-util.ts'
import { type Money, money, paise } from './money.ts'
import { allocate, mulRate, type Rounding, roundToRupee } from './money-rate.ts'

describe('mulRate', () => {
  // 2.5 paise and -2.5 paise land exactly between two paise: each mode decides differently.
  it.each<[Rounding, number, number]>([
    ['half-up', 3, -3],
    ['half-even', 2, -2],
    ['down', 2, -2],
    ['up', 3, -3],
    ['ceil', 3, -2],
    ['floor', 2, -3],
  ])('%s rounds ±2.5 paise to %d / %d', (mode, pos, neg) => {
    expect(mulRate(paise(5), '0.5', mode)).toBe(pos)
    expect(mulRate(paise(-5), '0.5', mode)).toBe(neg)
  })

  it('takes percentages and exact decimal rates, never floats', () => {
    expect(mulRate(money('6500'), '1.6%', 'half-up')).toBe(money('104'))
    expect(mulRate(money('104'), '18%', 'half-up')).toBe(money('18.72'))
    expect(mulRate(money('0.10'), '3', 'half-even')).toBe(money('0.30'))
    expect(mulRate(money('1234.56'), '0.016', 'half-even')).toBe(money('19.75'))
    expect(mulRate(money('90071992547409'), '1', 'down')).toBe(money('90071992547409'))
  })

  it('refuses malformed rates, unknown modes and overflow', () => {
    expect(() => mulRate(money('1'), '1.6 percent', 'half-up')).toThrowError(
      expect.objectContaining({ code: 'invalid-rate' }),
    )
    expect(() => mulRate(money('1'), 0.5 as unknown as string, 'half-up')).toThrowError(
      expect.objectContaining({ code: 'invalid-rate' }),
    )
    expect(() => mulRate(money('1'), '2', 'nearest' as Rounding)).toThrowError(
      expect.objectContaining({ code: 'invalid-rate' }),
    )
    expect(() => mulRate(money('90071992547409'), '2', 'down')).toThrowError(
      expect.objectContaining({ code: 'out-of-range' }),
    )
  })

  it('rounds to whole rupees', () => {
    expect(roundToRupee(money('104.50'), 'half-up')).toBe(money('105'))
    expect(roundToRupee(money('104.50'), 'half-even')).toBe(money('104'))
    expect(roundToRupee(money('-104.01'), 'floor')).toBe(money('-105'))
  })
})

describe('allocate', () => {
  it('splits without losing a paisa', () => {
    expect(allocate(money('100'), [1, 1, 1])).toEqual([3334, 3333, 3333])
    expect(allocate(money('-0.05'), [1, 1])).toEqual([-3, -2])
    expect(allocate(money('10'), [0.7, 0.3])).toEqual([700, 300])
    expect(allocate(paise(5), [0, 1])).toEqual([0, 5])
  })

  it('refuses ratios it cannot split by', () => {
    for (const bad of [[], [0, 0], [-1, 2], [Number.NaN], [Number.POSITIVE_INFINITY]]) {
      expect(() => allocate(money('1'), bad)).toThrowError(
        expect.objectContaining({ code: 'invalid-ratios' }),
      )
    }
  })

  const arbAmount = fc.integer({ min: -1e13, max: 1e13 }).map((n) => n as Money)

  it('parts sum to the whole and each is within one paisa of its exact share (property)', () => {
    const arbRatios = fc
      .array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 })
      .filter((rs) => rs.some((r) => r > 0))
    fc.assert(
      fc.property(arbAmount, arbRatios, (m, ratios) => {
        const parts = allocate(m, ratios)
        const total = BigInt(ratios.reduce((a, b) => a + b, 0))
        if (parts.length !== ratios.length || parts.reduce((a, b) => a + b, 0) !== m) return false
        // |part − m·r/Σr| < 1  ⇔  |part·Σr − m·r| < Σr, checked in exact integers.
        return parts.every((p, i) => {
          const gap = BigInt(p) * total - BigInt(m) * BigInt(ratios[i]!)
          return (gap < 0n ? -gap : gap) < total
        })
      }),
      { seed: SEED, numRuns: 1000 },
    )
  })

  it('equal ratios give parts that differ by at most one paisa (property)', () => {
    fc.assert(
      fc.property(arbAmount, fc.integer({ min: 1, max: 50 }), (m, n) => {
        const parts = allocate(m, Array(n).fill(1))
        return Math.max(...parts) - Math.min(...parts) <= 1 && parts.reduce((a, b) => a + b, 0) === m
      }),
      { seed: SEED, numRuns: 1000 },
    )
  })
})
