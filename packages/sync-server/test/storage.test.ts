import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createMemoryStorage, openLevelStorage, type Storage } from '../src/index.ts'
import { event, tempDir } from './helpers.ts'

const bytes = (...n: number[]) => new Uint8Array(n)

async function contract(storage: Storage): Promise<void> {
  expect(await storage.load('a/b')).toEqual({ snapshot: null, tail: [], seal: null })
  await storage.write({
    updates: [
      { room: 'a/b', seq: 1, update: bytes(1) },
      { room: 'a/b', seq: 2, update: bytes(2) },
      { room: 'a/c', seq: 1, update: bytes(9) },
    ],
    snapshots: [],
    seals: [],
  })
  expect((await storage.load('a/b')).tail.map((u) => u.seq)).toEqual([1, 2])
  await storage.write({
    updates: [{ room: 'a/b', seq: 3, update: bytes(3) }],
    snapshots: [{ room: 'a/b', upto: 2, state: bytes(7, 7) }],
    seals: [{ room: 'a/b', eventId: 'e1', at: 5 }],
  })
  const b = await storage.load('a/b')
  expect(b.snapshot?.upto).toBe(2)
  expect([...(b.snapshot?.state ?? [])]).toEqual([7, 7])
  expect(b.tail.map((u) => [u.seq, [...u.update]])).toEqual([[3, [3]]])
  expect(b.seal).toEqual({ room: 'a/b', eventId: 'e1', at: 5 })
  expect((await storage.load('a/c')).tail).toHaveLength(1)
  expect(await storage.rooms()).toEqual(['a/b', 'a/c'])
}

describe('storage', () => {
  it('memory storage keeps the contract', async () => {
    await contract(createMemoryStorage())
  })

  it('LevelDB storage keeps the contract and survives a reopen', async () => {
    const dir = join(tempDir(), 'db')
    const s = await openLevelStorage(dir)
    await contract(s)
    await s.close()
    const again = await openLevelStorage(dir)
    expect((await again.load('a/b')).seal?.eventId).toBe('e1')
    await again.close()
  })

  it('refuses a second server on the same data directory', async () => {
    const dir = join(tempDir(), 'db')
    const s = await openLevelStorage(dir)
    await expect(openLevelStorage(dir)).rejects.toMatchObject({ code: 'storage-io' })
    await s.close()
  })

  it('a room written as 20,000 small updates is loaded from one snapshot after compaction', async () => {
    const dir = join(tempDir(), 'db')
    const s = await openLevelStorage(dir)
    const doc = new Y.Doc()
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    for (let i = 0; i < 20_000; i++) {
      const e = event()
      doc.getMap('events').set(e.id, e)
    }
    await s.write({
      updates: updates.map((update, i) => ({ room: 'r', seq: i + 1, update })),
      snapshots: [],
      seals: [],
    })
    expect((await s.load('r')).tail).toHaveLength(20_000)
    await s.write({
      updates: [],
      snapshots: [{ room: 'r', upto: 20_000, state: Y.encodeStateAsUpdate(doc) }],
      seals: [],
    })
    const loaded = await s.load('r')
    expect(loaded.tail).toHaveLength(0)
    const copy = new Y.Doc()
    Y.applyUpdate(copy, loaded.snapshot!.state)
    expect(copy.getMap('events').size).toBe(20_000)
    await s.close()
  })
})
