import type { DigipinIssue } from './errors.ts'
import { BETA_SYMBOLS, MAX_PRECISION, NIBBLE_OF_CHAR } from './grid.ts'
import { describe } from './point.ts'

/**
 * The result of the last successful {@link scan}: row and column indices at precision `p`. Module-level
 * scratch so that decoding allocates nothing; JavaScript runs one scan at a time, and every caller reads
 * these immediately after the call.
 */
export const scanned = { row: 0, col: 0, p: 0 }

const ACCEPTED =
  'Accepted: 1 to 10 symbols of 23456789CFJKLMPT (any case), hyphens or spaces between them, e.g. 39J-49L-L8T4.'

/**
 * Reads a DIGIPIN (any case, separators `-` or whitespace between symbols, surrounding whitespace, 1–10
 * symbols) into {@link scanned}. Returns `undefined` on success, or the issue that explains the rejection.
 */
export function scan(input: unknown): DigipinIssue | undefined {
  if (typeof input !== 'string') {
    return {
      code: 'not-a-string',
      value: input,
      message: `A DIGIPIN must be a string (got ${describe(input)}). ${ACCEPTED}`,
    }
  }
  if (input.length === 12) {
    const v = canonical(input)
    if (v >= 0) {
      scanned.row = Math.floor(v / 1048576)
      scanned.col = v - scanned.row * 1048576
      scanned.p = 10
      return undefined
    }
  }
  return scanSlow(input)
}

/**
 * The fast path for a canonical 12-character `XXX-XXX-XXXX` (any case): row · 2^20 + col, or -1 when the
 * string is anything else (the full scanner then explains or accepts it).
 */
export function canonical(s: string): number {
  if (s.charCodeAt(3) !== 45 || s.charCodeAt(7) !== 45) return -1
  const t = NIBBLE_OF_CHAR
  let bad = 0
  let row = 0
  let col = 0
  for (let i = 0; i < 12; i++) {
    if (i === 3 || i === 7) continue
    const c = s.charCodeAt(i)
    // a char code of 128 or more must fail: -(c >> 7) is negative exactly then
    const n = t[c & 127]! | -(c >> 7)
    bad |= n
    row = (row << 2) | ((n >> 2) & 3)
    col = (col << 2) | (n & 3)
  }
  return bad < 0 ? -1 : row * 1048576 + col
}

function scanSlow(input: string): DigipinIssue | undefined {
  let start = 0
  let end = input.length
  while (start < end && isSpace(input.charCodeAt(start))) start++
  while (end > start && isSpace(input.charCodeAt(end - 1))) end--
  if (start === end) return { code: 'empty', value: input, message: `The DIGIPIN is empty. ${ACCEPTED}` }
  let row = 0
  let col = 0
  let p = 0
  for (let i = start; i < end; i++) {
    const c = input.charCodeAt(i)
    const n = c < 128 ? NIBBLE_OF_CHAR[c]! : -1
    if (n >= 0) {
      p++
      if (p <= MAX_PRECISION) {
        row = (row << 2) | (n >> 2)
        col = (col << 2) | (n & 3)
      }
      continue
    }
    if (c === 45 || isSpace(c)) {
      if (p === 0 || i === end - 1) {
        return {
          code: 'invalid-separator',
          value: input,
          position: i,
          message: `A separator cannot start or end a DIGIPIN (position ${i} of ${describe(input)}). ${ACCEPTED}`,
        }
      }
      continue
    }
    return charIssue(input, i)
  }
  if (p > MAX_PRECISION) {
    return {
      code: 'invalid-length',
      value: input,
      message: `A DIGIPIN has at most ${MAX_PRECISION} symbols; ${describe(input)} has ${p}. ${ACCEPTED}`,
    }
  }
  scanned.row = row
  scanned.col = col
  scanned.p = p
  return undefined
}

function charIssue(input: string, i: number): DigipinIssue {
  const ch = String.fromCodePoint(input.codePointAt(i)!)
  const upper = ch.toUpperCase()
  const replacement = BETA_SYMBOLS[upper]
  if (replacement !== undefined) {
    return {
      code: 'beta-symbol',
      value: input,
      position: i,
      replacement,
      message: `${ch} at position ${i} is a superseded beta symbol (G, W, X became C, F, T): use ${replacement}. ${ACCEPTED}`,
    }
  }
  return {
    code: 'invalid-character',
    value: input,
    position: i,
    message: `${JSON.stringify(ch)} at position ${i} of ${describe(input)} is not a DIGIPIN symbol. ${ACCEPTED}`,
  }
}

function isSpace(c: number): boolean {
  // the same set String.prototype.trim removes; the regex only runs for rare non-ASCII characters
  return c === 32 || (c > 8 && c < 14) || (c > 127 && /\s/.test(String.fromCharCode(c)))
}
