/**
 * Byte helpers shared by the identity files: UTF-8, hex and base64url. Written here rather than taken from
 * `btoa`/`Buffer` because core runs unchanged in browsers, workers and Node and must not lean on either.
 */
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js'

export { bytesToHex, utf8ToBytes }

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const B64_INDEX: Readonly<Record<string, number>> = Object.fromEntries([...B64].map((c, i) => [c, i]))

/** Encodes bytes as unpadded base64url (RFC 4648 §5), the form keys and signatures take inside events. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0
    const b = bytes[i + 1] ?? 0
    const c = bytes[i + 2] ?? 0
    const n = (a << 16) | (b << 8) | c
    const left = bytes.length - i
    out += B64[(n >> 18) & 63]
    out += B64[(n >> 12) & 63]
    if (left > 1) out += B64[(n >> 6) & 63]
    if (left > 2) out += B64[n & 63]
  }
  return out
}

/** Decodes unpadded base64url; returns undefined for anything else (callers turn that into a typed error). */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined
  const out = new Uint8Array(Math.floor((text.length * 3) / 4))
  let bits = 0
  let acc = 0
  let o = 0
  for (const ch of text) {
    const v = B64_INDEX[ch]
    if (v === undefined) return undefined
    acc = (acc << 6) | v
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (acc >> bits) & 0xff
    }
  }
  // Leftover bits must be zero, so every byte string has exactly one encoding (no malleable signatures).
  if ((acc & ((1 << bits) - 1)) !== 0) return undefined
  return out
}

/** Decodes lowercase or uppercase hex; undefined when it is not an even-length hex string. */
export function fromHex(text: string): Uint8Array | undefined {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(text)) return undefined
  return hexToBytes(text)
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/** Compares two strings in time that does not depend on where they first differ (codes, hashes). */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

/** Decodes UTF-8; undefined when the bytes are not valid UTF-8 (no `TextDecoder` in core's lib). */
export function utf8Decode(bytes: Uint8Array): string | undefined {
  try {
    // decodeURIComponent rejects invalid UTF-8 sequences with a URIError, which is the strictness we need.
    return decodeURIComponent(Array.from(bytes, (b) => `%${b.toString(16).padStart(2, '0')}`).join(''))
  } catch {
    return undefined
  }
}
