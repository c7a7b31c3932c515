/**
 * An exact reference for tests: the Technical Document's level-by-level procedure carried out in exact
 * rational arithmetic (BigInt numerator / denominator), independent of the package's integer shortcut.
 * Slow on purpose; never used by the library.
 */

/** A rational number n / d with d > 0. */
export interface Q {
  n: bigint
  d: bigint
}

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a
  let y = b
  while (y) [x, y] = [y, x % y]
  return x
}
export const q = (n: bigint, d = 1n): Q => {
  const g = gcd(n, d) || 1n
  return { n: n / g, d: d / g }
}
export const add = (a: Q, b: Q): Q => q(a.n * b.d + b.n * a.d, a.d * b.d)
export const sub = (a: Q, b: Q): Q => q(a.n * b.d - b.n * a.d, a.d * b.d)
export const mul = (a: Q, b: Q): Q => q(a.n * b.n, a.d * b.d)
export const div = (a: Q, b: Q): Q => (b.n < 0n ? q(-a.n * b.d, -a.d * b.n) : q(a.n * b.d, a.d * b.n))
export const cmp = (a: Q, b: Q): number => {
  const x = a.n * b.d - b.n * a.d
  return x < 0n ? -1 : x > 0n ? 1 : 0
}
/** floor(a) as a bigint (BigInt division truncates toward zero). */
export const floor = (a: Q): bigint => {
  const t = a.n / a.d
  return a.n < 0n && t * a.d !== a.n ? t - 1n : t
}

/** The exact rational value of a finite double. */
export function fromDouble(x: number): Q {
  if (!Number.isFinite(x)) throw new Error(`not finite: ${x}`)
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, x)
  const hi = view.getUint32(0)
  const lo = view.getUint32(4)
  const sign = hi >>> 31 ? -1n : 1n
  const exp = (hi >>> 20) & 0x7ff
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo)
  let e: number
  if (exp === 0) e = -1074
  else {
    mant |= 1n << 52n
    e = exp - 1075
  }
  return e >= 0 ? q(sign * mant * (1n << BigInt(e))) : q(sign * mant, 1n << BigInt(-e))
}

/** The next double up / down (one ulp), for finite positive x. */
export function nextUp(x: number): number {
  const v = new DataView(new ArrayBuffer(8))
  v.setFloat64(0, x)
  v.setBigUint64(0, v.getBigUint64(0) + 1n)
  return v.getFloat64(0)
}
export function nextDown(x: number): number {
  const v = new DataView(new ArrayBuffer(8))
  v.setFloat64(0, x)
  v.setBigUint64(0, v.getBigUint64(0) - 1n)
  return v.getFloat64(0)
}

const GRID = ['FC98', 'J327', 'K456', 'LMPT']
const MIN_LAT = q(5n, 2n)
const MAX_LAT = q(77n, 2n)
const MIN_LON = q(127n, 2n)
const MAX_LON = q(199n, 2n)

/**
 * The official procedure in exact arithmetic: at each level split the current cell into 4×4, take
 * row = 3 − floor((lat − minLat) / latDiv) and col = floor((lon − minLon) / lonDiv), both clamped to 0..3.
 * Returns undefined outside the box.
 */
export function refEncode(lat: number, lon: number, precision = 10): string | undefined {
  const y = fromDouble(lat)
  const x = fromDouble(lon)
  if (cmp(y, MIN_LAT) < 0 || cmp(y, MAX_LAT) > 0 || cmp(x, MIN_LON) < 0 || cmp(x, MAX_LON) > 0)
    return undefined
  let minLat = MIN_LAT
  let maxLat = MAX_LAT
  let minLon = MIN_LON
  let maxLon = MAX_LON
  let code = ''
  for (let level = 1; level <= precision; level++) {
    const latDiv = div(sub(maxLat, minLat), q(4n))
    const lonDiv = div(sub(maxLon, minLon), q(4n))
    const row = clamp(3n - floor(div(sub(y, minLat), latDiv)))
    const col = clamp(floor(div(sub(x, minLon), lonDiv)))
    code += GRID[Number(row)]![Number(col)]
    if ((level === 3 || level === 6) && level < precision) code += '-'
    maxLat = add(minLat, mul(latDiv, q(4n - row)))
    minLat = add(minLat, mul(latDiv, q(3n - row)))
    minLon = add(minLon, mul(lonDiv, q(col)))
    maxLon = add(minLon, lonDiv)
  }
  return code
}

const clamp = (v: bigint): bigint => (v < 0n ? 0n : v > 3n ? 3n : v)

/** Exact bounds and centre of a code (any length 1–10, hyphens ignored), by the same procedure. */
export function refCell(code: string): { minLat: Q; maxLat: Q; minLon: Q; maxLon: Q; lat: Q; lon: Q } {
  let minLat = MIN_LAT
  let maxLat = MAX_LAT
  let minLon = MIN_LON
  let maxLon = MAX_LON
  for (const ch of code.replace(/-/g, '')) {
    const row = GRID.findIndex((r) => r.includes(ch))
    if (row < 0) throw new Error(`bad symbol ${ch}`)
    const col = GRID[row]!.indexOf(ch)
    const latDiv = div(sub(maxLat, minLat), q(4n))
    const lonDiv = div(sub(maxLon, minLon), q(4n))
    maxLat = sub(maxLat, mul(latDiv, q(BigInt(row))))
    minLat = sub(maxLat, latDiv)
    minLon = add(minLon, mul(lonDiv, q(BigInt(col))))
    maxLon = add(minLon, lonDiv)
  }
  const two = q(2n)
  return {
    minLat,
    maxLat,
    minLon,
    maxLon,
    lat: div(add(minLat, maxLat), two),
    lon: div(add(minLon, maxLon), two),
  }
}

/** A random-access code: row / col (from south / west) at precision p, built symbol by symbol. */
export function refCode(row: number, col: number, p: number): string {
  let code = ''
  for (let i = 0; i < p; i++) {
    const k = 2 * (p - 1 - i)
    const r = 3 - ((row >> k) & 3)
    const c = (col >> k) & 3
    if (i === 3 || i === 6) code += '-'
    code += GRID[r]![c]
  }
  return code
}

/** The double nearest to an exact rational (for grid lines, which are exact doubles). */
export function toDouble(a: Q): number {
  return Number(a.n) / Number(a.d)
}
