import { DigipinError } from './errors.ts'
import { scan, scanned } from './scan.ts'

/** A cell as integers: row (from the south) and column (from the west) at precision p. */
export interface Cell {
  row: number
  col: number
  p: number
}

/** The cell of a DIGIPIN. @throws DigipinError when `code` is not a DIGIPIN */
export function cellOf(code: string): Cell {
  const issue = scan(code)
  if (issue) throw new DigipinError(issue)
  return { row: scanned.row, col: scanned.col, p: scanned.p }
}

/** Number of cells along one axis at precision p (4^p). */
export function side(p: number): number {
  return 1 << (2 * p)
}
