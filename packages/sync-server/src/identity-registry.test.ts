import { type DakEvent, ed25519PublicKey, linkEvent, signEvent } from '@dak/core'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { TokenClaims } from './auth/token.ts'
import { createSignatureHook } from './event-verifier.ts'
import {
  createIdentityRegistry,
  identityRoom,
  isReservedRoom,
  markIdentityRegistryStale,
  REGISTRY_MARKER_ROOM,
} from './identity-registry.ts'
import { createMemoryStorage } from './storage/memory.ts'
import type { Storage, WriteBatch } from './storage/storage.ts'
import { JOURNAL_MAP } from './validate.ts'

const T0 = Date.UTC(2026, 10, 30, 6, 0, 0)
let n = 0

function ev(office: string, type: string, payload: unknown = {}, fields: Partial<DakEvent> = {}): DakEvent {
  n++
  return {
    id: `e-${n.toString().padStart(4, '0')}`,
    type,
    v: 1,
    office,
    date: '2026-11-30',
    actor: 'pm-1',
    device: 'ADM',
    duty: null,
    hlc: `${new Date(T0 + n * 1000).toISOString()}-0000-x`,
    at: T0 + n * 1000,
    payload,
    ...fields,
  }
}

const enrolled = (office: string, device: string) =>
  ev(office, 'device.enrolled', {
    device,
    label: device,
    publicKey: ed25519PublicKey(new Uint8Array(32).fill(device.length)),
    enrolment: null,
  })

/** Stores a day room as a client would have written it (one update per event). */
async function storeDayRoom(storage: Storage, office: string, date: string, events: DakEvent[]) {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  for (const e of events) doc.getMap(JOURNAL_MAP).set(e.id, e)
  await storage.write({
    updates: updates.map((update, i) => ({ room: `office/${office}/day/${date}`, seq: i + 1, update })),
    snapshots: [],
    seals: [],
  })
}

describe('identity registry', () => {
  it('keeps only trust events, persists them, and a new registry over the same store loads them', async () => {
    const storage = createMemoryStorage()
    const a = createIdentityRegistry({ storage })
    const release = await a.acquire(['SO1'])
    const enrol = enrolled('SO1', 'D1')
    const grant = ev('SO1', 'role.granted', { staff: 'pm-1', role: 'postmaster', office: 'SO1' })
    a.learn([enrol, ev('SO1', 'counter.deposit'), grant, ev('SO2', 'device.revoked', { device: 'X' })])
    expect(a.events('SO1')?.map((e) => e.id)).toEqual([enrol.id, grant.id])
    await a.flush()
    release()
    const b = createIdentityRegistry({ storage })
    expect(b.events('SO1')).toBeUndefined() // not in memory yet: a load starts
    await b.acquire(['SO1', 'SO2'])
    expect(b.events('SO1')?.map((e) => e.id)).toEqual([enrol.id, grant.id])
    expect(b.events('SO2')?.map((e) => e.type)).toEqual(['device.revoked'])
    expect(a.stats().pending).toBe(0)
  })

  it('returns the same array while nothing changes, a new one after a change', async () => {
    const r = createIdentityRegistry({ storage: createMemoryStorage() })
    await r.acquire(['SO1'])
    const before = r.events('SO1')
    expect(r.events('SO1')).toBe(before)
    r.learn([enrolled('SO1', 'D1')])
    expect(r.events('SO1')).not.toBe(before)
    const e = enrolled('SO1', 'D2')
    r.learn([e])
    const after = r.events('SO1')
    r.learn([e]) // a duplicate id changes nothing
    expect(r.events('SO1')).toBe(after)
  })

  it('keeps memory bounded: unpinned offices beyond the limit are dropped and reloaded on demand', async () => {
    const storage = createMemoryStorage()
    const r = createIdentityRegistry({ storage, maxOffices: 3 })
    const pinned = await r.acquire(['HOLD'])
    r.learn([enrolled('HOLD', 'DH')])
    for (let i = 0; i < 20; i++) {
      const release = await r.acquire([`O${i}`])
      r.learn([enrolled(`O${i}`, `D${i}`)])
      release()
      await r.flush()
      expect(r.stats().offices).toBeLessThanOrEqual(3)
    }
    expect(r.events('HOLD')?.length).toBe(1) // pinned: never dropped
    const loads = r.stats().loads
    await r.acquire(['O0'])
    expect(r.stats().loads).toBe(loads + 1)
    expect(r.events('O0')?.map((e) => e.payload)).toMatchObject([{ device: 'D0' }])
    pinned()
  })

  it('rides on the room write that follows: one atomic batch carries the appends', async () => {
    const storage = createMemoryStorage()
    const r = createIdentityRegistry({ storage })
    await r.acquire(['SO1'])
    await r.flush()
    const writes = storage.writes
    const wrapped = r.wrap(storage)
    r.learn([enrolled('SO1', 'D1')])
    await wrapped.write({
      updates: [{ room: 'office/SO1/day/2026-11-30', seq: 1, update: new Uint8Array([0, 0]) }],
      snapshots: [],
      seals: [],
    })
    expect(storage.writes).toBe(writes + 1)
    expect(r.stats().pending).toBe(0)
    const stored = await storage.load(identityRoom('SO1'))
    expect(stored.tail.length + (stored.snapshot ? 1 : 0)).toBeGreaterThan(0)
  })

  it('a failed write acknowledges nothing; the appends are written by a later one', async () => {
    const inner = createMemoryStorage()
    let fail = true
    const flaky: Storage = {
      ...inner,
      load: (room) => inner.load(room),
      rooms: () => inner.rooms(),
      close: () => inner.close(),
      async write(batch: WriteBatch) {
        if (fail) throw new Error('disk full')
        await inner.write(batch)
      },
    }
    const r = createIdentityRegistry({ storage: flaky })
    fail = false
    await r.acquire(['SO1'])
    fail = true
    const wrapped = r.wrap(flaky)
    const e = enrolled('SO1', 'D1')
    r.learn([e])
    await expect(wrapped.write({ updates: [], snapshots: [], seals: [] })).rejects.toThrow('disk full')
    expect(r.stats().pending).toBe(1)
    fail = false
    await r.flush()
    expect(r.stats().pending).toBe(0)
    const again = createIdentityRegistry({ storage: inner })
    await again.acquire(['SO1'])
    expect(again.events('SO1')?.map((x) => x.id)).toEqual([e.id])
  })

  it('compacts a record into one snapshot once its tail grows', async () => {
    const storage = createMemoryStorage()
    const r = createIdentityRegistry({ storage, compactEvery: 4 })
    await r.acquire(['SO1'])
    for (let i = 0; i < 10; i++) {
      r.learn([enrolled('SO1', `D${i}`)])
      await r.flush()
    }
    const stored = await storage.load(identityRoom('SO1'))
    expect(stored.snapshot).not.toBeNull()
    expect(stored.tail.length).toBeLessThan(4)
    const again = createIdentityRegistry({ storage })
    await again.acquire(['SO1'])
    expect(again.events('SO1')?.length).toBe(10)
  })

  it('learns an office that is not in memory once it is loaded', async () => {
    const storage = createMemoryStorage()
    const r = createIdentityRegistry({ storage })
    const e = enrolled('SO9', 'D1')
    r.learn([e])
    await r.acquire(['SO9'])
    expect(r.events('SO9')?.map((x) => x.id)).toEqual([e.id])
    await r.flush()
    const again = createIdentityRegistry({ storage })
    await again.acquire(['SO9'])
    expect(again.events('SO9')?.map((x) => x.id)).toEqual([e.id])
  })

  it('migrates a store written before the registry: day rooms are read once, then the marker says done', async () => {
    const storage = createMemoryStorage()
    const old = enrolled('SO1', 'D1')
    const revoked = ev('SO1', 'device.revoked', { device: 'D1', reason: 'lost' })
    await storeDayRoom(storage, 'SO1', '2026-11-28', [old, ev('SO1', 'counter.deposit')])
    await storeDayRoom(storage, 'SO1', '2026-11-29', [revoked])
    await storeDayRoom(storage, 'SO2', '2026-11-29', [enrolled('SO2', 'D7')])
    const r = createIdentityRegistry({ storage })
    await r.acquire(['SO1'])
    expect(r.events('SO1')?.map((e) => e.id)).toEqual([old.id, revoked.id])
    const marker = await storage.load(REGISTRY_MARKER_ROOM)
    expect(marker.snapshot).not.toBeNull()
    // a later day room is not scanned again: only the registry learns it
    await storeDayRoom(storage, 'SO3', '2026-11-30', [enrolled('SO3', 'D8')])
    const again = createIdentityRegistry({ storage })
    await again.acquire(['SO2', 'SO3'])
    expect(again.events('SO2')?.length).toBe(1)
    expect(again.events('SO3')).toEqual([])
  })

  it('a store marked stale (a start with signatures off) is read again by the next registry', async () => {
    const storage = createMemoryStorage()
    const first = createIdentityRegistry({ storage })
    await first.acquire(['SO1']) // migrates an empty store: the marker says current
    await markIdentityRegistryStale(storage)
    const meanwhile = enrolled('SO1', 'D4')
    await storeDayRoom(storage, 'SO1', '2026-12-01', [meanwhile])
    const next = createIdentityRegistry({ storage })
    await next.acquire(['SO1'])
    expect(next.events('SO1')?.map((e) => e.id)).toEqual([meanwhile.id])
    await storeDayRoom(storage, 'SO1', '2026-12-02', [enrolled('SO1', 'D5')])
    const after = createIdentityRegistry({ storage }) // current again: not read a third time
    await after.acquire(['SO1'])
    expect(after.events('SO1')?.map((e) => e.id)).toEqual([meanwhile.id])
  })

  it('reserves its rooms', () => {
    expect(isReservedRoom('office/SO1/identity')).toBe(true)
    expect(isReservedRoom(REGISTRY_MARKER_ROOM)).toBe(true)
    expect(isReservedRoom('office/SO1/day/2026-11-30')).toBe(false)
    expect(isReservedRoom('office/SO1/inbox')).toBe(false)
  })
})

describe('the signature hook and the registry', () => {
  const secret = new Uint8Array(32).fill(9)
  const clerkDevice = enrolled('SO1', 'C1')
  const claims = { staff: 'pa-1', office: 'SO1', device: 'C1' } as unknown as TokenClaims
  const reference: DakEvent[] = [
    {
      ...clerkDevice,
      payload: { ...(clerkDevice.payload as object), publicKey: ed25519PublicKey(secret) },
    },
  ]

  it('records what a day room accepted, never what an inbox copy carried', async () => {
    const registry = createIdentityRegistry({ storage: createMemoryStorage() })
    await registry.acquire(['SO1'])
    const hook = createSignatureHook({ registry, reference: () => reference })
    // an enrolled device signs an enrolment of a rogue key and posts it to another office's inbox
    const rogue = signEvent(
      ev(
        'SO1',
        'device.enrolled',
        {
          device: 'ROGUE',
          label: 'x',
          publicKey: ed25519PublicKey(new Uint8Array(32).fill(3)),
          enrolment: null,
        },
        { device: 'C1', actor: 'pa-1' },
      ),
      secret,
    )
    const inbox = new Y.Doc()
    const verdict = hook(rogue as never, { room: 'office/HO1/inbox', claims, doc: inbox })
    expect(verdict.ok).toBe(true) // its signature is genuine: the copy is relayed…
    inbox.getMap(JOURNAL_MAP).set(rogue.id, rogue)
    expect(registry.events('SO1')?.some((e) => e.id === rogue.id)).toBe(false) // …but teaches nothing
    // the same device's event accepted into its own day room is recorded (when it is a trust event)
    const day = new Y.Doc()
    const own = signEvent(
      linkEvent(
        ev('SO1', 'device.revoked', { device: 'C9', reason: 'gone' }, { device: 'C1', actor: 'pa-1' }),
      ),
      secret,
    )
    expect(hook(own as never, { room: 'office/SO1/day/2026-11-30', claims, doc: day }).ok).toBe(true)
    day.getMap(JOURNAL_MAP).set(own.id, own)
    expect(registry.events('SO1')?.some((e) => e.id === own.id)).toBe(true)
  })

  it('refuses, as identity-loading, an event of an office whose record is not in memory', () => {
    const registry = createIdentityRegistry({ storage: createMemoryStorage() })
    const hook = createSignatureHook({ registry })
    const e = signEvent(ev('SO5', 'test.noted', {}, { device: 'C1' }), secret)
    const v = hook(e as never, { room: 'office/SO5/inbox', claims, doc: new Y.Doc() })
    expect(v).toMatchObject({ ok: false, code: 'identity-loading' })
  })
})
