import { codeOf } from './code-string.ts'
import { scan, scanned } from './scan.ts'

/** One DIGIPIN found in text. */
export interface Extracted {
  /** The canonical code, `XXX-XXX-XXXX`. */
  code: string
  /** Where the match starts in the text (UTF-16 index) and how long it is. */
  index: number
  length: number
  /** The text as written. */
  text: string
}

const S = '[2-9CFJKLMPTcfjklmpt]'
// 3 + 3 + 4 symbols, each group optionally separated by one hyphen or space; not glued to other letters/digits
const PATTERN = `(?<![0-9A-Za-z-])${S}{3}[- ]?${S}{3}[- ]?${S}{4}(?![0-9A-Za-z-])`

/**
 * Finds full 10-symbol DIGIPINs in free text (an address line, an SMS, OCR output): hyphenated, spaced or
 * compact, any case. A match must not touch other letters or digits, so words and phone numbers are skipped.
 */
export function extract(text: string): Extracted[] {
  if (typeof text !== 'string') return []
  const out: Extracted[] = []
  for (const m of text.matchAll(new RegExp(PATTERN, 'g'))) {
    if (scan(m[0]) !== undefined) continue
    out.push({ code: codeOf(scanned.row, scanned.col, 10), index: m.index, length: m[0].length, text: m[0] })
  }
  return out
}
