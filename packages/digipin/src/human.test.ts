import { describe, expect, it } from 'vitest'
import { decode, distance, extract, suggest } from './index.ts'

describe('extract', () => {
  it('finds codes in free text, in any spelling, and skips look-alike noise', () => {
    const text =
      'Deliver to Dak Bhawan, DIGIPIN 39J-49L-L8T4 (alt: 4p3jk852c9; gate 39J 429 L4TK). Call 9876543210, ref CFJKLMPT23X, id 39J-49L-L8T44.'
    const found = extract(text)
    expect(found.map((f) => f.code)).toEqual(['39J-49L-L8T4', '4P3-JK8-52C9', '39J-429-L4TK'])
    for (const f of found) expect(text.slice(f.index, f.index + f.length)).toBe(f.text)
    expect(extract('no codes here')).toEqual([])
    expect(extract(42 as unknown as string)).toEqual([])
  })
})

describe('suggest', () => {
  it('puts the lookalike fix first for an invalid character, and the beta replacement', () => {
    expect(suggest('39J-49L-L8TG')[0]).toMatchObject({
      code: '39J-49L-L8TC',
      edit: 'substitution',
      position: 9,
    })
    expect(suggest('39J-49L-B8T4')[0]).toMatchObject({
      code: '39J-49L-88T4',
      edit: 'substitution',
      position: 6,
    })
    expect(suggest('39J-49L-L8T4O')).toEqual([])
  })

  it('with a hint point, ranks candidates nearest first and includes swaps', () => {
    const truth = '39J-49L-L8T4'
    const swapped = '39J-49L-L84T'
    const near = decode(truth)
    const out = suggest(swapped, near, 5)
    expect(out[0]).toMatchObject({ code: truth, edit: 'swap', position: 8 })
    for (let i = 1; i < out.length; i++)
      expect(out[i]!.distance!).toBeGreaterThanOrEqual(out[i - 1]!.distance!)
    expect(out[0]!.distance).toBeCloseTo(distance(truth, near), 6)
  })

  it('lists the code itself first when it is valid, then one-edit candidates', () => {
    const out = suggest('39J49LL8T4', undefined, 200)
    expect(out[0]).toMatchObject({ code: '39J-49L-L8T4', edit: 'none' })
    expect(out.length).toBeGreaterThan(150)
    expect(new Set(out.map((s) => s.code)).size).toBe(out.length)
  })
})
