import { CHAR_OF_NIBBLE } from './grid.ts'

/**
 * The hyphenated code of cell (row, col) at precision `p` (rows/cols are indices at that precision).
 * Hyphens go after the 3rd and 6th symbols when the code is longer: `39J`, `39J-4`, `39J-49L-L8T4`.
 */
export function codeOf(row: number, col: number, p: number): string {
  const t = CHAR_OF_NIBBLE
  let s = ''
  for (let i = 0; i < p; i++) {
    const k = p - 1 - i
    if (i === 3 || i === 6) s += '-'
    s += String.fromCharCode(t[(((row >> (2 * k)) & 3) << 2) | ((col >> (2 * k)) & 3)]!)
  }
  return s
}
