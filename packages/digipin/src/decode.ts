import { DigipinError } from './errors.ts'
import { MIN_LAT, MIN_LON, NIBBLE_OF_CHAR } from './grid.ts'
import { scan, scanned } from './scan.ts'

/** A point in degrees (WGS 84 as DIGIPIN uses it). */
export interface LatLon {
  lat: number
  lon: number
}

/** The edges of a cell in degrees. */
export interface Bounds {
  minLat: number
  maxLat: number
  minLon: number
  maxLon: number
}

/**
 * The centre of a DIGIPIN cell. The result is the exact centre (a dyadic rational, representable as a
 * double), so `lat.toFixed(6)` and `lon.toFixed(6)` equal the strings of the official implementation.
 * Accepts any case, hyphens or spaces, surrounding whitespace and 1–10 symbols.
 * @throws DigipinError when `code` is not a DIGIPIN
 */
export function decode(code: string): LatLon {
  if (
    typeof code === 'string' &&
    code.length === 12 &&
    code.charCodeAt(3) === 45 &&
    code.charCodeAt(7) === 45
  ) {
    // fast path for the canonical XXX-XXX-XXXX, unrolled; anything unusual falls through to the full scanner.
    // One test rejects every char code ≥ 128 (the table covers ASCII), then the table's -1 rejects the rest.
    let a = code.charCodeAt(0)
    let b = code.charCodeAt(1)
    let c = code.charCodeAt(2)
    let d = code.charCodeAt(4)
    let e = code.charCodeAt(5)
    let g = code.charCodeAt(6)
    let h = code.charCodeAt(8)
    let i = code.charCodeAt(9)
    let j = code.charCodeAt(10)
    let k = code.charCodeAt(11)
    if ((a | b | c | d | e | g | h | i | j | k) < 128) {
      const t = NIBBLES
      a = t[a]!
      b = t[b]!
      c = t[c]!
      d = t[d]!
      e = t[e]!
      g = t[g]!
      h = t[h]!
      i = t[i]!
      j = t[j]!
      k = t[k]!
      if ((a | b | c | d | e | g | h | i | j | k) >= 0) {
        // each nibble is (row bit pair) << 2 | (col bit pair): gather the pairs
        const row =
          ((a & 12) << 16) |
          ((b & 12) << 14) |
          ((c & 12) << 12) |
          ((d & 12) << 10) |
          ((e & 12) << 8) |
          ((g & 12) << 6) |
          ((h & 12) << 4) |
          ((i & 12) << 2) |
          (j & 12) |
          (k >> 2)
        const col =
          ((a & 3) << 18) |
          ((b & 3) << 16) |
          ((c & 3) << 14) |
          ((d & 3) << 12) |
          ((e & 3) << 10) |
          ((g & 3) << 8) |
          ((h & 3) << 6) |
          ((i & 3) << 4) |
          ((j & 3) << 2) |
          (k & 3)
        return { lat: 2.5 + (2 * row + 1) * HALF10, lon: 63.5 + (2 * col + 1) * HALF10 }
      }
    }
  }
  const issue = scan(code)
  if (issue) throw new DigipinError(issue)
  // half a cell at precision p is 18 / 4^p degrees: a power of two times 9, so every product below is exact
  const half = 18 / 4 ** scanned.p // = HALF[p], computed here so that the core bundle needs no table
  return { lat: 2.5 + (2 * scanned.row + 1) * half, lon: 63.5 + (2 * scanned.col + 1) * half }
}

// module-local alias of the imported table: faster to read on the hot path (see encode.ts)
const NIBBLES = NIBBLE_OF_CHAR

/** Half a level-10 cell in degrees, 9 / 2^19 (a literal: see rowOf). */
const HALF10 = 0.0000171661376953125

/**
 * The edges of a DIGIPIN cell, exact. The cell holds the points with minLat ≤ lat < maxLat and
 * minLon ≤ lon < maxLon, and also its north / east edge when that edge is the box's edge (38.5 / 99.5).
 * @throws DigipinError when `code` is not a DIGIPIN
 */
export function bounds(code: string): Bounds {
  const issue = scan(code)
  if (issue) throw new DigipinError(issue)
  return cellBounds(scanned.row, scanned.col, scanned.p)
}

/** Bounds of cell (row, col) at precision p. */
export function cellBounds(row: number, col: number, p: number): Bounds {
  const size = 2 * HALF[p]!
  return {
    minLat: MIN_LAT + row * size,
    maxLat: MIN_LAT + (row + 1) * size,
    minLon: MIN_LON + col * size,
    maxLon: MIN_LON + (col + 1) * size,
  }
}

/** HALF[p] = half the side of a precision-p cell in degrees = 18 / 4^p, exact (index 0 is the whole box). */
export const HALF: readonly number[] = /* @__PURE__ */ Array.from({ length: 11 }, (_, p) => 18 / 4 ** p)
