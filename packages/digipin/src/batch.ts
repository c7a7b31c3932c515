import { DigipinError } from './errors.ts'
import { CHAR_OF_NIBBLE, NIBBLE_OF_CHAR } from './grid.ts'
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
  // no closure in this loop: a captured loop variable would make V8 allocate a context per point
  for (let i = 0; i < n; i++) {
    const lat = lats[i]!
    const lon = lons[i]!
    if (!(lat >= 2.5 && lat <= 38.5 && lon >= 63.5 && lon <= 99.5)) throwAt(i, lat, lon)
  }
  if (buf.byteOffset % 2 === 0) writePairs(lats, lons, new Uint16Array(buf.buffer, buf.byteOffset, n * 5))
  else writeBytes(lats, lons, buf)
  return buf
}

/**
 * Two levels at once: index (row bits of 2 levels) << 4 | (col bits of 2 levels) → the two ASCII symbols as
 * one 16-bit word in platform byte order (built through a byte view, so endianness takes care of itself).
 */
const PAIRS: Uint16Array = /* @__PURE__ */ buildPairs()

function buildPairs(): Uint16Array {
  const t = new Uint16Array(256)
  const b = new Uint8Array(t.buffer)
  for (let i = 0; i < 256; i++) {
    const r = i >> 4
    const c = i & 15
    b[2 * i] = CHAR_OF_NIBBLE[((r >> 2) << 2) | (c >> 2)]!
    b[2 * i + 1] = CHAR_OF_NIBBLE[((r & 3) << 2) | (c & 3)]!
  }
  return t
}

/**
 * The hot loop: five 16-bit stores per code. Same exact arithmetic as rowOf / colOf, inlined, with the box
 * constants written as literals: reading imported bindings in this loop measured 10× slower in V8.
 */
function writePairs(lats: Float64Array, lons: Float64Array, o16: Uint16Array): void {
  const t = PAIRS
  for (let i = 0, o = 0; i < lats.length; i++, o += 5) {
    let row = ((((lats[i]! - 2.5) * 262144) | 0) / 9) | 0
    let col = ((((lons[i]! - 63.5) * 262144) | 0) / 9) | 0
    if (row > 1048575) row = 1048575
    if (col > 1048575) col = 1048575
    o16[o] = t[((row >> 12) & 0xf0) | ((col >> 16) & 15)]!
    o16[o + 1] = t[((row >> 8) & 0xf0) | ((col >> 12) & 15)]!
    o16[o + 2] = t[((row >> 4) & 0xf0) | ((col >> 8) & 15)]!
    o16[o + 3] = t[(row & 0xf0) | ((col >> 4) & 15)]!
    o16[o + 4] = t[((row << 4) & 0xf0) | (col & 15)]!
  }
}

/** The same for an output buffer at an odd byte offset, one byte at a time. */
function writeBytes(lats: Float64Array, lons: Float64Array, buf: Uint8Array): void {
  const t = CHAR_OF_NIBBLE
  for (let i = 0, o = 0; i < lats.length; i++, o += 10) {
    let row = ((((lats[i]! - 2.5) * 262144) | 0) / 9) | 0
    let col = ((((lons[i]! - 63.5) * 262144) | 0) / 9) | 0
    if (row > 1048575) row = 1048575
    if (col > 1048575) col = 1048575
    for (let k = 9; k >= 0; k--) {
      buf[o + k] = t[((row << 2) & 12) | (col & 3)]!
      row >>= 2
      col >>= 2
    }
  }
}

/**
 * Decodes a buffer of 10-byte ASCII codes (as {@link encodeBatch} writes; any case) to cell centres,
 * allocating nothing per code.
 *
 * @param codes 10 bytes per code
 * @param lats / lons where to write the centres (length ≥ number of codes); allocated when omitted
 * @throws DigipinError for the first invalid code (`position` = its index); centres before it are written
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
  const bad =
    codes.byteOffset % 2 === 0
      ? readPairs(new Uint16Array(codes.buffer, codes.byteOffset, n * 5), la, lo)
      : readBytes(codes, la, lo)
  if (bad >= 0) throw badCode(codes, bad)
  return { lats: la, lons: lo }
}

let decodePairs: Int16Array | undefined

/**
 * Two ASCII symbols read as one 16-bit word (platform byte order) → (row bits of 2 levels) << 4 | (col bits
 * of 2 levels), or -1. 128 KiB, built on first use.
 */
function pairTable(): Int16Array {
  if (decodePairs) return decodePairs
  const t = new Int16Array(65536).fill(-1)
  const word = new Uint16Array(1)
  const bytes = new Uint8Array(word.buffer)
  for (let a = 0; a < 128; a++) {
    for (let b = 0; b < 128; b++) {
      const na = NIBBLE_OF_CHAR[a]!
      const nb = NIBBLE_OF_CHAR[b]!
      if (na < 0 || nb < 0) continue
      bytes[0] = a
      bytes[1] = b
      t[word[0]!] = ((((na >> 2) << 2) | (nb >> 2)) << 4) | ((na & 3) << 2) | (nb & 3)
    }
  }
  decodePairs = t
  return t
}

/** Hot loop of decodeBatch: five 16-bit loads per code. Returns the index of the first bad code, or -1. */
function readPairs(c16: Uint16Array, la: Float64Array, lo: Float64Array): number {
  const t = pairTable()
  // 9 / 2^19 = half a level-10 cell in degrees; box constants are literals (see writePairs)
  const half = 0.0000171661376953125
  for (let i = 0, o = 0; o < c16.length; i++, o += 5) {
    const a = t[c16[o]!]!
    const b = t[c16[o + 1]!]!
    const c = t[c16[o + 2]!]!
    const d = t[c16[o + 3]!]!
    const e = t[c16[o + 4]!]!
    if ((a | b | c | d | e) < 0) return i
    const row = ((a >> 4) << 16) | ((b >> 4) << 12) | ((c >> 4) << 8) | ((d >> 4) << 4) | (e >> 4)
    const col = ((a & 15) << 16) | ((b & 15) << 12) | ((c & 15) << 8) | ((d & 15) << 4) | (e & 15)
    la[i] = 2.5 + (2 * row + 1) * half
    lo[i] = 63.5 + (2 * col + 1) * half
  }
  return -1
}

/** The same for codes at an odd byte offset, one byte at a time. */
function readBytes(codes: Uint8Array, la: Float64Array, lo: Float64Array): number {
  const t = NIBBLE_OF_CHAR
  const half = 0.0000171661376953125
  for (let i = 0, o = 0; o < codes.length; i++, o += 10) {
    let row = 0
    let col = 0
    let bad = 0
    for (let k = 0; k < 10; k++) {
      const byte = codes[o + k]!
      const v = t[byte & 127]!
      bad |= v | (byte & 128 ? -1 : 0)
      row = (row << 2) | (v >> 2)
      col = (col << 2) | (v & 3)
    }
    if (bad < 0) return i
    la[i] = 2.5 + (2 * row + 1) * half
    lo[i] = 63.5 + (2 * col + 1) * half
  }
  return -1
}

function badCode(codes: Uint8Array, i: number): DigipinError {
  const text = String.fromCharCode(...codes.subarray(10 * i, 10 * i + 10))
  const issue = scan(text)
  return new DigipinError({
    code: issue?.code ?? 'invalid-character',
    value: text,
    position: i,
    message: `Code ${i} in the batch is not a DIGIPIN: ${issue?.message ?? 'it contains a non-ASCII byte.'}`,
  })
}

function throwAt(i: number, lat: number, lon: number): void {
  try {
    checkPoint(lat, lon)
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
