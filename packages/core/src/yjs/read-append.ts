/**
 * A fast reader for the one shape of Yjs update a device's journal append takes, so that the sync server can
 * check every live update without a full `Y.decodeUpdate` (which builds an object per struct, id and content
 * before it is thrown away; the server then applies the update, which decodes it again).
 *
 * The shape, in the v1 update encoding: any number of Yjs clients, each with items that set a new key of a
 * root map to one JSON value (no left or right origin, a root parent named by its key, a key, `ContentAny`
 * of length 1), and an empty delete set. Anything else (a deletion, an edit, a nested type, a skip, several
 * values in one item, a v2 update, trailing bytes) gives null, and the caller decodes with Yjs to say exactly
 * what is wrong. Values are decoded exactly as lib0's `readAny` decodes them for Yjs.
 */
import * as decoding from 'lib0/decoding'

/** One new map entry of an append update: the Yjs client and clock of its item, its key and its value. */
export interface AppendEntry {
  readonly client: number
  readonly clock: number
  /** The root map the entry is set in. */
  readonly map: string
  readonly key: string
  readonly value: unknown
}

// Item info byte: BIT8 left origin, BIT7 right origin, BIT6 parentSub; low 5 bits the content ref.
const HAS_ORIGIN = 0xc0
const HAS_PARENT_SUB = 0x20
const CONTENT_REF = 0x1f
const CONTENT_ANY = 8

/** The entries of an append update in their order in the update, or null when it is not one. */
export function readAppendUpdate(update: Uint8Array): AppendEntry[] | null {
  try {
    const d = decoding.createDecoder(update)
    const entries: AppendEntry[] = []
    const clients = decoding.readVarUint(d)
    for (let c = 0; c < clients; c++) {
      const structs = decoding.readVarUint(d)
      const client = decoding.readVarUint(d)
      let clock = decoding.readVarUint(d)
      for (let s = 0; s < structs; s++) {
        const info = decoding.readUint8(d)
        if ((info & HAS_ORIGIN) !== 0 || (info & HAS_PARENT_SUB) === 0) return null
        if ((info & CONTENT_REF) !== CONTENT_ANY) return null
        if (decoding.readVarUint(d) !== 1) return null // the parent is an item, not a root type
        const map = readString(d)
        const key = readString(d)
        if (decoding.readVarUint(d) !== 1) return null // one value per item
        entries.push({ client, clock, map, key, value: readAny(d) })
        clock++
      }
    }
    // an empty delete set, and nothing after it
    if (decoding.readVarUint(d) !== 0 || decoding.hasContent(d)) return null
    return entries
  } catch {
    return null // truncated or not an update: Yjs says what is wrong
  }
}

/**
 * lib0's `readVarString`, with short ASCII strings built directly: a TextDecoder call costs more than the
 * few bytes of an event field it decodes. Any other string is read by lib0 itself.
 */
function readString(d: decoding.Decoder): string {
  const at = d.pos
  const length = decoding.readVarUint(d)
  const start = d.pos
  const end = start + length
  if (length > 64 || end > d.arr.length) {
    d.pos = at
    return decoding.readVarString(d)
  }
  const bytes = d.arr
  let s = ''
  for (let i = start; i < end; i++) {
    const b = bytes[i]!
    if (b > 0x7f) {
      d.pos = at
      return decoding.readVarString(d)
    }
    s += String.fromCharCode(b)
  }
  d.pos = end
  return s
}

/** lib0's `readAny`, type byte for type byte (objects are built the same way, by assignment). */
function readAny(d: decoding.Decoder): unknown {
  switch (decoding.readUint8(d)) {
    case 127:
      return undefined
    case 126:
      return null
    case 125:
      return decoding.readVarInt(d)
    case 124:
      return decoding.readFloat32(d)
    case 123:
      return decoding.readFloat64(d)
    case 122:
      return decoding.readBigInt64(d)
    case 121:
      return false
    case 120:
      return true
    case 119:
      return readString(d)
    case 118: {
      const n = decoding.readVarUint(d)
      const o: Record<string, unknown> = {}
      for (let i = 0; i < n; i++) {
        const k = readString(d)
        o[k] = readAny(d)
      }
      return o
    }
    case 117: {
      const n = decoding.readVarUint(d)
      const a: unknown[] = []
      for (let i = 0; i < n; i++) a.push(readAny(d))
      return a
    }
    case 116:
      return decoding.readVarUint8Array(d)
    default:
      throw new RangeError('unknown value type')
  }
}
