import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { arbMoney, SEED } from './arbitraries.test-util.ts'
import { LedgerError } from './ledger-error.ts'
import {
  addMoney,
  compareMoney,
  formatMoney,
  groupIndian,
  isZero,
  type Money,
  money,
  moneyToString,
  negateMoney,
  paise,
  parseMoney,
  subMoney,
  sumMoney,
  ZERO,
} from './money.ts'

function code(input: unknown): string | undefined {
  const r = parseMoney(input)
  return r.ok ? undefined : r.error.code
}

describe('parseMoney', () => {
  it.each([
    ['1,23,456.50', 12345650],
    ['₹ 500', 50000],
    ['₹500', 50000],
    ['500.5', 50050],
    ['-20.00', -2000],
    ['-₹20.00', -2000],
    ['₹-20', -2000],
    ['Rs. 500/-', 50000],
    ['INR 1,000', 100000],
    ['123,456.05', 12345605],
    ['  0.01 ', 1],
    ['-0.00', 0],
    ['+7', 700],
    ['007.10', 710],
    ['1,00,00,000', 1_000_000_000],
  ])('accepts %j as %d paise', (input, expected) => {
    expect(parseMoney(input)).toEqual({ ok: true, value: expected })
  })

  it.each([
    [12.5, 1250],
    [0.1, 10],
    [-3.07, -307],
    [0, 0],
    [-0, 0],
    [90071992547409, 9007199254740900],
  ])('accepts the number %d when exact to the paisa', (input, expected) => {
    expect(parseMoney(input)).toEqual({ ok: true, value: expected })
  })

  it.each([
    ['', 'invalid-amount'],
    ['abc', 'invalid-amount'],
    ['12abc', 'invalid-amount'],
    ['1.2.3', 'invalid-amount'],
    ['500.', 'invalid-amount'],
    ['.5', 'invalid-amount'],
    ['1,2,3', 'invalid-amount'],
    ['12,34', 'invalid-amount'],
    ['--5', 'invalid-amount'],
    ['-₹-5', 'invalid-amount'],
    ['1e3', 'invalid-amount'],
    ['NaN', 'invalid-amount'],
    ['500.505', 'too-many-decimals'],
    ['0.001', 'too-many-decimals'],
    ['9999999999999999', 'out-of-range'],
    ['90071992547410', 'out-of-range'],
  ])('refuses %j with %s', (input, expected) => {
    expect(code(input)).toBe(expected)
  })

  it.each([
    [Number.NaN, 'not-finite'],
    [Number.POSITIVE_INFINITY, 'not-finite'],
    [Number.NEGATIVE_INFINITY, 'not-finite'],
    [0.1 + 0.2, 'too-many-decimals'],
    [1.005, 'too-many-decimals'],
    [1e-7, 'too-many-decimals'],
    [1e20, 'out-of-range'],
    [null, 'invalid-amount'],
    [undefined, 'invalid-amount'],
    [{}, 'invalid-amount'],
    [[5], 'invalid-amount'],
  ])('refuses %p with %s', (input, expected) => {
    expect(code(input)).toBe(expected)
  })

  it('never throws on any input (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything({ withBigInt: true }), fc.string(), fc.double()), (x) => {
        expect(() => parseMoney(x)).not.toThrow()
      }),
      { seed: SEED, numRuns: 1000 },
    )
  })

  it('says what is accepted', () => {
    const r = parseMoney('five hundred')
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error).toBeInstanceOf(LedgerError)
      expect(r.error.message).toContain('"1,23,456.50"')
      expect(r.error.message).toContain('five hundred')
    }
  })

  it('money() throws the same LedgerError', () => {
    expect(money('₹ 1,000.25')).toBe(100025)
    expect(() => money('1.234')).toThrowError(LedgerError)
    try {
      money(Number.NaN)
    } catch (e) {
      expect((e as LedgerError).code).toBe('not-finite')
    }
  })
})

describe('paise', () => {
  it('accepts safe integers and refuses the rest', () => {
    expect(paise(150)).toBe(150)
    expect(Object.is(paise(-0), 0)).toBe(true)
    expect(() => paise(1.5)).toThrowError(expect.objectContaining({ code: 'not-integer' }))
    expect(() => paise(2 ** 53)).toThrowError(expect.objectContaining({ code: 'out-of-range' }))
    expect(() => paise(Number.NaN)).toThrowError(expect.objectContaining({ code: 'not-finite' }))
  })
})

describe('formatting', () => {
  it.each([
    [12345650, '123456.50', '₹1,23,456.50'],
    [-2000, '-20.00', '-₹20.00'],
    [0, '0.00', '₹0.00'],
    [5, '0.05', '₹0.05'],
    [100000000000, '1000000000.00', '₹1,00,00,00,000.00'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91', '₹9,00,71,99,25,47,409.91'],
  ])('%d paise is %j and %j', (p, canonical, display) => {
    expect(moneyToString(p as Money)).toBe(canonical)
    expect(formatMoney(p as Money)).toBe(display)
  })

  it('can leave the symbol out', () => {
    expect(formatMoney(money('1234567.8'), { symbol: false })).toBe('12,34,567.80')
  })

  it('groups digits the Indian way', () => {
    expect(['1', '12', '123', '1234', '12345', '123456', '1234567'].map(groupIndian)).toEqual([
      '1',
      '12',
      '123',
      '1,234',
      '12,345',
      '1,23,456',
      '12,34,567',
    ])
  })

  it('parse ∘ format is the identity, for both string forms (property)', () => {
    fc.assert(
      fc.property(arbMoney, (m) => {
        const canonical = parseMoney(moneyToString(m))
        const display = parseMoney(formatMoney(m))
        return canonical.ok && display.ok && canonical.value === m && display.value === m
      }),
      { seed: SEED, numRuns: 2000 },
    )
  })

  it('format ∘ parse gives the canonical form of any decimal string (property)', () => {
    const arbDecimal = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 90071992547408n }), fc.integer({ min: 0, max: 99 }))
      .map(([neg, r, p]) => `${neg ? '-' : ''}${r}.${String(p).padStart(2, '0')}`)
    fc.assert(
      fc.property(arbDecimal, (s) => {
        const r = parseMoney(s)
        const expected = /^-0\.00$/.test(s) ? '0.00' : s
        return r.ok && moneyToString(r.value) === expected
      }),
      { seed: SEED, numRuns: 1000 },
    )
  })
})

describe('arithmetic', () => {
  it('adds, subtracts, negates, compares exactly', () => {
    const a = money('0.10')
    const b = money('0.20')
    expect(moneyToString(addMoney(a, b))).toBe('0.30')
    expect(subMoney(a, b)).toBe(-10)
    expect(negateMoney(a)).toBe(-10)
    expect(Object.is(negateMoney(ZERO), 0)).toBe(true)
    expect(compareMoney(a, b)).toBe(-1)
    expect(compareMoney(b, a)).toBe(1)
    expect(compareMoney(a, a)).toBe(0)
    expect(isZero(subMoney(a, a))).toBe(true)
    expect(sumMoney([a, b, money('-0.30')])).toBe(0)
    expect(sumMoney([])).toBe(0)
  })

  it('throws out-of-range instead of losing a paisa', () => {
    const max = paise(Number.MAX_SAFE_INTEGER)
    expect(() => addMoney(max, paise(1))).toThrowError(expect.objectContaining({ code: 'out-of-range' }))
    expect(() => sumMoney([max, max, negateMoney(max)])).toThrowError(
      expect.objectContaining({ code: 'out-of-range' }),
    )
  })
})
