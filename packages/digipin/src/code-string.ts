import { GRID } from './grid.ts'

/**
 * The hyphenated code of cell (row, col) at precision `p` (rows/cols are indices at that precision).
 * Hyphens go after the 3rd and 6th symbols when the code is longer: `39J`, `39J-4`, `39J-49L-L8T4`.
 */
export function codeOf(row: number, col: number, p: number): string {
  let s = ''
  for (let i = 0; i < p; i++) {
    const k = 2 * (p - 1 - i)
    if (i === 3 || i === 6) s += '-'
    // GRID index of the symbol: the nibble (row from south) << 2 | col with the row bits flipped (see grid.ts)
    s += GRID[((((row >> k) & 3) << 2) | ((col >> k) & 3)) ^ 12]
  }
  return s
}
