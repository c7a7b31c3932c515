import { describe, expect, it } from 'vitest'
import { en } from './en.ts'
import { enMail } from './en-mail.ts'
import { businessDate, formatCount, formatPaise, parseRupees } from './format.ts'
import { hi } from './hi.ts'

describe('money and numbers', () => {
  it('formats paise exactly with lakh grouping', () => {
    expect(formatPaise(123456750n, 'en')).toBe('₹12,34,567.50')
    expect(formatPaise('5', 'hi')).toBe('₹0.05')
    expect(formatPaise(-100n, 'en')).toBe('−₹1.00')
    // beyond 2^53 paise stays exact
    expect(formatPaise(9007199254740993n, 'en')).toBe('₹9,00,71,99,25,47,409.93')
    expect(formatCount(1234567, 'en')).toBe('12,34,567')
  })

  it('parses typed rupees into paise, refusing anything else', () => {
    expect(parseRupees('1,234.5')).toBe(123450n)
    expect(parseRupees('₹ 12')).toBe(1200n)
    expect(parseRupees('0.05')).toBe(5n)
    expect(parseRupees('1.234')).toBeNull()
    expect(parseRupees('-5')).toBeNull()
    expect(parseRupees('abc')).toBeNull()
    expect(parseRupees('')).toBeNull()
  })

  it('computes the business date in Asia/Kolkata', () => {
    // 2026-11-30T19:00Z is 00:30 on 1 Dec in IST
    expect(businessDate(Date.UTC(2026, 10, 30, 19, 0))).toBe('2026-12-01')
    expect(businessDate(Date.UTC(2026, 10, 30, 18, 0))).toBe('2026-11-30')
  })
})

describe('catalogues', () => {
  it('Hindi has every English key with the same placeholders', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    const english: Record<string, string> = { ...en, ...enMail }
    for (const key of Object.keys(english) as (keyof typeof hi)[]) {
      expect(hi[key], key).toBeTruthy()
      expect(placeholders(hi[key]), key).toEqual(placeholders(english[key]!))
    }
    // the initial catalogue and the mail part share no key, and together they are every Hindi key
    expect(Object.keys(en).filter((k) => Object.hasOwn(enMail, k))).toEqual([])
    expect(Object.keys(hi).sort()).toEqual(Object.keys(english).sort())
  })
})
