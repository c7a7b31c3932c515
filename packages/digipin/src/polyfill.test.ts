import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bounds, children, decode, encode, neighbour, parent, polyfill } from './index.ts'

const SEED = Number(process.env.FC_SEED ?? 20251130)

/** Classic PNPOLY over all rings (even–odd), the oracle for polygon polyfill. */
function inside(rings: number[][][], x: number, y: number): boolean {
  let c = false
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as [number, number]
      const [xj, yj] = ring[j] as [number, number]
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c
    }
  }
  return c
}

describe('polyfill', () => {
  it('a bbox gives exactly the cells encode assigns to its points (closed edges, north/east rule)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 20, max: 20.2, noNaN: true }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.double({ min: 80, max: 80.2, noNaN: true }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.integer({ min: 3, max: 5 }),
        (minLat, dLat, minLon, dLon, p) => {
          const b = { minLat, maxLat: minLat + dLat, minLon, maxLon: minLon + dLon }
          const cells = polyfill(b, p)
          const set = new Set(cells)
          expect(set.size).toBe(cells.length)
          // every corner and the centre are covered
          for (const lat of [b.minLat, b.maxLat, (b.minLat + b.maxLat) / 2]) {
            for (const lon of [b.minLon, b.maxLon, (b.minLon + b.maxLon) / 2])
              expect(set.has(encode(lat, lon, p))).toBe(true)
          }
          // every cell holds a point of the box
          for (const c of cells) {
            const cb = bounds(c)
            expect(cb.minLat <= b.maxLat && cb.maxLat > b.minLat).toBe(true)
            expect(cb.minLon <= b.maxLon && cb.maxLon > b.minLon).toBe(true)
          }
          return true
        },
      ),
      { seed: SEED, numRuns: 200 },
    )
  })

  it('a bbox edge on a grid line includes the cell north / east of it', () => {
    const b = bounds('39J')
    const cells = polyfill(b, 3)
    // the closed box of 39J touches its north and east neighbours' edges
    const expected = ['39J', neighbour('39J', 'N'), neighbour('39J', 'E'), neighbour('39J', 'NE')]
    expect([...cells].sort()).toEqual(expected.sort())
    expect(cells).toContain(encode(b.maxLat, b.maxLon, 3))
    expect(polyfill({ minLat: 0, maxLat: 1, minLon: 0, maxLon: 1 }, 5)).toEqual([])
    expect(polyfill({ minLat: -90, maxLat: 90, minLon: -180, maxLon: 180 }, 1)).toHaveLength(16)
  })

  it('a polygon gives the cells whose centre is inside (holes subtracted), like PNPOLY', () => {
    const rings = [
      [
        [77.0, 28.4],
        [77.5, 28.45],
        [77.3, 28.9],
        [77.05, 28.7],
        [77.0, 28.4],
      ],
      [
        [77.2, 28.55],
        [77.3, 28.55],
        [77.3, 28.65],
        [77.2, 28.65],
        [77.2, 28.55],
      ],
    ]
    const cells = polyfill({ type: 'Polygon', coordinates: rings }, 5)
    const want = polyfill({ minLat: 28.3, maxLat: 29, minLon: 76.9, maxLon: 77.6 }, 5).filter((c) => {
      const d = decode(c)
      return inside(rings, d.lon, d.lat)
    })
    expect(cells.length).toBeGreaterThan(100)
    expect([...cells].sort()).toEqual([...want].sort())
    const asFeature = polyfill(
      { type: 'Feature', geometry: { type: 'MultiPolygon', coordinates: [rings] } },
      5,
    )
    expect(asFeature).toEqual(cells)
  })

  it('compact merges complete families, recursively, and expands back to the same cells', () => {
    const b = bounds('39J')
    const inner = { minLat: b.minLat, maxLat: b.maxLat - 1e-9, minLon: b.minLon, maxLon: b.maxLon - 1e-9 }
    expect(polyfill(inner, 6, { compact: true })).toEqual(['39J'])
    const box = { minLat: 28.4, maxLat: 28.8, minLon: 77.1, maxLon: 77.4 }
    const full = polyfill(box, 5)
    const compact = polyfill(box, 5, { compact: true })
    expect(compact.length).toBeLessThan(full.length)
    const expand = (c: string): string[] =>
      c.replace(/-/g, '').length === 5 ? [c] : children(c).flatMap(expand)
    expect(compact.flatMap(expand).sort()).toEqual([...full].sort())
    for (const c of compact)
      if (c.replace(/-/g, '').length < 5) expect(children(c).every((k) => parent(k) === c)).toBe(true)
  })

  it('refuses huge outputs and bad shapes with typed errors', () => {
    expect(() => polyfill({ minLat: 2.5, maxLat: 38.5, minLon: 63.5, maxLon: 99.5 }, 10)).toThrow(
      expect.objectContaining({ code: 'too-many-cells' }),
    )
    expect(() => polyfill({ minLat: 3, maxLat: 2, minLon: 70, maxLon: 71 }, 3)).toThrow(
      expect.objectContaining({ code: 'invalid-argument' }),
    )
    expect(() => polyfill({ type: 'Polygon', coordinates: [[[Number.NaN, 1]]] }, 3)).toThrow(
      expect.objectContaining({ code: 'invalid-argument' }),
    )
    expect(() => polyfill(null as never, 3)).toThrow(expect.objectContaining({ code: 'invalid-argument' }))
    expect(() => polyfill({ type: 'Point' } as never, 3)).toThrow(
      expect.objectContaining({ code: 'invalid-argument' }),
    )
    expect(() => polyfill({ minLat: 3, maxLat: 4, minLon: 70, maxLon: 71 }, 11)).toThrow(
      expect.objectContaining({ code: 'invalid-precision' }),
    )
  })
})
