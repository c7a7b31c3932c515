import { DigipinError } from './errors.ts'
import { MIN_LAT, MIN_LON } from './grid.ts'
import { canonical, scan, scanned } from './scan.ts'

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
  if (typeof code === 'string' && code.length === 12) {
    // fast path for the canonical XXX-XXX-XXXX; anything unusual falls through to the full scanner
    const v = canonical(code)
    if (v >= 0) {
      const row = Math.floor(v / 1048576)
      return { lat: 2.5 + (2 * row + 1) * HALF10, lon: 63.5 + (2 * (v - row * 1048576) + 1) * HALF10 }
    }
  }
  const issue = scan(code)
  if (issue) throw new DigipinError(issue)
  // half a cell at precision p is 18 / 4^p degrees: a power of two times 9, so every product below is exact
  const half = HALF[scanned.p]!
  return { lat: 2.5 + (2 * scanned.row + 1) * half, lon: 63.5 + (2 * scanned.col + 1) * half }
}

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
