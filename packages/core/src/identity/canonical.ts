/**
 * Canonical encoding of events: the exact bytes a device signs and every peer re-computes. Deterministic JSON
 * with object keys sorted by UTF-16 code units and no whitespace — for the data events hold (strings, finite
 * numbers, booleans, null, arrays, plain objects) this is the JSON Canonicalization Scheme (RFC 8785), so a
 * verifier in another language can reproduce it.
 */
import type { DakEvent } from '../events/envelope.ts'
import { utf8ToBytes } from './bytes.ts'

/**
 * Serialises a JSON-like value canonically. `undefined` object members are dropped (as `JSON.stringify`
 * does) so an optional field left unset and an absent one encode alike.
 * Throws on values that have no JSON form (NaN, Infinity, bigint, functions; a cycle overflows the stack): an
 * event holding one is a broken invariant, since it could never have been stored in the journal.
 * Written with string concatenation rather than array joins: every fold that seals a day calls it per event.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isFinite(value))
        throw new Error(`canonicalJson: ${value} has no JSON form; use a finite number`)
      return JSON.stringify(value)
    case 'object':
      return Array.isArray(value) ? encodeArray(value) : encodeObject(value as Record<string, unknown>)
    default:
      throw new Error(`canonicalJson: a ${typeof value} has no JSON form; events hold only JSON data`)
  }
}

function encodeArray(value: readonly unknown[]): string {
  let out = '['
  for (let i = 0; i < value.length; i++) {
    if (i > 0) out += ','
    const item = value[i]
    out += item === undefined ? 'null' : canonicalJson(item)
  }
  return `${out}]`
}

function encodeObject(record: Record<string, unknown>): string {
  let out = '{'
  let first = true
  // Default sort compares UTF-16 code units, which is what RFC 8785 asks for.
  for (const key of Object.keys(record).sort()) {
    const item = record[key]
    if (item === undefined) continue
    if (!first) out += ','
    first = false
    out += `${JSON.stringify(key)}:${canonicalJson(item)}`
  }
  return `${out}}`
}

/** The canonical text of an event without its `sig` field: what the device key signs. */
export function signingText(event: DakEvent): string {
  const { sig: _sig, ...unsigned } = event
  return canonicalJson(unsigned)
}

/**
 * The bytes a device signs for an event: UTF-8 of the canonical JSON of every field except `sig` (`prev` is
 * included, so the chain link is covered by the signature). Use it with any signer, e.g. WebCrypto's
 * `crypto.subtle.sign`, then `attachSignature`.
 */
export function signingPayload(event: DakEvent): Uint8Array {
  return utf8ToBytes(signingText(event))
}

/** The canonical bytes of the whole event, signature included: what the chain and the day seal hash. */
export function eventBytes(event: DakEvent): Uint8Array {
  return utf8ToBytes(canonicalJson(event))
}
