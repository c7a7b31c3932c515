import { DigipinError } from './errors.ts'
import { CELLS, CHAR_OF_NIBBLE, MIN_LAT, MIN_LON, NIBBLE_OF_CHAR } from './grid.ts'
import { checkPoint } from './point.ts'
import { scan } from './scan.ts'

/** Bytes per code in batch buffers: 10 ASCII symbols, compact (no hyphens). */
export const BATCH_CODE_BYTES = 10

/**
 * Encodes many points into one buffer of ASCII bytes, 10 per point (compact uppercase, e.g. `39J49LL8T4`),
 * allocating nothing per point. Every point is checked before anything is written, so on error `out` is
 * untouched. Decode a code from it with `new TextDecoder().decode(out.subarray(10 * i, 10 * i + 10))`.
 *
 * @param lats latitudes in degrees (2.5–38.5)
 * @param lons longitudes in degrees (63.5–99.5), same length as `lats`
 * @param out where to write (length ≥ 10 × points); allocated when omitted
 * @returns `out`
 * @throws DigipinError for the first bad point, with its index in the message and `position`
 */
export function encodeBatch(lats: Float64Array, lons: Float64Array, out?: Uint8Array): Uint8Array {
  const n = lats.length
  if (lons.length !== n) throw argument(`lats has ${n} values but lons has ${lons.length}; they must match.`)
  const buf = out ?? new Uint8Array(n * 10)
  if (buf.length < n * 10) throw argument(`out holds ${buf.length} bytes; ${n} codes need ${n * 10}.`)
  for (let i = 0; i < n; i++) {
    const lat = lats[i]!
    const lon = lons[i]!
    if (!(lat >= 2.5 && lat <= 38.5 && lon >= 63.5 && lon <= 99.5)) rethrowAt(i, () => checkPoint(lat, lon))
  }
  const t = CHAR_OF_NIBBLE
  for (let i = 0, o = 0; i < n; i++, o += 10) {
    // same exact arithmetic as rowOf / colOf, inlined for the loop
    let row = ((((lats[i]! - MIN_LAT) * 262144) | 0) / 9) | 0
    let col = ((((lons[i]! - MIN_LON) * 262144) | 0) / 9) | 0
    if (row >= CELLS) row = CELLS - 1
    if (col >= CELLS) col = CELLS - 1
    for (let k = 9; k >= 0; k--) {
      buf[o + k] = t[((row << 2) & 12) | (col & 3)]!
      row >>= 2
      col >>= 2
    }
  }
  return buf
}

/**
 * Decodes a buffer of 10-byte ASCII codes (as {@link encodeBatch} writes; any case) to cell centres,
 * allocating nothing per code.
 *
 * @param codes 10 bytes per code
 * @param lats / lons where to write the centres (length ≥ number of codes); allocated when omitted
 * @throws DigipinError for the first invalid code, nothing written past it being relied upon
 */
export function decodeBatch(
  codes: Uint8Array,
  lats?: Float64Array,
  lons?: Float64Array,
): { lats: Float64Array; lons: Float64Array } {
  if (codes.length % 10 !== 0) throw argument(`codes holds ${codes.length} bytes; it must be 10 per code.`)
  const n = codes.length / 10
  const la = lats ?? new Float64Array(n)
  const lo = lons ?? new Float64Array(n)
  if (la.length < n || lo.length < n) throw argument(`lats and lons must hold at least ${n} values.`)
  const t = NIBBLE_OF_CHAR
  // 9 / 2^19 = half a level-10 cell in degrees
  const half = 0.0000171661376953125
  for (let i = 0, o = 0; i < n; i++, o += 10) {
    let row = 0
    let col = 0
    let bad = 0
    for (let k = 0; k < 10; k++) {
      const v = t[codes[o + k]! & 127]!
      bad |= v | (codes[o + k]! & 128)
      row = (row << 2) | (v >> 2)
      col = (col << 2) | (v & 3)
    }
    if (bad < 0 || bad & 128) {
      const text = String.fromCharCode(...codes.subarray(o, o + 10))
      const issue = scan(text)
      throw new DigipinError({
        code: issue?.code ?? 'invalid-character',
        value: text,
        position: i,
        message: `Code ${i} in the batch is not a DIGIPIN: ${issue?.message ?? 'non-ASCII byte'}`,
      })
    }
    la[i] = MIN_LAT + (2 * row + 1) * half
    lo[i] = MIN_LON + (2 * col + 1) * half
  }
  return { lats: la, lons: lo }
}

function rethrowAt(i: number, check: () => void): void {
  try {
    check()
  } catch (e) {
    const err = e as DigipinError
    throw new DigipinError({
      code: err.code,
      value: err.value,
      position: i,
      message: `Point ${i}: ${err.message}`,
    })
  }
}

function argument(message: string): DigipinError {
  return new DigipinError({ code: 'invalid-argument', message })
}
