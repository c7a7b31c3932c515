import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decode, decodeBatch, encode, encodeBatch } from './index.ts'

const SEED = Number(process.env.FC_SEED ?? 20251130)
const text = new TextDecoder()

describe('encodeBatch / decodeBatch', () => {
  it('agree with encode / decode point by point', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 2.5, max: 38.5, noNaN: true }),
            fc.double({ min: 63.5, max: 99.5, noNaN: true }),
          ),
          {
            maxLength: 50,
          },
        ),
        (pts) => {
          const lats = Float64Array.from(pts, (p) => p[0])
          const lons = Float64Array.from(pts, (p) => p[1])
          const out = encodeBatch(lats, lons)
          const back = decodeBatch(out)
          pts.forEach(([y, x], i) => {
            const code = encode(y, x)
            expect(text.decode(out.subarray(10 * i, 10 * i + 10))).toBe(code.replace(/-/g, ''))
            expect(back.lats[i]).toBe(decode(code).lat)
            expect(back.lons[i]).toBe(decode(code).lon)
          })
          return true
        },
      ),
      { seed: SEED, numRuns: 200 },
    )
  })

  it('handles the box corners and writes into caller buffers', () => {
    const out = new Uint8Array(40)
    encodeBatch(Float64Array.of(2.5, 38.5, 38.5, 2.5), Float64Array.of(63.5, 99.5, 63.5, 99.5), out)
    expect(text.decode(out)).toBe('LLLLLLLLLL8888888888FFFFFFFFFFTTTTTTTTTT')
    const lats = new Float64Array(4)
    const lons = new Float64Array(4)
    const r = decodeBatch(new TextEncoder().encode('llllllllll8888888888FFFFFFFFFFTTTTTTTTTT'), lats, lons)
    expect(r.lats).toBe(lats)
    expect(lats[1]).toBe(decode('888-888-8888').lat)
  })

  it('validates every point before writing anything, and names the bad index', () => {
    const out = new Uint8Array(30)
    expect(() => encodeBatch(Float64Array.of(20, 20, 51), Float64Array.of(80, 80, 0), out)).toThrow(
      expect.objectContaining({ code: 'lat-out-of-range', position: 2 }),
    )
    expect(out.every((b) => b === 0)).toBe(true)
    expect(() => encodeBatch(Float64Array.of(20, Number.NaN), Float64Array.of(80, 80))).toThrow(
      expect.objectContaining({ code: 'not-a-number', position: 1 }),
    )
    expect(() => encodeBatch(Float64Array.of(20), Float64Array.of(80, 80))).toThrow(
      expect.objectContaining({ code: 'invalid-argument' }),
    )
    expect(() => encodeBatch(Float64Array.of(20), Float64Array.of(80), new Uint8Array(9))).toThrow(
      expect.objectContaining({ code: 'invalid-argument' }),
    )
    expect(() => decodeBatch(new TextEncoder().encode('39J49LL8T439J49LL8TG'))).toThrow(
      expect.objectContaining({ code: 'beta-symbol', position: 1 }),
    )
    expect(() => decodeBatch(new Uint8Array(11))).toThrow(
      expect.objectContaining({ code: 'invalid-argument' }),
    )
    expect(() => decodeBatch(Uint8Array.of(0xb3, ...new TextEncoder().encode('9J49LL8T4')))).toThrow(
      expect.objectContaining({ position: 0 }),
    )
  })
})

describe('encodeBatch into an odd byte offset', () => {
  it('writes the same bytes as the aligned path', () => {
    const lats = Float64Array.of(28.622788, 12.9716, 38.5, 2.5)
    const lons = Float64Array.of(77.213033, 77.5946, 99.5, 63.5)
    const backing = new Uint8Array(41)
    const odd = encodeBatch(lats, lons, backing.subarray(1))
    expect(new TextDecoder().decode(odd)).toBe(new TextDecoder().decode(encodeBatch(lats, lons)))
    expect(backing[0]).toBe(0)
  })
})

describe('decodeBatch from an odd byte offset', () => {
  it('reads the same centres as the aligned path, and reports bad codes the same way', () => {
    const good = new TextEncoder().encode('39J49LL8T44P3JK852C9')
    const backing = new Uint8Array(21)
    backing.set(good, 1)
    expect(decodeBatch(backing.subarray(1))).toEqual(decodeBatch(good))
    backing[20] = 'G'.charCodeAt(0)
    expect(() => decodeBatch(backing.subarray(1))).toThrow(
      expect.objectContaining({ code: 'beta-symbol', position: 1 }),
    )
    backing[20] = 0xc9
    expect(() => decodeBatch(backing.subarray(1))).toThrow(expect.objectContaining({ position: 1 }))
  })
})
