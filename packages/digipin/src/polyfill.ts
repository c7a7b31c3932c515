import { side } from './cell.ts'
import { codeOf } from './code-string.ts'
import { type Bounds, HALF } from './decode.ts'
import { DigipinError } from './errors.ts'
import { MAX_LAT, MAX_LON, MIN_LAT, MIN_LON } from './grid.ts'
import { checkPrecision, colOf, rowOf } from './point.ts'

/** A position as GeoJSON writes it: `[lon, lat]`. */
export type Position = readonly [number, number] | readonly number[]
/** A GeoJSON Polygon (exterior ring, then holes) or MultiPolygon geometry. */
export type PolygonGeometry =
  | { type: 'Polygon'; coordinates: readonly (readonly Position[])[] }
  | { type: 'MultiPolygon'; coordinates: readonly (readonly (readonly Position[])[])[] }
/** What {@link polyfill} covers: a bounding box, a GeoJSON polygon geometry or a Feature holding one. */
export type PolyfillShape = Bounds | PolygonGeometry | { type: 'Feature'; geometry: PolygonGeometry }

/** Options of {@link polyfill}. */
export interface PolyfillOptions {
  /** Replace every complete set of 16 sibling cells by their parent, recursively (mixed precision). */
  compact?: boolean
  /** Refuse (error `too-many-cells`) rather than return more cells than this. Default 1,000,000. */
  maxCells?: number
}

/**
 * The cells of `precision` symbols that cover a shape.
 *
 * - A bounding box gives exactly the cells that `encode` assigns to the points of the closed box: every
 *   point in it encodes to one of them, and each of them holds a point of it (a box edge lying on a grid
 *   line therefore includes the row / column to its north / east, as `encode` does).
 * - A polygon gives the cells whose centre is inside it (even–odd rule, holes subtracted; a centre on an
 *   edge follows the half-open crossing test, so two polygons sharing an edge never both claim a cell).
 *
 * Order: north row first, west to east; with `compact`, sorted by code.
 * @throws DigipinError `invalid-precision`, `invalid-argument` or `too-many-cells`
 */
export function polyfill(shape: PolyfillShape, precision: number, options: PolyfillOptions = {}): string[] {
  checkPrecision(precision)
  if (shape === null || typeof shape !== 'object')
    throw badShape('expected a bbox object or a GeoJSON polygon')
  const max = options.maxCells ?? 1_000_000
  const cells =
    'type' in shape ? polygonCells(rings(shape), precision, max) : bboxCells(shape, precision, max)
  return options.compact ? compactCells(cells, precision) : cells.map(([r, c]) => codeOf(r, c, precision))
}

type RC = [number, number]

function bboxCells(b: Bounds, p: number, max: number): RC[] {
  for (const k of ['minLat', 'maxLat', 'minLon', 'maxLon'] as const) {
    if (typeof b[k] !== 'number' || Number.isNaN(b[k])) throw badShape(`bbox.${k} must be a number`)
  }
  if (b.minLat > b.maxLat || b.minLon > b.maxLon) throw badShape('bbox min must not exceed max')
  if (b.maxLat < MIN_LAT || b.minLat > MAX_LAT || b.maxLon < MIN_LON || b.minLon > MAX_LON) return []
  const s = 2 * (10 - p)
  const r0 = rowOf(Math.max(b.minLat, MIN_LAT)) >> s
  const r1 = rowOf(Math.min(b.maxLat, MAX_LAT)) >> s
  const c0 = colOf(Math.max(b.minLon, MIN_LON)) >> s
  const c1 = colOf(Math.min(b.maxLon, MAX_LON)) >> s
  checkCount((r1 - r0 + 1) * (c1 - c0 + 1), max)
  const out: RC[] = []
  for (let r = r1; r >= r0; r--) for (let c = c0; c <= c1; c++) out.push([r, c])
  return out
}

function rings(
  shape: PolygonGeometry | { type: 'Feature'; geometry: PolygonGeometry },
): (readonly Position[])[] {
  const g = shape.type === 'Feature' ? shape.geometry : shape
  if (g?.type === 'Polygon') return [...g.coordinates]
  if (g?.type === 'MultiPolygon') return g.coordinates.flat()
  throw badShape('expected a bbox, a GeoJSON Polygon or MultiPolygon, or a Feature holding one')
}

function polygonCells(rs: (readonly Position[])[], p: number, max: number): RC[] {
  let minY = Number.POSITIVE_INFINITY
  let maxY = Number.NEGATIVE_INFINITY
  for (const ring of rs) {
    for (const pt of ring) {
      const x = pt[0]
      const y = pt[1]
      if (!Number.isFinite(x) || !Number.isFinite(y))
        throw badShape('every position must be [lon, lat] numbers')
      minY = Math.min(minY, y!)
      maxY = Math.max(maxY, y!)
    }
  }
  if (!(maxY >= MIN_LAT && minY <= MAX_LAT)) return []
  const h = HALF[p]!
  const n = side(p)
  const centre = (i: number, min: number): number => min + (2 * i + 1) * h
  const s = 2 * (10 - p)
  const out: RC[] = []
  const xs: number[] = []
  for (let r = rowOf(Math.min(maxY, MAX_LAT)) >> s; r >= rowOf(Math.max(minY, MIN_LAT)) >> s; r--) {
    const y = centre(r, MIN_LAT)
    xs.length = 0
    for (const ring of rs) crossings(ring, y, xs)
    xs.sort((a, b) => a - b)
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const a = firstCentreAtOrAfter(xs[i]!, n, h)
      const b = firstCentreAtOrAfter(xs[i + 1]!, n, h)
      for (let c = a; c < b; c++) out.push([r, c])
      checkCount(out.length, max)
    }
  }
  return out
}

/** x of every edge crossing of the horizontal line at y, by the classic half-open PNPOLY test. */
export function crossings(ring: readonly Position[], y: number, out: number[]): void {
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]![0]!
    const yi = ring[i]![1]!
    const xj = ring[j]![0]!
    const yj = ring[j]![1]!
    if (yi > y !== yj > y) out.push(((xj - xi) * (y - yi)) / (yj - yi) + xi)
  }
}

/** The first column whose centre is ≥ x, clamped to [0, n]; the estimate is corrected by direct comparisons. */
function firstCentreAtOrAfter(x: number, n: number, h: number): number {
  const at = (c: number): number => MIN_LON + (2 * c + 1) * h
  let c = Math.min(n, Math.max(0, Math.ceil((x - MIN_LON - h) / (2 * h))))
  while (c > 0 && at(c - 1) >= x) c--
  while (c < n && at(c) < x) c++
  return c
}

function compactCells(cells: RC[], p: number): string[] {
  const out: string[] = []
  let level = new Map<number, RC>()
  for (const rc of cells) level.set(rc[0] * 2 ** 20 + rc[1], rc)
  for (let q = p; q >= 1; q--) {
    const families = new Map<number, number>()
    for (const [r, c] of level.values()) {
      const key = (r >> 2) * 2 ** 20 + (c >> 2)
      families.set(key, (families.get(key) ?? 0) + 1)
    }
    const next = new Map<number, RC>()
    for (const rc of level.values()) {
      const fam = (rc[0] >> 2) * 2 ** 20 + (rc[1] >> 2)
      if (q > 1 && families.get(fam) === 16) next.set(fam, [rc[0] >> 2, rc[1] >> 2])
      else out.push(codeOf(rc[0], rc[1], q))
    }
    level = next
  }
  return out.sort()
}

function checkCount(count: number, max: number): void {
  if (count > max) {
    throw new DigipinError({
      code: 'too-many-cells',
      value: count,
      message: `The shape covers more than ${max} cells at this precision; use a lower precision, the compact option, or raise maxCells.`,
    })
  }
}

function badShape(what: string): DigipinError {
  return new DigipinError({ code: 'invalid-argument', message: `polyfill: ${what}.` })
}
