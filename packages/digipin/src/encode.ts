import { codeOf } from './code-string.ts'
import { GRID } from './grid.ts'
import { checkPoint, checkPrecision } from './point.ts'

// Box constants are literals, not the imported MIN_LAT etc.: V8 reads an imported binding through a module
// cell on every access, which measured about 2× slower on this hot path.

/**
 * PAIRS[r << 4 | c] = the char codes of two consecutive symbols, `first << 8 | second`, where r and c are the
 * two symbols' 4 row bits and 4 column bits. Built at load (256 entries, a pure call: it tree-shakes away).
 */
const PAIRS: Uint16Array = /* @__PURE__ */ pairTable()

function pairTable(): Uint16Array {
  const p = new Uint16Array(256)
  // symbol nibbles (i >> 4 & 12 | i >> 2 & 3) and (i >> 2 & 12 | i & 3), as GRID indices (nibble ^ 12)
  for (let i = 0; i < 256; i++)
    p[i] =
      (GRID.charCodeAt((((i >> 4) & 12) ^ 12) | ((i >> 2) & 3)) << 8) |
      GRID.charCodeAt((((i >> 2) & 12) ^ 12) | (i & 3))
  return p
}

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
  // Kept under V8's inlining limit (460 bytes of bytecode), so a caller's loop inlines encode: measured about
  // 25% faster than a call. The rare paths (errors, precision < 10) are therefore calls, and the fast path
  // checks one comparison pair per axis; checkPoint only runs to build the error.
  if (
    typeof lat !== 'number' ||
    typeof lon !== 'number' ||
    !(lat >= 2.5 && lat <= 38.5 && lon >= 63.5 && lon <= 99.5)
  ) {
    checkPoint(lat, lon)
  }
  // rowOf / colOf inlined (see point.ts for why this is exact). Only 38.5 / 99.5 give 4^10 = 2^20, so
  // subtracting `i >> 20` clamps the north and east edges into the last row / column without a branch.
  let row = ((((lat - 2.5) * 262144) | 0) / 9) | 0
  let col = ((((lon - 63.5) * 262144) | 0) / 9) | 0
  row -= row >> 20
  col -= col >> 20
  if (precision !== 10) return prefixCode(row, col, precision)
  // One String.fromCharCode with 12 arguments is a single allocation; concatenating precomputed 2- or
  // 3-symbol strings measured 1.5–3× slower (each `+` allocates and copies). One table load per symbol pair.
  const t = PAIRS
  const a = t[((row >> 12) & 240) | ((col >> 16) & 15)]!
  const b = t[((row >> 8) & 240) | ((col >> 12) & 15)]!
  const c = t[((row >> 4) & 240) | ((col >> 8) & 15)]!
  const d = t[(row & 240) | ((col >> 4) & 15)]!
  const e = t[((row << 4) & 240) | (col & 15)]!
  return String.fromCharCode(
    a >> 8,
    a & 255,
    b >> 8,
    45,
    b & 255,
    c >> 8,
    c & 255,
    45,
    d >> 8,
    d & 255,
    e >> 8,
    e & 255,
  )
}

/** The code of level-10 cell (row, col) cut to `precision` symbols; kept out of `encode` (see there). */
function prefixCode(row: number, col: number, precision: number): string {
  checkPrecision(precision)
  const shift = 20 - 2 * precision
  return codeOf(row >> shift, col >> shift, precision)
}
