import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bounds, DigipinError, decode, encode, format, isValid, normalize, parse } from './index.ts'

describe('parse / normalize / format / isValid', () => {
  it('accepts every human spelling of the same code', () => {
    for (const s of [
      '39J-49L-L8T4',
      '39j49ll8t4',
      ' 39J 49L L8T4 ',
      '39J - 49L - L8T4',
      '\t39J49LL8T4\n',
      '39J\u00a049L L8T4',
    ]) {
      expect(parse(s)).toEqual({ ok: true, code: '39J-49L-L8T4', precision: 10 })
      expect(isValid(s)).toBe(true)
      expect(normalize(s)).toBe('39J-49L-L8T4')
    }
  })

  it('accepts prefixes of 1 to 9 symbols, hyphenated like full codes', () => {
    expect(parse('3')).toEqual({ ok: true, code: '3', precision: 1 })
    expect(normalize('39j4')).toBe('39J-4')
    expect(normalize('39J49LL')).toBe('39J-49L-L')
    expect(encode(28.622788, 77.213033, 7)).toBe('39J-49L-L')
    expect(encode(28.622788, 77.213033, 1)).toBe('3')
  })

  it('formats in three styles', () => {
    expect(format('39j49ll8t4', 'hyphen')).toBe('39J-49L-L8T4')
    expect(format('39J-49L-L8T4', 'compact')).toBe('39J49LL8T4')
    expect(format('39J-49L-L8T4', 'space')).toBe('39J 49L L8T4')
    expect(format('39J4', 'space')).toBe('39J 4')
    expect(() => format('39J', 'dots' as 'hyphen')).toThrow(
      expect.objectContaining({ code: 'invalid-argument' }),
    )
  })

  it.each([
    ['', 'empty', undefined],
    ['   ', 'empty', undefined],
    ['39J-49L-L8T44', 'invalid-length', undefined],
    ['39J-49L-L8TA', 'invalid-character', 11],
    ['39J49LL8TG', 'beta-symbol', 9],
    ['w9J49LL8T4', 'beta-symbol', 0],
    ['-39J49LL8T4', 'invalid-separator', 0],
    ['39J49LL8T4-', 'invalid-separator', 10],
    ['39J_49L_L8T4', 'invalid-character', 3],
    ['３９Ｊ', 'invalid-character', 0],
    ['😀39J', 'invalid-character', 0],
  ])('rejects %j with %s', (input, code, position) => {
    const r = parse(input)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe(code)
    expect(r.error.position).toBe(position)
    expect(r.error.message).toMatch(/accepted|Accepted|Current symbols/)
    expect(isValid(input)).toBe(false)
    expect(() => normalize(input)).toThrow(DigipinError)
    expect(() => decode(input)).toThrow(DigipinError)
  })

  it('names the replacement of a beta symbol', () => {
    const r = parse('39J49LL8TX')
    expect(r.ok || r.error).toMatchObject({ code: 'beta-symbol', replacement: 'T' })
  })

  it('never throws for any input', () => {
    for (const v of [null, undefined, 3949, {}, [], Symbol('x'), () => 1, Number.NaN, true]) {
      expect(parse(v)).toMatchObject({ ok: false, error: { code: 'not-a-string' } })
      expect(isValid(v)).toBe(false)
    }
  })

  it('DigipinError carries code, value and a message saying what is accepted', () => {
    try {
      encode(51.5, -0.12)
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(DigipinError)
      expect(e).toBeInstanceOf(Error)
      const d = e as DigipinError
      expect(d.name).toBe('DigipinError')
      expect(d.code).toBe('lat-out-of-range')
      expect(d.value).toBe(51.5)
      expect(d.message).toContain('2.5 to 38.5')
      expect(d.toJSON()).toMatchObject({ code: 'lat-out-of-range', value: 51.5 })
    }
    expect(() => encode(20, 80, 11)).toThrow(expect.objectContaining({ code: 'invalid-precision' }))
    expect(() => encode(20, 80, 0)).toThrow(expect.objectContaining({ code: 'invalid-precision' }))
    expect(() => encode(20, 80, 2.5)).toThrow(expect.objectContaining({ code: 'invalid-precision' }))
    expect(() => encode(Number.POSITIVE_INFINITY, 80)).toThrow(
      expect.objectContaining({ code: 'lat-out-of-range' }),
    )
    expect(() => encode(20, Number.NEGATIVE_INFINITY)).toThrow(
      expect.objectContaining({ code: 'lon-out-of-range' }),
    )
    expect(() => encode(20, Number.NaN)).toThrow(expect.objectContaining({ code: 'not-a-number' }))
  })
})

describe('the canonical fast path of decode agrees with the full scanner', () => {
  const SEED = Number(process.env.FC_SEED ?? 20251130)
  // symbols, lowercase, other ASCII, and non-ASCII chars whose low 7 bits alias a symbol (Ã = 0xC3 → C)
  const ch = fc.constantFrom(
    ...'23456789CFJKLMPTcfjklmpt0AGWX-_ ',
    'Ã',
    'ð',
    'Ù',
    '\u0143',
    '\uff23',
    '\u00b2',
  )
  it('for any 12-character string shaped like XXX-XXX-XXXX', () => {
    fc.assert(
      fc.property(fc.array(ch, { minLength: 10, maxLength: 10 }), (cs) => {
        const s = `${cs.slice(0, 3).join('')}-${cs.slice(3, 6).join('')}-${cs.slice(6).join('')}`
        const p = parse(s)
        if (!p.ok) {
          expect(() => decode(s)).toThrow(DigipinError)
          return p.error.code !== undefined
        }
        // bounds() always takes the full scanner; the centre of its (dyadic, exact) edges is the answer
        const b = bounds(s)
        expect(decode(s)).toEqual({ lat: (b.minLat + b.maxLat) / 2, lon: (b.minLon + b.maxLon) / 2 })
        return true
      }),
      { seed: SEED, numRuns: 3000 },
    )
    expect(() => decode('39J-49L-L8TÃ')).toThrow(
      expect.objectContaining({ code: 'invalid-character', position: 11 }),
    )
  })
})
