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
// a fraction of a percent of the great-circle distance and keeps 2-opt's inner loop to a multiply-add.
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

const dist = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y)

/** Length in metres of visiting `path` in order, from `origin` when given. */
function pathLength(path: readonly Point[], origin: Point | null): number {
  let m = origin && path[0] ? dist(origin, path[0]) : 0
  for (let i = 1; i < path.length; i++) m += dist(path[i - 1]!, path[i]!)
  return m
}

function nearestNeighbour(sorted: Point[], origin: Point | null): Point[] {
  const left = [...sorted]
  const route: Point[] = []
  let here = origin ?? left.shift()
  if (!origin && here) route.push(here)
  while (left.length > 0 && here) {
    let best = 0
    let bestD = Number.POSITIVE_INFINITY
    for (let i = 0; i < left.length; i++) {
      const d = dist(here, left[i]!)
      if (d < bestD) {
        bestD = d
        best = i
      }
    }
    here = left.splice(best, 1)[0]!
    route.push(here)
  }
  return route
}

// 2-opt on an open path with a fixed start (the office, or the first stop): reverse route[i..j] when that
// shortens the path; repeat until no move helps or the pass budget is spent.
function twoOpt(route: Point[], origin: Point | null, maxPasses = 50): Point[] {
  const p = origin ? [origin, ...route] : [...route]
  const n = p.length
  for (let pass = 0; pass < maxPasses; pass++) {
    let improved = false
    for (let i = 1; i < n - 1; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = p[i - 1]!
        const b = p[i]!
        const c = p[j]!
        const d = p[j + 1]
        const before = dist(a, b) + (d ? dist(c, d) : 0)
        const after = dist(a, c) + (d ? dist(b, d) : 0)
        if (after < before - 1e-6) {
          for (let l = i, r = j; l < r; l++, r--) [p[l], p[r]] = [p[r]!, p[l]!]
          improved = true
        }
      }
    }
    if (!improved) break
  }
  return origin ? p.slice(1) : p
}

/**
 * Orders a beat: DIGIPIN sort, nearest neighbour from `start` (the office; else the first stop), then 2-opt
 * (also run on the DIGIPIN order itself; the shorter wins).
 * Throws `DigipinError` for a stop whose DIGIPIN is not valid (bookings validate it, so this is a bug).
 */
export function orderBeat(stops: readonly BeatStop[], start?: { lat: number; lon: number }): Beat {
  const { points, origin } = project(stops, start)
  const sorted = [...points].sort((a, b) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  )
  // 2-opt is a local search: starting it from both the nearest-neighbour walk and the plain DIGIPIN order and
  // keeping the shorter costs one more pass and guarantees the beat is never longer than the DIGIPIN order.
  const a = twoOpt(nearestNeighbour(sorted, origin), origin)
  const b = twoOpt(sorted, origin)
  const la = pathLength(a, origin)
  const lb = pathLength(b, origin)
  const route = lb < la ? b : a
  return { order: route.map((p) => p.id), metres: Math.min(la, lb) }
}

/** Length in metres of delivering the stops in the given order (the baseline an ordered beat is compared to). */
export function routeMetres(stops: readonly BeatStop[], start?: { lat: number; lon: number }): number {
  const { points, origin } = project(stops, start)
  return pathLength(points, origin)
}
