import { describe, expect, it } from 'vitest'
import { type Money, money, paise } from './money.ts'
import { moneyInWords, numberInWords } from './words.ts'

describe('moneyInWords', () => {
  it.each([
    ['123456.50', 'Rupees One Lakh Twenty-Three Thousand Four Hundred Fifty-Six and Fifty Paise'],
    ['500', 'Rupees Five Hundred'],
    ['0', 'Rupees Zero'],
    ['0.05', 'Five Paise'],
    ['1', 'Rupees One'],
    ['100000', 'Rupees One Lakh'],
    ['10000000', 'Rupees One Crore'],
    ['1011019', 'Rupees Ten Lakh Eleven Thousand Nineteen'],
    ['-20', 'Minus Rupees Twenty'],
    [
      '12345678901',
      'Rupees One Thousand Two Hundred Thirty-Four Crore Fifty-Six Lakh Seventy-Eight Thousand Nine Hundred One',
    ],
  ])('%s in English is %j', (amount, words) => {
    expect(moneyInWords(money(amount), 'en')).toBe(words)
  })

  it.each([
    ['123456.50', 'एक लाख तेईस हज़ार चार सौ छप्पन रुपये और पचास पैसे'],
    ['500', 'पाँच सौ रुपये'],
    ['0', 'शून्य रुपये'],
    ['0.99', 'निन्यानवे पैसे'],
    ['25000000', 'दो करोड़ पचास लाख रुपये'],
    ['-1', 'ऋण एक रुपया'],
    ['1.01', 'एक रुपया और एक पैसा'],
    ['101', 'एक सौ एक रुपये'],
  ])('%s in Hindi is %j', (amount, words) => {
    expect(moneyInWords(money(amount), 'hi')).toBe(words)
  })

  it('spells every amount up to the largest without gaps or doubled spaces', () => {
    const samples = [1, 99, 100, 101, 999, 1000, 99999, 100000, 9999999, 10000000, Number.MAX_SAFE_INTEGER]
    for (const p of samples) {
      for (const lang of ['en', 'hi'] as const) {
        const w = moneyInWords(paise(p) as Money, lang)
        expect(w).not.toMatch(/ {2}|undefined|^ | $/)
      }
    }
    expect(numberInWords(0, 'hi')).toBe('शून्य')
    expect(numberInWords(69, 'hi')).toBe('उनहत्तर')
    expect(() => numberInWords(-1, 'en')).toThrowError(expect.objectContaining({ code: 'invalid-quantity' }))
  })
})
