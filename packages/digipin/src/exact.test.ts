import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  cmp,
  fromDouble,
  nextDown,
  nextUp,
  q,
  refCell,
  refCode,
  refEncode,
  toDouble,
} from './exact-reference.test-util.ts'
import { bounds, DigipinError, decode, encode } from './index.ts'

const SEED = Number(process.env.FC_SEED ?? 20251130)
const lat = fc.double({ min: 2.5, max: 38.5, noNaN: true })
const lon = fc.double({ min: 63.5, max: 99.5, noNaN: true })
const precision = fc.integer({ min: 1, max: 10 })

/** The grid line i of level k along an axis starting at `min` (an exact double). */
const line = (min: number, k: number, i: number): number =>
  toDouble(q(BigInt(min * 2) * 4n ** BigInt(k) + BigInt(i * 72), 2n * 4n ** BigInt(k)))

/** A grid line of a random level, plus -1 / 0 / +1 ulp, kept inside the box. */
const gridLine = (min: number) =>
  fc
    .integer({ min: 1, max: 10 })
    .chain((k) => fc.tuple(fc.constant(k), fc.integer({ min: 0, max: 4 ** k }), fc.constantFrom(-1, 0, 1)))
    .map(([k, i, ulp]) => {
      const x = line(min, k, i)
      const y = ulp < 0 ? nextDown(x) : ulp > 0 ? nextUp(x) : x
      return Math.min(min + 36, Math.max(min, y))
    })

describe('encode equals the exact rational procedure', () => {
  it('the reference itself reproduces every official encode vector', () => {
    const v = JSON.parse(readFileSync(new URL('../test-vectors/vectors.json', import.meta.url), 'utf8')) as {
      encode: { lat: number; lon: number; digipin: string }[]
    }
    for (const c of v.encode) expect(refEncode(c.lat, c.lon)).toBe(c.digipin)
  })

  it('random doubles', () => {
    fc.assert(
      fc.property(lat, lon, precision, (y, x, p) => encode(y, x, p) === refEncode(y, x, p)),
      { seed: SEED, numRuns: 3000 },
    )
  })

  it('on every level grid line and one ulp either side', () => {
    fc.assert(
      fc.property(gridLine(2.5), gridLine(63.5), (y, x) => encode(y, x) === refEncode(y, x)),
      { seed: SEED, numRuns: 3000 },
    )
  })

  it('every grid line of levels 1–5, exhaustively, on both axes (with ±1 ulp)', () => {
    for (let k = 1; k <= 5; k++) {
      for (let i = 0; i <= 4 ** k; i++) {
        const y = line(2.5, k, i)
        const x = line(63.5, k, i)
        for (const [a, b] of [
          [y, 80.1],
          [nextUp(y), 80.1],
          [nextDown(y), 80.1],
          [20.1, x],
          [20.1, nextUp(x)],
          [20.1, nextDown(x)],
        ] as const) {
          const want = refEncode(a, b)
          if (want === undefined) expect(() => encode(a, b)).toThrow(DigipinError)
          else expect(encode(a, b)).toBe(want)
        }
      }
    }
  })

  it('the four outer edges: inside encodes, one ulp outside is a range error', () => {
    fc.assert(
      fc.property(lat, lon, (y, x) => {
        for (const [a, b] of [
          [2.5, x],
          [38.5, x],
          [y, 63.5],
          [y, 99.5],
        ] as const) {
          expect(encode(a, b)).toBe(refEncode(a, b))
        }
        expect(() => encode(nextDown(2.5), x)).toThrow(expect.objectContaining({ code: 'lat-out-of-range' }))
        expect(() => encode(nextUp(38.5), x)).toThrow(expect.objectContaining({ code: 'lat-out-of-range' }))
        expect(() => encode(y, nextDown(63.5))).toThrow(expect.objectContaining({ code: 'lon-out-of-range' }))
        expect(() => encode(y, nextUp(99.5))).toThrow(expect.objectContaining({ code: 'lon-out-of-range' }))
      }),
      { seed: SEED, numRuns: 300 },
    )
  })
})

const cell = precision.chain((p) =>
  fc.tuple(fc.integer({ min: 0, max: 4 ** p - 1 }), fc.integer({ min: 0, max: 4 ** p - 1 }), fc.constant(p)),
)

describe('decode is exact', () => {
  it('centre and bounds equal the exact rational cell', () => {
    fc.assert(
      fc.property(cell, ([r, c, p]) => {
        const code = refCode(r, c, p)
        const ref = refCell(code)
        const d = decode(code)
        const b = bounds(code)
        return (
          cmp(fromDouble(d.lat), ref.lat) === 0 &&
          cmp(fromDouble(d.lon), ref.lon) === 0 &&
          cmp(fromDouble(b.minLat), ref.minLat) === 0 &&
          cmp(fromDouble(b.maxLat), ref.maxLat) === 0 &&
          cmp(fromDouble(b.minLon), ref.minLon) === 0 &&
          cmp(fromDouble(b.maxLon), ref.maxLon) === 0
        )
      }),
      { seed: SEED, numRuns: 2000 },
    )
  })

  it('encode ∘ decode is the identity at every precision', () => {
    fc.assert(
      fc.property(cell, ([r, c, p]) => {
        const code = refCode(r, c, p)
        const d = decode(code)
        return encode(d.lat, d.lon, p) === code
      }),
      { seed: SEED, numRuns: 3000 },
    )
  })

  it('decode ∘ encode stays in the cell (half-open, closed at the north / east box edge)', () => {
    fc.assert(
      fc.property(fc.oneof(lat, gridLine(2.5)), fc.oneof(lon, gridLine(63.5)), precision, (y, x, p) => {
        const code = encode(y, x, p)
        const b = bounds(code)
        const c = decode(code)
        const inLat = b.minLat <= y && (y < b.maxLat || (y === 38.5 && b.maxLat === 38.5))
        const inLon = b.minLon <= x && (x < b.maxLon || (x === 99.5 && b.maxLon === 99.5))
        return inLat && inLon && b.minLat < c.lat && c.lat < b.maxLat && b.minLon < c.lon && c.lon < b.maxLon
      }),
      { seed: SEED, numRuns: 3000 },
    )
  })
})
