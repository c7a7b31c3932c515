import { codeOf } from './code-string.ts'
import { CHAR_OF_NIBBLE } from './grid.ts'
import { checkPoint, checkPrecision } from './point.ts'

// A module-local alias: V8 reads an imported binding through a module cell on every access, and the hot path
// below measured about 2× slower with it (under tsx, on source). Box constants are literals for the same reason.
const CHARS = CHAR_OF_NIBBLE

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
  // rowOf / colOf inlined (see point.ts for why this is exact)
  let row = ((((lat - 2.5) * 262144) | 0) / 9) | 0
  let col = ((((lon - 63.5) * 262144) | 0) / 9) | 0
  if (row > 1048575) row = 1048575
  if (col > 1048575) col = 1048575
  if (precision !== 10) {
    checkPrecision(precision)
    const shift = 2 * (10 - precision)
    return codeOf(row >> shift, col >> shift, precision)
  }
  const t = CHARS
  return String.fromCharCode(
    t[((row >> 16) & 12) | ((col >> 18) & 3)]!,
    t[((row >> 14) & 12) | ((col >> 16) & 3)]!,
    t[((row >> 12) & 12) | ((col >> 14) & 3)]!,
    45,
    t[((row >> 10) & 12) | ((col >> 12) & 3)]!,
    t[((row >> 8) & 12) | ((col >> 10) & 3)]!,
    t[((row >> 6) & 12) | ((col >> 8) & 3)]!,
    45,
    t[((row >> 4) & 12) | ((col >> 6) & 3)]!,
    t[((row >> 2) & 12) | ((col >> 4) & 3)]!,
    t[(row & 12) | ((col >> 2) & 3)]!,
    t[((row << 2) & 12) | (col & 3)]!,
  )
}
