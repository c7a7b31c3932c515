import { codeOf } from './code-string.ts'
import type { LatLon } from './decode.ts'
import { GRID, NIBBLE_OF_CHAR } from './grid.ts'
import { distance } from './measure.ts'
import { scan, scanned } from './scan.ts'

/** One candidate for a misread code. */
export interface Suggestion {
  /** The candidate, canonical `XXX-XXX-XXXX`. */
  code: string
  /** How it differs from the input: the input itself, one symbol replaced, or two neighbours swapped. */
  edit: 'none' | 'substitution' | 'swap'
  /** 0-based symbol index of the edit (the first of the two for a swap). */
  position: number
  /** Metres from the hint point, when one was given. */
  distance?: number
}

/**
 * Characters people and OCR confuse with a DIGIPIN symbol, mapped to the symbols they may stand for. The
 * beta symbols G, W and X map to their replacements C, F and T.
 */
const LOOKALIKE: Readonly<Record<string, string>> = {
  G: 'C6',
  W: 'F',
  X: 'T',
  O: 'C',
  '0': 'C',
  Q: '9',
  I: 'T',
  '1': 'T',
  S: '5',
  Z: '2',
  B: '8',
  A: '4',
  E: 'F',
  R: 'P',
  N: 'M',
  H: 'K',
  C: '6',
  '6': 'C',
  '3': '8',
  '8': '3',
  '7': 'T',
  T: '7',
}

/**
 * Candidate DIGIPINs for a damaged 10-symbol code: every code one substitution or one adjacent swap away.
 * Ranked nearest first to the optional hint point `near` (e.g. the delivery office), otherwise
 * lookalike substitutions (B→8, O→C, beta G→C…) first, then swaps, then other substitutions.
 * When the input has characters outside the alphabet, only those positions are replaced.
 */
export function suggest(damaged: string, near?: LatLon | string, limit = 10): Suggestion[] {
  if (typeof damaged !== 'string') return []
  const syms = [...damaged.trim().toUpperCase()].filter((c) => c !== '-' && c !== ' ')
  if (syms.length !== 10) return []
  const bad = syms.flatMap((c, i) => (isSymbol(c) ? [] : [i]))
  const found = new Map<string, Suggestion & { rank: number }>()
  const add = (s: string[], edit: Suggestion['edit'], position: number, rank: number): void => {
    if (scan(s.join('')) !== undefined) return
    const code = codeOf(scanned.row, scanned.col, 10)
    const prev = found.get(code)
    if (!prev || prev.rank > rank) found.set(code, { code, edit, position, rank })
  }
  if (bad.length === 0) add(syms, 'none', 0, 0)
  if (bad.length <= 1) {
    const positions = bad.length === 1 ? bad : syms.map((_, i) => i)
    for (const i of positions) {
      const likely = LOOKALIKE[syms[i]!] ?? ''
      for (const g of GRID) {
        if (g === syms[i]) continue
        const s = [...syms]
        s[i] = g
        add(s, 'substitution', i, likely.includes(g) ? 1 : 3)
      }
    }
  }
  if (bad.length === 0) {
    for (let i = 0; i < 9; i++) {
      if (syms[i] === syms[i + 1]) continue
      const s = [...syms]
      s[i] = syms[i + 1]!
      s[i + 1] = syms[i]!
      add(s, 'swap', i, 2)
    }
  }
  const list = [...found.values()]
  if (near !== undefined) for (const s of list) s.distance = distance(s.code, near)
  list.sort((a, b) =>
    near !== undefined
      ? a.distance! - b.distance! || a.rank - b.rank
      : a.rank - b.rank || a.position - b.position,
  )
  return list.slice(0, Math.max(0, limit)).map(({ rank: _rank, ...s }) => s)
}

function isSymbol(c: string): boolean {
  const k = c.charCodeAt(0)
  return c.length === 1 && k < 128 && NIBBLE_OF_CHAR[k]! >= 0
}
