import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { refCode } from './exact-reference.test-util.ts'
import {
  bearing,
  bounds,
  cellSize,
  children,
  contains,
  type Direction,
  decode,
  disk,
  distance,
  encode,
  neighbour,
  neighbours,
  parent,
  ring,
  toGeoJSON,
} from './index.ts'

const SEED = Number(process.env.FC_SEED ?? 20251130)
const cell = fc
  .integer({ min: 1, max: 10 })
  .chain((p) =>
    fc.tuple(
      fc.integer({ min: 0, max: 4 ** p - 1 }),
      fc.integer({ min: 0, max: 4 ** p - 1 }),
      fc.constant(p),
    ),
  )
  .map(([r, c, p]) => refCode(r, c, p))
// cells near the box edges and parent borders are where mistakes hide
const edgy = fc
  .integer({ min: 1, max: 10 })
  .chain((p) => {
    const n = 4 ** p
    const near = fc.oneof(
      fc.integer({ min: 0, max: 2 }),
      fc.integer({ min: n - 3, max: n - 1 }),
      fc.integer({ min: 0, max: n - 1 }),
    )
    return fc.tuple(near, near, fc.constant(p))
  })
  .map(([r, c, p]) => refCode(Math.max(0, r), Math.max(0, c), p))
const anyCell = fc.oneof(cell, edgy)

describe('parent / children / contains', () => {
  it('parent drops the last symbol; children are the 16 codes one deeper', () => {
    expect(parent('39J-49L-L8T4')).toBe('39J-49L-L8T')
    expect(parent('39J-49L-L8T4', 6)).toBe('39J-4')
    expect(() => parent('3')).toThrow(expect.objectContaining({ code: 'invalid-precision' }))
    expect(children('39J')).toEqual('FC98J327K456LMPT'.split('').map((s) => `39J-${s}`))
    expect(() => children('39J-49L-L8T4')).toThrow(expect.objectContaining({ code: 'invalid-precision' }))
  })

  it('every child has the cell as parent, is contained in it, and children tile its bounds', () => {
    fc.assert(
      fc.property(anyCell, (code) => {
        if (code.replace(/-/g, '').length === 10) return true
        const kids = children(code)
        const b = bounds(code)
        let area = 0
        for (const k of kids) {
          expect(parent(k)).toBe(code)
          expect(contains(code, k)).toBe(true)
          expect(contains(k, code)).toBe(false)
          expect(contains(code, decode(k))).toBe(true)
          const kb = bounds(k)
          area += (kb.maxLat - kb.minLat) * (kb.maxLon - kb.minLon)
        }
        return area === (b.maxLat - b.minLat) * (b.maxLon - b.minLon)
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('contains a point exactly by the encoding rules', () => {
    expect(contains('39J', { lat: 28.622788, lon: 77.213033 })).toBe(true)
    // 28.375 is the south edge of 39J (a grid line): it belongs to 39J, not to the cell south of it
    expect(contains('39J', { lat: 28.375, lon: 77.1 })).toBe(true)
    expect(contains('39J', { lat: 28.9375, lon: 77.1 })).toBe(false)
    expect(contains('8', { lat: 38.5, lon: 99.5 })).toBe(true)
  })
})

describe('neighbours', () => {
  it('are symmetric, at the same precision, and adjacent across parent borders', () => {
    fc.assert(
      fc.property(anyCell, fc.boolean(), (code, four) => {
        const ns = neighbours(code, { connectivity: four ? 4 : 8 })
        for (const n of ns) {
          expect(neighbours(n, { connectivity: four ? 4 : 8 })).toContain(code)
          expect(n.length).toBe(code.length)
          const a = bounds(code)
          const b = bounds(n)
          // touching: shared edge or corner, no overlap
          expect(Math.max(a.minLat, b.minLat) <= Math.min(a.maxLat, b.maxLat)).toBe(true)
          expect(Math.max(a.minLon, b.minLon) <= Math.min(a.maxLon, b.maxLon)).toBe(true)
        }
        expect(new Set(ns).size).toBe(ns.length)
        return ns.length <= (four ? 4 : 8)
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('by direction: going one way and back returns home; null beyond the box', () => {
    const back: Record<Direction, Direction> = {
      N: 'S',
      NE: 'SW',
      E: 'W',
      SE: 'NW',
      S: 'N',
      SW: 'NE',
      W: 'E',
      NW: 'SE',
    }
    fc.assert(
      fc.property(anyCell, fc.constantFrom(...(Object.keys(back) as Direction[])), (code, d) => {
        const n = neighbour(code, d)
        if (n === null) return true
        return neighbour(n, back[d]) === code
      }),
      { seed: SEED, numRuns: 1000 },
    )
    expect(neighbour('FFF-FFF-FFFF', 'N')).toBeNull()
    expect(neighbour('FFF-FFF-FFFF', 'W')).toBeNull()
    expect(neighbour('FFF-FFF-FFFF', 'E')).toBe('FFF-FFF-FFFC')
    expect(neighbours('LLL-LLL-LLLL')).toHaveLength(3)
    expect(neighbours('888-888-8888', { connectivity: 4 })).toHaveLength(2)
    // across a level-1 border: the cell east of the north-east corner of L is the north-west corner of M
    expect(neighbour('L88-888-8888', 'E')).toBe('MFF-FFF-FFFF')
    expect(neighbour('39J-49L-L8T4', 'N')).toBe(encode(decode('39J-49L-L8T4').lat + 3.4e-5, 77.213049))
    expect(() => neighbours('39J', { connectivity: 6 as 8 })).toThrow(
      expect.objectContaining({ code: 'invalid-argument' }),
    )
    expect(() => neighbour('39J', 'UP' as Direction)).toThrow(
      expect.objectContaining({ code: 'invalid-argument' }),
    )
  })

  it('ring(k) has 8k cells away from edges and disk(k) is the union of rings 0..k', () => {
    expect(ring('39J-49L-L8T4', 0)).toEqual(['39J-49L-L8T4'])
    expect(ring('39J-49L-L8T4', 1).sort()).toEqual(neighbours('39J-49L-L8T4').sort())
    fc.assert(
      fc.property(anyCell, fc.integer({ min: 0, max: 3 }), (code, k) => {
        const d = disk(code, k)
        const union = [0, 1, 2, 3].filter((i) => i <= k).flatMap((i) => ring(code, i))
        expect([...d].sort()).toEqual([...union].sort())
        expect(new Set(d).size).toBe(d.length)
        return true
      }),
      { seed: SEED, numRuns: 300 },
    )
    expect(ring('39J-49L-L8T4', 3)).toHaveLength(24)
    expect(disk('39J-49L-L8T4', 2)).toHaveLength(25)
    expect(disk('LLL-LLL-LLLL', 2)).toHaveLength(9)
    expect(() => ring('39J', -1)).toThrow(expect.objectContaining({ code: 'invalid-argument' }))
  })
})

describe('distance, bearing, cellSize, toGeoJSON', () => {
  it('measures on the sphere', () => {
    // Dak Bhawan to India Gate is about 1.9 km
    const d = distance('39J-49L-L8T4', '39J-429-L4TK')
    expect(d).toBeGreaterThan(1800)
    expect(d).toBeLessThan(2100)
    expect(distance({ lat: 20, lon: 80 }, { lat: 21, lon: 80 })).toBeCloseTo(111195, -1)
    expect(bearing({ lat: 20, lon: 80 }, { lat: 21, lon: 80 })).toBeCloseTo(0, 9)
    expect(bearing({ lat: 20, lon: 80 }, { lat: 20, lon: 79 })).toBeCloseTo(270.17, 1)
    expect(() => distance({ lat: Number.NaN, lon: 1 }, '39J')).toThrow(
      expect.objectContaining({ code: 'not-a-number' }),
    )
    const s = cellSize(10, 0)
    expect(s.height).toBeCloseTo(3.817, 2)
    expect(s.width).toBeCloseTo(s.height, 9)
    expect(cellSize(10, 28.6).width).toBeLessThan(s.width)
    expect(cellSize(1).height).toBeCloseTo(1000754, -2)
  })

  it('writes the cell polygon as GeoJSON', () => {
    const f = toGeoJSON('39J')
    expect(f.properties).toEqual({ digipin: '39J', precision: 3, center: [77.28125, 28.65625] })
    expect(f.geometry.coordinates[0]).toEqual([
      [77, 28.375],
      [77.5625, 28.375],
      [77.5625, 28.9375],
      [77, 28.9375],
      [77, 28.375],
    ])
    const fc2 = toGeoJSON(['39J', '4P3'])
    expect(fc2.type).toBe('FeatureCollection')
    expect(fc2.features).toHaveLength(2)
  })
})
