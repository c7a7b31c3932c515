import { codeOf } from './code-string.ts'
import { DigipinError, type DigipinIssue } from './errors.ts'
import { scan, scanned } from './scan.ts'

/** What {@link parse} returns: the canonical code and its precision, or the reason it is not a DIGIPIN. */
export type ParseResult = { ok: true; code: string; precision: number } | { ok: false; error: DigipinIssue }

/**
 * Reads a DIGIPIN typed or scanned by a person: any case, hyphens or spaces between symbols, surrounding
 * whitespace, 1 to 10 symbols. Never throws.
 */
export function parse(code: unknown): ParseResult {
  const issue = scan(code)
  if (issue) return { ok: false, error: issue }
  return { ok: true, code: codeOf(scanned.row, scanned.col, scanned.p), precision: scanned.p }
}

/** True when `code` is a DIGIPIN of 1 to 10 symbols that {@link parse} accepts. Never throws. */
export function isValid(code: unknown): boolean {
  return scan(code) === undefined
}

/**
 * The canonical form of a DIGIPIN: uppercase, hyphenated `XXX-XXX-XXXX` (shorter codes as `39J-4`).
 * @throws DigipinError when `code` is not a DIGIPIN
 */
export function normalize(code: string): string {
  const issue = scan(code)
  if (issue) throw new DigipinError(issue)
  return codeOf(scanned.row, scanned.col, scanned.p)
}

/** How {@link format} writes a code: `39J-49L-L8T4`, `39J49LL8T4` or `39J 49L L8T4`. */
export type FormatStyle = 'hyphen' | 'compact' | 'space'

/**
 * Writes a DIGIPIN in the given style (uppercase in every style).
 * @throws DigipinError when `code` is not a DIGIPIN, or `invalid-argument` for an unknown style
 */
export function format(code: string, style: FormatStyle = 'hyphen'): string {
  const canonical = normalize(code)
  switch (style) {
    case 'hyphen':
      return canonical
    case 'compact':
      return canonical.replace(/-/g, '')
    case 'space':
      return canonical.replace(/-/g, ' ')
    default:
      throw new DigipinError({
        code: 'invalid-argument',
        value: style,
        message: `Unknown format style ${JSON.stringify(style)}; accepted: 'hyphen', 'compact' or 'space'.`,
      })
  }
}
