import { describe, expect, it } from 'vitest'
import {
  countLines,
  countTotal,
  type Denomination,
  INR_DENOMINATIONS,
  validateDenominationSet,
} from './denominations.ts'
import { formatMoney, money, paise } from './money.ts'

describe('denominations', () => {
  it('lists the notes and coins in circulation as data', () => {
    expect(INR_DENOMINATIONS.map((d) => d.id)).toEqual([
      'note-500',
      'note-200',
      'note-100',
      'note-50',
      'note-20',
      'note-10',
      'coin-20',
      'coin-10',
      'coin-5',
      'coin-2',
      'coin-1',
    ])
    expect(INR_DENOMINATIONS.find((d) => d.id === 'coin-20')?.value).toBe(money('20'))
    expect(validateDenominationSet(INR_DENOMINATIONS).ok).toBe(true)
  })

  it('totals a count exactly', () => {
    expect(countTotal({ 'note-500': 12, 'note-100': 3, 'coin-2': 4, 'coin-1': 0 })).toEqual({
      ok: true,
      value: money('6308'),
    })
    expect(countTotal({})).toEqual({ ok: true, value: 0 })
  })

  it.each([
    [{ 'note-500': -1 }, 'invalid-count'],
    [{ 'note-500': 1.5 }, 'invalid-count'],
    [{ 'note-500': '3' }, 'invalid-count'],
    [{ 'note-2000': 1 }, 'unknown-denomination'],
    [{ 'note-500': Number.MAX_SAFE_INTEGER }, 'out-of-range'],
  ])('refuses %j with %s', (counts, code) => {
    const r = countTotal(counts as Record<string, number>)
    expect(r.ok ? undefined : r.error.code).toBe(code)
  })

  it('takes another set as data, e.g. with a 50 paise coin', () => {
    const set: Denomination[] = [
      ...INR_DENOMINATIONS,
      { id: 'coin-0.50', form: 'coin', value: paise(50), label: '50 paise coin' },
    ]
    expect(countTotal({ 'coin-0.50': 3 }, set)).toEqual({ ok: true, value: 150 })
    const dup = validateDenominationSet([...set, set[0]!])
    expect(dup.ok ? undefined : dup.error.code).toBe('invalid-denomination-set')
  })
})

describe('countLines', () => {
  it('lists the lines of a count largest first, for a cash memo', () => {
    const r = countLines({ 'coin-1': 3, 'note-500': 12, 'note-100': 0 })
    expect(
      r.ok && r.value.map((l) => `${l.denomination.label} × ${l.pieces} = ${formatMoney(l.value)}`),
    ).toEqual(['₹500 note × 12 = ₹6,000.00', '₹1 coin × 3 = ₹3.00'])
    const bad = countLines({ 'note-500': -1 })
    expect(bad.ok ? undefined : bad.error.code).toBe('invalid-count')
  })
})
