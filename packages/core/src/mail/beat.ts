/**
 * A postman's beat list in delivery order. Pure and deterministic: stops are first sorted by DIGIPIN (nearby
 * cells share prefixes, so this alone groups a street), then a nearest-neighbour walk from the office builds a
 * route over the decoded cell centres and 2-opt removes its crossings; the result is never longer than the
 * DIGIPIN order. Ties break by article id, so every
 * device computes the same beat.
 */
import { decode } from '@dak/digipin'

export interface BeatStop {
  readonly articleId: string
  /** The addressee's DIGIPIN (10 symbols, any accepted spelling). */
  readonly digipin: string
}

export interface Beat {
  /** Article ids in delivery order. */
  readonly order: readonly string[]
  /** Length of the route in metres: office → every stop in order (an open path; the postman need not return). */
  readonly metres: number
}

interface Point {
  readonly id: string
  readonly key: string
  readonly x: number
  readonly y: number
}

const R = 6_371_000
const RAD = Math.PI / 180

// Equirectangular projection around the beat's mean latitude: at delivery-beat scale (a few km) it is within
// a fraction of a percent of the great-circle distance and keeps 2-opt's inner loop to array reads.
function project(
  stops: readonly BeatStop[],
  start?: { lat: number; lon: number },
): { points: Point[]; origin: Point | null } {
  const decoded = stops.map((s) => ({ s, c: decode(s.digipin) }))
  const meanLat = decoded.reduce((a, d) => a + d.c.lat, 0) / Math.max(1, decoded.length)
  const k = Math.cos(meanLat * RAD)
  const toPoint = (id: string, key: string, lat: number, lon: number): Point => ({
    id,
    key,
    x: lon * RAD * k * R,
    y: lat * RAD * R,
  })
  const points = decoded.map(({ s, c }) =>
    toPoint(s.articleId, s.digipin.replace(/[-\s]/g, '').toUpperCase(), c.lat, c.lon),
  )
  return { points, origin: start ? toPoint('', '', start.lat, start.lon) : null }
}

/** Nodes of a route (the office first when there is one) and their pairwise distances. */
interface Graph {
  readonly nodes: readonly Point[]
  /** 1 when node 0 is the office (fixed, not a stop), else 0 (the first stop in the path is fixed). */
  readonly fixed: 0 | 1
  dist(a: number, b: number): number
  /** Row-major distance matrix (`size` × `size`) when the beat is small enough, else null. */
  readonly matrix: Float64Array | null
  readonly size: number
}

// A full distance matrix up to this many nodes (2 MB); beyond it distances are computed on demand.
const MATRIX_MAX = 512

function graphOf(points: readonly Point[], origin: Point | null, matrix = true): Graph {
  const nodes = origin ? [origin, ...points] : [...points]
  const n = nodes.length
  const xs = Float64Array.from(nodes, (p) => p.x)
  const ys = Float64Array.from(nodes, (p) => p.y)
  const direct = (a: number, b: number) => {
    const dx = xs[a]! - xs[b]!
    const dy = ys[a]! - ys[b]!
    return Math.sqrt(dx * dx + dy * dy)
  }
  const fixed = origin ? 1 : 0
  if (!matrix || n > MATRIX_MAX) return { nodes, fixed, dist: direct, matrix: null, size: n }
  const m = new Float64Array(n * n)
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) m[a * n + b] = m[b * n + a] = direct(a, b)
  return { nodes, fixed, dist: (a, b) => m[a * n + b]!, matrix: m, size: n }
}

/** Length in metres of a path of node indices. */
function lengthOf(g: Graph, path: Int32Array): number {
  let m = 0
  for (let i = 1; i < path.length; i++) m += g.dist(path[i - 1]!, path[i]!)
  return m
}

/** Nearest-neighbour walk over the stops in the given order of candidates (ties keep the earlier one). */
function nearestNeighbour(g: Graph, candidates: Int32Array): Int32Array {
  const path = new Int32Array(g.nodes.length)
  const left = Array.from(candidates)
  let k = 0
  let here: number
  if (g.fixed) here = 0
  else here = left.shift()!
  path[k++] = here
  while (left.length > 0) {
    let best = 0
    let bestD = Number.POSITIVE_INFINITY
    for (let i = 0; i < left.length; i++) {
      const d = g.dist(here, left[i]!)
      if (d < bestD) {
        bestD = d
        best = i
      }
    }
    here = left.splice(best, 1)[0]!
    path[k++] = here
  }
  return path
}

// 2-opt on an open path with a fixed first node (the office, or the first stop): reverse path[i..j] when that
// shortens it; repeat until no move helps (or the pass budget is spent). Only ever shortens the path.
function twoOpt(g: Graph, path: Int32Array, maxPasses = 100): Int32Array {
  const p = Int32Array.from(path)
  const n = p.length
  const m = g.matrix
  const size = g.size
  // The hot loop reads the matrix directly: four array reads per candidate move.
  const d = m ? (a: number, b: number) => m[a * size + b]! : g.dist
  for (let pass = 0; pass < maxPasses; pass++) {
    let improved = false
    for (let i = 1; i < n - 1; i++) {
      const a = p[i - 1]!
      for (let j = i + 1; j < n; j++) {
        const b = p[i]!
        const c = p[j]!
        let before = d(a, b)
        let after = d(a, c)
        if (j + 1 < n) {
          const e = p[j + 1]!
          before += d(c, e)
          after += d(b, e)
        }
        if (after < before - 1e-6) {
          p.subarray(i, j + 1).reverse()
          improved = true
        }
      }
    }
    if (!improved) break
  }
  return p
}

function beatOf(g: Graph, path: Int32Array): Beat {
  const order: string[] = []
  for (let i = g.fixed; i < path.length; i++) order.push(g.nodes[path[i]!]!.id)
  return { order, metres: lengthOf(g, path) }
}

const byKeyThenId = (a: Point, b: Point) =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0

/**
 * Orders a beat: DIGIPIN sort, nearest neighbour from `start` (the office; else the first stop), then 2-opt
 * (also run on the DIGIPIN order itself; the shorter wins, so the beat is never longer than the DIGIPIN order).
 * Throws `DigipinError` for a stop whose DIGIPIN is not valid (bookings validate it, so this is a bug).
 */
export function orderBeat(stops: readonly BeatStop[], start?: { lat: number; lon: number }): Beat {
  const { points, origin } = project(stops, start)
  const g = graphOf([...points].sort(byKeyThenId), origin)
  const sorted = Int32Array.from({ length: g.nodes.length }, (_, i) => i)
  const a = beatOf(g, twoOpt(g, nearestNeighbour(g, sorted.subarray(g.fixed))))
  // Usually the nearest-neighbour route already beats the DIGIPIN order; only when it does not is 2-opt also
  // run from the DIGIPIN order, so the beat is never longer than that order.
  if (a.metres <= lengthOf(g, sorted)) return a
  const b = beatOf(g, twoOpt(g, sorted))
  return b.metres < a.metres ? b : a
}

/** 2-opt from the stops' own order, without the DIGIPIN sort or the nearest-neighbour start (a baseline). */
export function improveRoute(stops: readonly BeatStop[], start?: { lat: number; lon: number }): Beat {
  const { points, origin } = project(stops, start)
  const g = graphOf(points, origin)
  return beatOf(
    g,
    twoOpt(
      g,
      Int32Array.from({ length: g.nodes.length }, (_, i) => i),
    ),
  )
}

/** Length in metres of delivering the stops in the given order (the baseline an ordered beat is compared to). */
export function routeMetres(stops: readonly BeatStop[], start?: { lat: number; lon: number }): number {
  const { points, origin } = project(stops, start)
  const g = graphOf(points, origin)
  return lengthOf(
    g,
    Int32Array.from({ length: g.nodes.length }, (_, i) => i),
  )
}
