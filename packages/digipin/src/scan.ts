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
  return scanText(input)
}

function scanText(input: string): DigipinIssue | undefined {
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
          message: `A separator cannot start or end a DIGIPIN (position ${i}). ${ACCEPTED}`,
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
