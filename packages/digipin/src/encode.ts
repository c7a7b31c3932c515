import { codeOf } from './code-string.ts'
import { checkPoint, checkPrecision, colOf, rowOf } from './point.ts'

/**
 * The DIGIPIN of a point: `XXX-XXX-XXXX` at the default precision 10 (a cell of about 3.8 m × 3.8 m);
 * shorter precisions give the prefix, hyphenated the same way (`39J-4`).
 *
 * Exact by integer arithmetic: a point on an inner grid line belongs to the cell to its north / east,
 * and the box's north (38.5) and east (99.5) edges belong to the last row / column.
 *
 * @param lat latitude in degrees, 2.5 to 38.5 inclusive
 * @param lon longitude in degrees, 63.5 to 99.5 inclusive
 * @param precision number of symbols, 1 to 10
 * @throws DigipinError `not-a-number`, `lat-out-of-range`, `lon-out-of-range` or `invalid-precision`
 */
export function encode(lat: number, lon: number, precision = 10): string {
  // one comparison pair per axis is the whole fast path; checkPoint is only called to build the error
  if (
    typeof lat !== 'number' ||
    typeof lon !== 'number' ||
    !(lat >= 2.5 && lat <= 38.5 && lon >= 63.5 && lon <= 99.5)
  ) {
    checkPoint(lat, lon)
  }
  if (precision === 10) return codeOf(rowOf(lat), colOf(lon), 10)
  checkPrecision(precision)
  const shift = 2 * (10 - precision)
  return codeOf(rowOf(lat) >> shift, colOf(lon) >> shift, precision)
}
