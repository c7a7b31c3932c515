import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createDeviceClock } from './clock.ts'
import { entriesMissingFrom } from './room.ts'
import { type OfficeStore, openOfficeStore } from './store.ts'

const HO = {
  id: 'HO1',
  name: 'Chennai GPO',
  kind: 'HO',
  pincode: '600001',
  accountOffice: null,
  division: 'Chennai City Central',
  lat: 13.08,
  lon: 80.28,
  authorisedMax: '500000.00',
  authorisedMin: '10000.00',
}

let stores: OfficeStore[] = []
afterEach(async () => {
  for (const s of stores) await s.close()
  stores = []
})

function open(device: string, date = '2026-11-30', office = `T${Math.random().toString(36).slice(2, 8)}`) {
  const s = openOfficeStore({ office, date, staff: 'admin', device }, createDeviceClock(device))
  stores.push(s)
  return s
}

describe('office store', () => {
  it('runs a command through core and folds the event', async () => {
    const s = open('dev-a')
    await s.loaded
    const r = await s.run({ type: 'office.register', payload: HO })
    expect(r.ok).toBe(true)
    expect(s.state().office.offices.HO1?.name).toBe('Chennai GPO')
    expect(s.version.value).toBeGreaterThan(0)
  })

  it('returns the domain error for a refused command, writing nothing', async () => {
    const s = open('dev-a')
    await s.loaded
    await s.run({ type: 'office.register', payload: HO })
    const again = await s.run({ type: 'office.register', payload: HO })
    expect(again.ok).toBe(false)
    if (!again.ok) expect(again.error.code).toBe('invalid-reference')
    expect(s.events().length).toBe(1)
  })

  it('persists across a reopen (y-indexeddb) and counts entries a peer lacks', async () => {
    const office = 'PERSIST1'
    const a = open('dev-a', '2026-11-30', office)
    await a.loaded
    await a.run({ type: 'office.register', payload: HO })
    expect(entriesMissingFrom(a.day.doc, null)).toBe(1)
    expect(entriesMissingFrom(a.day.doc, Y.encodeStateVector(a.day.doc))).toBe(0)
    await a.close()
    stores = stores.filter((x) => x !== a)
    const b = open('dev-a', '2026-11-30', office)
    await b.loaded
    expect(b.state().office.offices.HO1?.id).toBe('HO1')
  })

  it('folds inbox events together with the day', async () => {
    const s = open('dev-a')
    await s.loaded
    const other = open('dev-b', '2026-11-30', 'ELSE')
    await other.loaded
    const r = await other.run({ type: 'office.register', payload: HO })
    expect(r.ok).toBe(true)
    // an event that lands in this office's inbox (as the sync server would deliver it)
    Y.applyUpdate(s.inbox.doc, Y.encodeStateAsUpdate(other.day.doc))
    expect(s.state().office.offices.HO1?.id).toBe('HO1')
  })
})
