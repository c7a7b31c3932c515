import { type Cell, cellOf, side } from './cell.ts'
import { codeOf } from './code-string.ts'
import type { LatLon } from './decode.ts'
import { DigipinError } from './errors.ts'
import { checkPoint, colOf, rowOf } from './point.ts'

/** A compass direction to a neighbouring cell. */
export type Direction = 'N' | 'NE' | 'E' | 'SE' | 'S' | 'SW' | 'W' | 'NW'

/** Row / column steps of each direction, clockwise from north (rows grow northward, columns eastward). */
const STEPS: Readonly<Record<Direction, readonly [number, number]>> = {
  N: [1, 0],
  NE: [1, 1],
  E: [0, 1],
  SE: [-1, 1],
  S: [-1, 0],
  SW: [-1, -1],
  W: [0, -1],
  NW: [1, -1],
}
const EIGHT: readonly Direction[] = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW']
const FOUR: readonly Direction[] = ['N', 'E', 'S', 'W']

/**
 * The enclosing cell `levels` symbols up (default 1): `parent('39J-49L-L8T4')` is `39J-49L-L8T`.
 * @throws DigipinError `invalid-precision` when the code has no parent at that level
 */
export function parent(code: string, levels = 1): string {
  const c = cellOf(code)
  const p = c.p - levels
  if (!Number.isInteger(levels) || levels < 1 || p < 1) {
    throw new DigipinError({
      code: 'invalid-precision',
      value: levels,
      message: `A ${c.p}-symbol code has parents 1 to ${c.p - 1} levels up (got ${String(levels)}); a 1-symbol code has no parent.`,
    })
  }
  return codeOf(c.row >> (2 * levels), c.col >> (2 * levels), p)
}

/**
 * The 16 cells one symbol deeper, in grid order (north-west first, row by row).
 * @throws DigipinError `invalid-precision` for a 10-symbol code
 */
export function children(code: string): string[] {
  const c = cellOf(code)
  if (c.p >= 10) {
    throw new DigipinError({
      code: 'invalid-precision',
      value: code,
      message:
        'A 10-symbol DIGIPIN is the finest cell and has no children; accepted: codes of 1 to 9 symbols.',
    })
  }
  const out: string[] = []
  for (let r = 3; r >= 0; r--) {
    for (let k = 0; k < 4; k++) out.push(codeOf((c.row << 2) | r, (c.col << 2) | k, c.p + 1))
  }
  return out
}

/**
 * True when `inner` (a code, or a point by the encoding rules) lies in the cell `outer`. A code contains
 * itself and every longer code that starts with it.
 */
export function contains(outer: string, inner: string | LatLon): boolean {
  const o = cellOf(outer)
  if (typeof inner === 'string') {
    const i = cellOf(inner)
    if (i.p < o.p) return false
    const s = 2 * (i.p - o.p)
    return i.row >> s === o.row && i.col >> s === o.col
  }
  checkPoint(inner?.lat, inner?.lon)
  const s = 2 * (10 - o.p)
  return rowOf(inner.lat) >> s === o.row && colOf(inner.lon) >> s === o.col
}

/** The neighbouring cell in one direction at the same precision, or `null` beyond the box edge. */
export function neighbour(code: string, direction: Direction): string | null {
  const step = STEPS[direction]
  if (step === undefined) {
    throw new DigipinError({
      code: 'invalid-argument',
      value: direction,
      message: `Unknown direction ${JSON.stringify(direction)}; accepted: ${EIGHT.join(', ')}.`,
    })
  }
  const c = cellOf(code)
  return step2(c, step[0], step[1])
}

/**
 * The neighbouring cells at the same precision, clockwise from north (8-way, or N E S W with
 * `{ connectivity: 4 }`). Cells beyond the box edge are left out, so edge cells have fewer.
 */
export function neighbours(code: string, options: { connectivity?: 4 | 8 } = {}): string[] {
  const c = cellOf(code)
  const k = options.connectivity
  if (k !== undefined && k !== 4 && k !== 8) {
    throw new DigipinError({
      code: 'invalid-argument',
      value: k,
      message: `connectivity must be 4 (edges) or 8 (edges and corners), got ${String(k)}.`,
    })
  }
  const dirs = k === 4 ? FOUR : EIGHT
  const out: string[] = []
  for (const d of dirs) {
    const n = step2(c, STEPS[d][0], STEPS[d][1])
    if (n !== null) out.push(n)
  }
  return out
}

function step2(c: Cell, dr: number, dc: number): string | null {
  const n = side(c.p)
  const r = c.row + dr
  const k = c.col + dc
  return r < 0 || k < 0 || r >= n || k >= n ? null : codeOf(r, k, c.p)
}

/**
 * The cells at exactly `k` steps (Chebyshev distance: a square ring) around `code`, clockwise from the
 * north-west corner; cells beyond the box are left out. `ring(code, 0)` is `[code]` in canonical form.
 */
export function ring(code: string, k: number): string[] {
  checkRadius(k)
  const c = cellOf(code)
  if (k === 0) return [codeOf(c.row, c.col, c.p)]
  const out: string[] = []
  const push = (r: number, q: number): void => {
    const n = side(c.p)
    if (r >= 0 && q >= 0 && r < n && q < n) out.push(codeOf(r, q, c.p))
  }
  for (let q = c.col - k; q < c.col + k; q++) push(c.row + k, q) // north edge, west to east
  for (let r = c.row + k; r > c.row - k; r--) push(r, c.col + k) // east edge, north to south
  for (let q = c.col + k; q > c.col - k; q--) push(c.row - k, q) // south edge, east to west
  for (let r = c.row - k; r < c.row + k; r++) push(r, c.col - k) // west edge, south to north
  return out
}

/** Every cell within `k` steps of `code` (the filled square), north row first, clipped at the box. */
export function disk(code: string, k: number): string[] {
  checkRadius(k)
  const c = cellOf(code)
  const n = side(c.p)
  const out: string[] = []
  for (let r = Math.min(n - 1, c.row + k); r >= Math.max(0, c.row - k); r--) {
    for (let q = Math.max(0, c.col - k); q <= Math.min(n - 1, c.col + k); q++) out.push(codeOf(r, q, c.p))
  }
  return out
}

function checkRadius(k: unknown): void {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k > 1024) {
    throw new DigipinError({
      code: 'invalid-argument',
      value: k,
      message: `The radius must be an integer number of cells from 0 to 1024 (got ${String(k)}).`,
    })
  }
}
