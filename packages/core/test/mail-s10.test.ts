import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allocateArticleId, createArticleIdSeries } from '../src/mail/article-id-series.ts'
import {
  ArticleIdError,
  articleIdCheckDigit,
  composeArticleId,
  isValidArticleId,
  normalizeArticleId,
} from '../src/mail/s10.ts'

const SEED = Number(process.env.FC_SEED ?? 80_810)

interface Vectors {
  valid: { id: string; serial: string; checkDigit: number }[]
  invalid: { input: string; reason: string }[]
  normalization: { input: string; canonical: string }[]
  checksumCollisions: { a: string; b: string }[]
}
// Copied from /work/shared/domain/s10-vectors.json (see packages/core/data/README.md).
const vectors = JSON.parse(
  readFileSync(new URL('../data/s10-vectors.json', import.meta.url), 'utf8'),
) as Vectors
const kebab = (reason: string) => reason.toLowerCase().replaceAll('_', '-')

describe('S10 vectors', () => {
  it.each(vectors.valid.map((v) => [v.id, v]))('%s is valid with its check digit', (_id, v) => {
    expect(isValidArticleId(v.id)).toBe(true)
    expect(articleIdCheckDigit(v.serial)).toBe(v.checkDigit)
    expect(normalizeArticleId(v.id)).toBe(v.id)
  })

  it.each(vectors.invalid.map((v) => [v.input, v]))('"%s" is refused with its reason', (_in, v) => {
    expect(isValidArticleId(v.input)).toBe(false)
    try {
      normalizeArticleId(v.input)
      expect.unreachable('normalizeArticleId should throw')
    } catch (e) {
      expect(e).toBeInstanceOf(ArticleIdError)
      expect((e as ArticleIdError).code).toBe(kebab(v.reason))
      expect((e as ArticleIdError).message).toMatch(/S10 id is 13 characters/)
    }
  })

  it.each(vectors.normalization.map((v) => [v.input, v]))('"%s" normalizes', (_in, v) => {
    expect(normalizeArticleId(v.input)).toBe(v.canonical)
    expect(isValidArticleId(v.input)).toBe(v.input === v.canonical)
  })

  it('the collision pair both validate (the 11→5 fold merges remainders 0 and 6)', () => {
    for (const c of vectors.checksumCollisions) {
      expect(isValidArticleId(c.a)).toBe(true)
      expect(isValidArticleId(c.b)).toBe(true)
    }
  })

  it('refuses a serial that is not 8 digits', () => {
    expect(() => articleIdCheckDigit('1234567')).toThrow(ArticleIdError)
  })
})

describe('S10 properties', () => {
  const serial = fc.integer({ min: 0, max: 99_999_999 })
  const indicator = fc.constantFrom('EE', 'RR', 'CP', 'CM', 'EK', 'LA', 'VA')

  it('every composed id validates and normalizes to itself, lower-cased and spaced or not', () => {
    fc.assert(
      fc.property(indicator, serial, (si, s) => {
        const id = composeArticleId(si, s, 'IN')
        expect(isValidArticleId(id)).toBe(true)
        expect(
          normalizeArticleId(` ${id.slice(0, 2).toLowerCase()} ${id.slice(2, 10)} ${id.slice(10)} `),
        ).toBe(id)
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('a single-digit change is caught unless it moves the weighted remainder between 0 and 6', () => {
    fc.assert(
      fc.property(
        indicator,
        serial,
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 1, max: 9 }),
        (si, s, pos, d) => {
          const id = composeArticleId(si, s, 'IN')
          const digits = id.slice(2, 10)
          const changed = (Number(digits[pos]) + d) % 10
          const other = `${digits.slice(0, pos)}${changed}${digits.slice(pos + 1)}`
          const mutated = `${si}${other}${id[10]}IN`
          const rem = (x: string) =>
            [...x].reduce((a, c, i) => a + Number(c) * [8, 6, 4, 2, 3, 5, 9, 7][i]!, 0) % 11
          const collides = new Set([rem(digits), rem(other)])
          const undetectable = collides.has(0) && collides.has(6) && collides.size === 2
          expect(isValidArticleId(mutated)).toBe(undetectable)
        },
      ),
      { seed: SEED, numRuns: 2000 },
    )
  })
})

describe('article id series', () => {
  it('issues ids in order from the block, each valid', () => {
    let series = createArticleIdSeries({ serviceIndicator: 'EK', first: 20_250_001, last: 20_250_010 })
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const r = allocateArticleId(series, '2026-11-30')
      if (!r.ok) throw new Error(r.error.message)
      ids.push(r.value.id)
      series = r.value.series
    }
    expect(ids).toEqual([20_250_001, 20_250_002, 20_250_003].map((n) => composeArticleId('EK', n, 'IN')))
    expect(ids[0]).toBe('EK202500011IN'.slice(0, 10) + String(articleIdCheckDigit('20250001')) + 'IN')
    expect(series.issued).toEqual([{ date: '2026-11-30', lap: 0, from: 20_250_001, to: 20_250_003 }])
  })

  it('never re-issues a serial inside the reuse window, and does after it', () => {
    let series = createArticleIdSeries({ serviceIndicator: 'CM', first: 0, last: 1, reuseWindowDays: 365 })
    const take = (date: string) => {
      const r = allocateArticleId(series, date)
      if (r.ok) series = r.value.series
      return r
    }
    expect(take('2026-01-01').ok).toBe(true)
    expect(take('2026-06-01').ok).toBe(true)
    const refused = take('2026-12-31')
    expect(refused.ok).toBe(false)
    if (!refused.ok) expect(refused.error.code).toBe('article-series-exhausted')
    const reused = take('2027-01-01')
    expect(reused.ok && reused.value.id).toBe(composeArticleId('CM', 0, 'IN'))
    // serial 1 was issued on 2026-06-01: still blocked
    expect(take('2027-02-01').ok).toBe(false)
    expect(take('2027-06-01').ok).toBe(true)
  })

  it('property: no serial is issued twice within the window', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 60 }), (gaps) => {
        let series = createArticleIdSeries({
          serviceIndicator: 'EE',
          first: 100,
          last: 104,
          reuseWindowDays: 30,
        })
        let day = Date.UTC(2026, 0, 1)
        const lastIssued = new Map<string, number>()
        for (const g of gaps) {
          day += g * 86_400_000
          const date = new Date(day).toISOString().slice(0, 10)
          const r = allocateArticleId(series, date)
          if (!r.ok) continue
          series = r.value.series
          const prev = lastIssued.get(r.value.id)
          if (prev !== undefined) expect((day - prev) / 86_400_000).toBeGreaterThanOrEqual(30)
          lastIssued.set(r.value.id, day)
        }
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('refuses a date before the last issue', () => {
    const s = createArticleIdSeries({ serviceIndicator: 'EE' })
    const a = allocateArticleId(s, '2026-11-30')
    if (!a.ok) throw new Error('first issue refused')
    const b = allocateArticleId(a.value.series, '2026-11-29')
    expect(!b.ok && b.error.code).toBe('article-series-date-backwards')
  })
})
