import { cellOf } from './cell.ts'
import { HALF, type LatLon } from './decode.ts'
import { DigipinError } from './errors.ts'
import { MIN_LAT, MIN_LON } from './grid.ts'
import { checkPrecision } from './point.ts'

/** Mean Earth radius in metres (IUGG), used by the haversine formulas. */
export const EARTH_RADIUS_M = 6371008.8
const RAD = Math.PI / 180

function toPoint(x: string | LatLon): LatLon {
  if (typeof x === 'string') {
    const c = cellOf(x)
    const h = HALF[c.p]!
    return { lat: MIN_LAT + (2 * c.row + 1) * h, lon: MIN_LON + (2 * c.col + 1) * h }
  }
  if (x === null || typeof x !== 'object' || !Number.isFinite(x.lat) || !Number.isFinite(x.lon)) {
    throw new DigipinError({
      code: 'not-a-number',
      value: x,
      message: 'Expected a DIGIPIN string or a point { lat, lon } with finite numbers in degrees.',
    })
  }
  return x
}

/** Great-circle (haversine) distance in metres between two codes (their centres) or points. */
export function distance(a: string | LatLon, b: string | LatLon): number {
  const p = toPoint(a)
  const q = toPoint(b)
  const dLat = (q.lat - p.lat) * RAD
  const dLon = (q.lon - p.lon) * RAD
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(p.lat * RAD) * Math.cos(q.lat * RAD) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** Initial great-circle bearing from `a` to `b` in degrees clockwise from true north, in [0, 360). */
export function bearing(a: string | LatLon, b: string | LatLon): number {
  const p = toPoint(a)
  const q = toPoint(b)
  const phi1 = p.lat * RAD
  const phi2 = q.lat * RAD
  const dLambda = (q.lon - p.lon) * RAD
  const y = Math.sin(dLambda) * Math.cos(phi2)
  const x = Math.cos(phi1) * Math.sin(phi2) - Math.sin(phi1) * Math.cos(phi2) * Math.cos(dLambda)
  const deg = Math.atan2(y, x) / RAD
  return deg < 0 ? deg + 360 : deg
}

/**
 * The size of a cell of `precision` symbols at latitude `lat` (default: 20.5, the middle of the box), in
 * metres on the mean sphere: `height` north–south, `width` east–west (narrower further north).
 */
export function cellSize(precision: number, lat = 20.5): { width: number; height: number } {
  checkPrecision(precision)
  if (typeof lat !== 'number' || !Number.isFinite(lat) || Math.abs(lat) > 90) {
    throw new DigipinError({
      code: 'not-a-number',
      value: lat,
      message: `cellSize needs a latitude from -90 to 90 degrees (got ${String(lat)}).`,
    })
  }
  const deg = 2 * HALF[precision]!
  const height = deg * RAD * EARTH_RADIUS_M
  return { height, width: height * Math.cos(lat * RAD) }
}
