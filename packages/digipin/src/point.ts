import { DigipinError } from './errors.ts'
import { MAX_LAT, MAX_LON, MAX_PRECISION, MIN_LAT, MIN_LON } from './grid.ts'

/**
 * Level-10 row (0 = southmost) of a latitude already checked to be in [2.5, 38.5].
 *
 * Exact: `lat - 2.5` is exact for any double in the box (both are multiples of ulp(lat) and the difference
 * is smaller than lat), scaling by 2^18 is exact, so `d` is the true value of (lat − 2.5)·2^18. The row is
 * floor(d / 9); floor(d / 9) = floor(floor(d) / 9) for a positive integer divisor, and `floor(d)` is a small
 * integer (< 2^24) whose float quotient by 9 is never within rounding distance of the next integer.
 * A point on an inner grid line therefore lands in the cell to its north, and 38.5 is clamped into the last row.
 */
export function rowOf(lat: number): number {
  // literals, not the imported constants: V8 reads imported bindings through a module cell on every call
  const i = ((((lat - 2.5) * 262144) | 0) / 9) | 0
  return i < 1048576 ? i : 1048575
}

/** Level-10 column (0 = westmost) of a longitude already checked to be in [63.5, 99.5]; see {@link rowOf}. */
export function colOf(lon: number): number {
  const i = ((((lon - 63.5) * 262144) | 0) / 9) | 0
  return i < 1048576 ? i : 1048575
}

/** Throws the {@link DigipinError} that says why (lat, lon) is not a point DIGIPIN can encode. */
export function checkPoint(lat: unknown, lon: unknown): void {
  checkAxis(lat, 'lat')
  checkAxis(lon, 'lon')
}

function checkAxis(v: unknown, axis: 'lat' | 'lon'): void {
  const [lo, hi, name] = axis === 'lat' ? [MIN_LAT, MAX_LAT, 'Latitude'] : [MIN_LON, MAX_LON, 'Longitude']
  if (typeof v !== 'number' || Number.isNaN(v)) {
    throw new DigipinError({
      code: 'not-a-number',
      value: v,
      message: `${name} must be a number from ${lo} to ${hi} (got ${describe(v)}).`,
    })
  }
  if (!(v >= lo && v <= hi)) {
    throw new DigipinError({
      code: `${axis}-out-of-range`,
      value: v,
      message: `${name} ${v} is outside the DIGIPIN box; accepted: ${lo} to ${hi} degrees (inclusive).`,
    })
  }
}

/** Throws unless `p` is an integer precision from 1 to 10. */
export function checkPrecision(p: unknown): asserts p is number {
  if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > MAX_PRECISION) {
    throw new DigipinError({
      code: 'invalid-precision',
      value: p,
      message: `Precision must be an integer from 1 to ${MAX_PRECISION} symbols (got ${describe(p)}).`,
    })
  }
}

/** A short, safe description of any value for error messages. */
export function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)
  return (v && typeof v === 'object') || typeof v === 'function' ? `a value of type ${typeof v}` : String(v)
}
