import { describe, expect, it } from 'vitest'
import { dayEndChecklist } from '../src/day/day-end.ts'
import { PERMISSIONS } from '../src/office/permissions.ts'
import { createWorld, DATE } from './day-world.ts'

const office = (id: string, kind: string, accountOffice: string | null) => ({
  id,
  name: `${id} office`,
  kind,
  pincode: '518112',
  accountOffice,
  division: 'Nandyal Division',
  lat: null,
  lon: null,
  authorisedMax: '50000.00',
  authorisedMin: '1000.00',
})

describe('reference data', () => {
  it('the demo chain registers real offices, staff of every role and devices', () => {
    const w = createWorld()
    const s = w.state()
    expect(Object.keys(s.office.offices)).toEqual(['nandyal-ho', 'panem-so', 'pinnapuram-bo'])
    expect(s.office.offices['panem-so']).toMatchObject({
      name: 'Panem S.O',
      pincode: '518112',
      accountOffice: 'nandyal-ho',
    })
    expect(s.office.offices['pinnapuram-bo']?.accountOffice).toBe('panem-so')
    const roles = new Set(s.office.grants.map((g) => g.role))
    expect([...roles].sort()).toEqual([
      'branch-postmaster',
      'divisional-admin',
      'postal-assistant',
      'postman',
      'postmaster',
      'supervisor',
      'treasurer',
    ])
    expect(s.office.devices['dev-bo-mobile']?.office).toBe('pinnapuram-bo')
    expect(dayEndChecklist(s, 'panem-so', DATE)[0]).toMatchObject({ id: 'day-begun', pass: false })
  })

  it('only a divisional admin registers; a refusal names the rule', () => {
    const w = createWorld()
    const e = w.refused('so-spm', 'panem-so', 'office.register', office('new-bo', 'BO', 'panem-so'))
    expect(e).toMatchObject({ code: 'role-not-permitted', rule: PERMISSIONS['reference.manage'].rule })
    w.act('div-admin', 'panem-so', 'office.register', office('new-bo', 'BO', 'panem-so'))
    w.act('div-admin', 'new-bo', 'staff.register', { id: 'new-bpm', name: 'K. Ravi', office: 'new-bo' })
    w.act('div-admin', 'new-bo', 'role.grant', {
      staff: 'new-bpm',
      role: 'branch-postmaster',
      office: 'new-bo',
    })
    w.act('div-admin', 'new-bo', 'device.register', { id: 'dev-new-bo', office: 'new-bo', label: 'BO phone' })
    const s = w.state()
    expect(s.office.offices['new-bo']?.kind).toBe('BO')
    expect(s.office.grants).toContainEqual({ staff: 'new-bpm', role: 'branch-postmaster', office: 'new-bo' })
  })

  it('refuses inconsistent reference data with what to fix', () => {
    const w = createWorld()
    const r = (type: string, payload: unknown) => w.refused('div-admin', 'panem-so', type, payload)
    expect(r('office.register', office('panem-so', 'SO', 'nandyal-ho')).message).toMatch(/already registered/)
    expect(r('office.register', office('x-bo', 'BO', 'nowhere')).message).toMatch(/account office/)
    expect(r('office.register', office('x-ho', 'HO', 'nandyal-ho')).message).toMatch(
      /accountOffice must be null/,
    )
    expect(r('office.register', { ...office('x-so', 'XX', 'nandyal-ho') }).code).toBe('invalid-payload')
    expect(r('role.grant', { staff: 'nobody', role: 'postmaster', office: 'panem-so' }).message).toMatch(
      /not registered/,
    )
    expect(r('role.grant', { staff: 'so-spm', role: 'supervisor', office: 'panem-so' }).message).toMatch(
      /already holds/,
    )
    expect(r('role.grant', { staff: 'so-spm', role: 'king', office: 'panem-so' }).code).toBe(
      'invalid-payload',
    )
    expect(r('staff.register', { id: 'z', name: 'Z', office: 'nowhere' }).message).toMatch(/not registered/)
    expect(r('device.register', { id: 'dev-bo-mobile', office: 'panem-so', label: '' }).message).toMatch(
      /already registered/,
    )
  })

  it('a revoked role no longer authorises', () => {
    const w = createWorld()
    w.act('div-admin', 'panem-so', 'role.revoke', { staff: 'so-spm', role: 'supervisor', office: 'panem-so' })
    expect(w.refused('so-spm', 'panem-so', 'day.begin', { cash: {}, stock: {} }).code).toBe(
      'role-not-permitted',
    )
  })

  it('genesis: an empty journal accepts the first registrations', () => {
    const w = createWorld([])
    w.act('founder', 'ho', 'office.register', { ...office('ho', 'HO', null), authorisedMax: '1.00' })
    w.act('founder', 'ho', 'staff.register', { id: 'founder', name: 'Founder', office: 'ho' })
    w.act('founder', 'ho', 'role.grant', { staff: 'founder', role: 'divisional-admin', office: 'ho' })
    expect(w.refused('someone', 'ho', 'staff.register', { id: 'x', name: 'X', office: 'ho' }).code).toBe(
      'unknown-staff',
    )
  })

  it('a device registered to one office cannot act for another', () => {
    const w = createWorld()
    const e = w.refused(
      'so-spm',
      'panem-so',
      'day.begin',
      { cash: {}, stock: {} },
      { device: 'dev-bo-mobile' },
    )
    expect(e.code).toBe('device-of-another-office')
    w.act('so-spm', 'panem-so', 'day.begin', { cash: {}, stock: {} }, { device: 'dev-so-spm' })
  })
})
