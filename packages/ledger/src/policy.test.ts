import { describe, expect, it } from 'vitest'
import { createBalances } from './balances.ts'
import { money } from './money.ts'
import { type CashPolicy, checkPolicy, validatePolicy } from './policy.ts'
import { createStockCatalog } from './stock.ts'
import type { Difference } from './tally.ts'

const policy: CashPolicy = {
  maxCash: money('50000'),
  minCash: money('5000'),
  accountLimits: { 'cod-pouch': money('10000') },
  closeTolerance: { supervisor: money('10'), 'postal-assistant': money('0') },
}

const short = (paise: number): Difference => ({
  account: 'counter:S1',
  commodity: 'cash',
  expected: 100000,
  counted: 100000 - paise,
  difference: -paise,
  kind: 'short',
  value: -paise as Difference['value'] & number,
})

describe('checkPolicy', () => {
  it('finds nothing when the office is within every rule', () => {
    const b = createBalances({ 'treasury:SO': { cash: money('20000') } })
    expect(checkPolicy(policy, { balances: b })).toEqual([])
    expect(
      checkPolicy(policy, { balances: b, closing: { role: 'supervisor', differences: [short(1000)] } }),
    ).toEqual([])
  })

  it('returns every breached rule at once, each with a readable reason', () => {
    const b = createBalances({
      'treasury:SO': { cash: money('45000') },
      'counter:S1': { cash: money('10000') },
      'cod-pouch:PM-1': { cash: money('12000') },
    })
    const breaches = checkPolicy(policy, {
      balances: b,
      closing: { role: 'postal-assistant', differences: [short(1)] },
    })
    expect(breaches.map((x) => x.rule)).toEqual(['max-cash', 'account-limit', 'close-tolerance'])
    expect(breaches[0]!.reason).toBe(
      'Office cash ₹55,000.00 is above the authorised maximum ₹50,000.00: remit the excess of ₹5,000.00 or record a reason.',
    )
    expect(breaches[1]!.reason).toContain(
      'cod-pouch:PM-1 holds ₹12,000.00, above the cod-pouch limit of ₹10,000.00',
    )
    expect(breaches[2]!.reason).toContain('exceed what a postal-assistant may close with (₹0.00)')
  })

  it('keeps a justified excess listed but marked', () => {
    const b = createBalances({ 'treasury:SO': { cash: money('60000') } })
    const [breach] = checkPolicy(policy, { balances: b, excessReason: 'pension day tomorrow' })
    expect(breach).toMatchObject({ rule: 'max-cash', justified: true })
    expect(breach!.reason).toContain('pension day tomorrow')
  })

  it('reports cash below the minimum, and stock differences it cannot value', () => {
    const b = createBalances({ 'treasury:SO': { cash: money('100') } })
    const stock: Difference = {
      account: 'counter:S1',
      commodity: 'stamp-5',
      expected: 4,
      counted: 3,
      difference: -1,
      kind: 'short',
    }
    const breaches = checkPolicy(policy, {
      balances: b,
      closing: { role: 'supervisor', differences: [stock] },
    })
    expect(breaches.map((x) => x.rule)).toEqual(['min-cash', 'close-tolerance'])
    expect(breaches[1]!.reason).toContain('cannot be valued: counter:S1 stamp-5')
  })

  it('checks the authorised stock value at face value, and says when it cannot', () => {
    const catalog = createStockCatalog([
      { id: 'stamp-5', kind: 'postage-stamp', label: '₹5 stamp', faceValue: money('5') },
    ])
    if (!catalog.ok) throw catalog.error
    const b = createBalances({
      'treasury:SO': { cash: money('20000'), 'stamp-5': 900 },
      'counter:S1': { 'stamp-5': 200 },
      'transit:BAG': { 'stamp-5': 5000 },
    })
    const limited = { maxStockValue: money('5000') }
    const [breach] = checkPolicy(limited, { balances: b, catalog: catalog.value })
    expect(breach).toMatchObject({ rule: 'max-stock-value', actual: money('5500'), limit: money('5000') })
    expect(checkPolicy({ maxStockValue: money('6000') }, { balances: b, catalog: catalog.value })).toEqual([])
    const [unchecked] = checkPolicy(limited, { balances: b })
    expect(unchecked!.reason).toContain('no stock catalog was given')
  })

  it('validates a policy given as data', () => {
    expect(validatePolicy(policy).ok).toBe(true)
    for (const bad of [
      { maxCash: money('1'), minCash: money('2') },
      { maxCash: -1 },
      { maxCash: 1.5 },
      { accountLimits: { drawer: money('1') } },
    ]) {
      const r = validatePolicy(bad as CashPolicy)
      expect(r.ok ? undefined : r.error.code).toBe('invalid-policy')
    }
  })
})
