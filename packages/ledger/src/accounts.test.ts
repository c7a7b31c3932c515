import { describe, expect, it } from 'vitest'
import {
  ACCOUNT_KINDS,
  accountId,
  accountKindOf,
  codPouchAccount,
  counterAccount,
  isCustodyAccount,
  parseAccountId,
  revenueAccount,
  transitAccount,
  treasuryAccount,
  ucpAccount,
} from './accounts.ts'

describe('account ids', () => {
  it('builds and parses kind:key', () => {
    expect(treasuryAccount('HO-110001')).toBe('treasury:HO-110001')
    expect(counterAccount('shift:2026-11-30:PA-7')).toBe('counter:shift:2026-11-30:PA-7')
    expect(parseAccountId('counter:shift:2026-11-30:PA-7')).toEqual({
      ok: true,
      value: { kind: 'counter', key: 'shift:2026-11-30:PA-7' },
    })
    for (const kind of ACCOUNT_KINDS) expect(accountKindOf(accountId(kind, 'X1'))).toBe(kind)
  })

  it('tells custody accounts from nominal ones', () => {
    expect(
      [treasuryAccount('SO'), counterAccount('S'), transitAccount('B'), codPouchAccount('P')].every(
        isCustodyAccount,
      ),
    ).toBe(true)
    expect([revenueAccount('postage'), ucpAccount('SO'), 'bogus'].some(isCustodyAccount)).toBe(false)
  })

  it.each([
    ['treasury', 'invalid-account'],
    ['treasury:', 'invalid-account'],
    ['treasury:a b', 'invalid-account'],
    ['drawer:X', 'unknown-account-kind'],
    [42, 'invalid-account'],
  ])('refuses %j with %s', (id, code) => {
    const r = parseAccountId(id)
    expect(r.ok ? undefined : r.error.code).toBe(code)
  })

  it('accountId throws on a bad key', () => {
    expect(() => accountId('treasury', '')).toThrowError(expect.objectContaining({ code: 'invalid-account' }))
  })
})
