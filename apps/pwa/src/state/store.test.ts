import 'fake-indexeddb/auto'
import { demoOffice } from '@dak/core'
import { dayRoom } from '@dak/core/yjs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { createDeviceClock } from './clock.ts'
import { entriesMissingFrom } from './room.ts'
import { type OfficeStore, openOfficeStore } from './store.ts'
import { rememberSealed, sealedRooms } from './sync.ts'

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

describe('a sealed day’s unsent entries', () => {
  it('wait for the next open day, are re-posted there once it has begun, and fold as late entries', async () => {
    const D = '2026-11-20'
    const NEXT = '2026-11-21'
    const reference = demoOffice({ date: D }).events
    const ctx = { office: 'panem-so', staff: 'so-spm', device: 'dev-so-spm' }
    const old = openOfficeStore({ ...ctx, date: D }, createDeviceClock('dev-so-spm'), reference)
    stores.push(old)
    await old.loaded
    expect((await old.run({ type: 'day.begin', payload: { cash: { '500': 50 }, stock: {} } })).ok).toBe(true)
    // the server took the Day Begin; the cash request was written offline, after the day ended there
    const serverSv = Y.encodeStateVector(old.day.doc)
    const req = await old.run({
      type: 'cash.request',
      payload: { amount: '5000.00', denominations: { '500': 10 }, remark: 'pensions' },
    })
    if (!req.ok) throw new Error(req.error.message)
    await rememberSealed(dayRoom('panem-so', D), serverSv)
    await old.close()
    stores = stores.filter((x) => x !== old)

    const next = openOfficeStore({ ...ctx, date: NEXT }, createDeviceClock('dev-so-spm'), reference)
    stores.push(next)
    await next.loaded
    // the next day has not begun here yet: nothing is re-posted, the entries wait (and the screens say so)
    expect(next.lateWaiting.value).toBe(true)
    expect(next.lateReposts.value).toEqual([])
    expect(next.events().some((e) => e.id === req.value[0]?.id)).toBe(false)

    expect((await next.run({ type: 'day.begin', payload: { cash: { '500': 50 }, stock: {} } })).ok).toBe(true)
    await vi.waitFor(() => expect(next.lateReposts.value.length).toBe(1), { timeout: 5000 })
    expect(next.lateReposts.value[0]).toMatchObject({ from: D, into: NEXT, error: null })
    expect(next.lateReposts.value[0]?.posted).toEqual(req.value.map((e) => e.id))
    expect(next.lateWaiting.value).toBe(false)
    expect(await sealedRooms()).toEqual([])
    const late = Object.values(next.state().day.lateEntries)
    expect(late).toEqual([
      { event: req.value[0]?.id, office: 'panem-so', date: D, type: 'cash.requested', reviewed: false },
    ])
    // the Day Begin of the sealed day, which the server holds, is not re-posted
    expect(
      next
        .events()
        .filter((e) => e.type === 'day.begun')
        .map((e) => e.date),
    ).toEqual([NEXT])
  })
})
