import { describe, expect, it } from 'vitest'
import { money } from './money.ts'
import { createStockCatalog, isStockItemId, type StockItem, stockLineValue, stockValue } from './stock.ts'

export const ITEMS: StockItem[] = [
  { id: 'stamp-5', kind: 'postage-stamp', label: '₹5 postage stamp', faceValue: money('5') },
  { id: 'stamp-10', kind: 'postage-stamp', label: '₹10 postage stamp', faceValue: money('10') },
  { id: 'postcard', kind: 'postal-stationery', label: 'Postcard', faceValue: money('0.50') },
  { id: 'inland-letter', kind: 'postal-stationery', label: 'Inland letter card', faceValue: money('2.50') },
  { id: 'revenue-1', kind: 'revenue-stamp', label: '₹1 revenue stamp', faceValue: money('1') },
  { id: 'ipo-20', kind: 'postal-order', label: '₹20 Indian postal order', faceValue: money('20') },
  { id: 'nsc-legacy-1000', kind: 'nsc', label: 'NSC ₹1,000 (legacy)', faceValue: money('1000') },
]

describe('stock', () => {
  it('values quantities exactly: pieces × face value', () => {
    expect(
      stockValue(ITEMS, { 'stamp-5': 100, postcard: 7, 'inland-letter': 3, 'nsc-legacy-1000': 1 }),
    ).toEqual({
      ok: true,
      value: money('1511'),
    })
    const catalog = createStockCatalog(ITEMS)
    expect(catalog.ok && stockValue(catalog.value, {})).toEqual({ ok: true, value: 0 })
    expect(catalog.ok && stockLineValue(catalog.value, 'stamp-10', -2, { allowNegative: true })).toEqual({
      ok: true,
      value: money('-20'),
    })
  })

  it.each([
    [{ 'stamp-7': 1 }, 'unknown-stock-item'],
    [{ 'stamp-5': -1 }, 'invalid-quantity'],
    [{ 'stamp-5': 0.5 }, 'invalid-quantity'],
  ])('refuses %j with %s', (q, code) => {
    const r = stockValue(ITEMS, q)
    expect(r.ok ? undefined : r.error.code).toBe(code)
  })

  it('refuses a catalog with duplicate, cash-named or negative items', () => {
    for (const items of [
      [...ITEMS, ITEMS[0]!],
      [{ ...ITEMS[0]!, id: 'cash' }],
      [{ ...ITEMS[0]!, faceValue: money('-1') }],
      [{ ...ITEMS[0]!, label: '' }],
    ]) {
      const r = createStockCatalog(items)
      expect(r.ok ? undefined : r.error.code).toBe('invalid-stock-item')
    }
    expect(isStockItemId('stamp-5')).toBe(true)
    expect(isStockItemId('cash')).toBe(false)
    expect(isStockItemId('a b')).toBe(false)
  })
})
