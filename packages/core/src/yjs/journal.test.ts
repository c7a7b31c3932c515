import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { DakEvent } from '../events/envelope.ts'
import { canonicalJson } from '../testing/canonical.ts'
import { generateHistory } from '../testing/history.ts'
import { createTestKernel, testGenerators } from '../testing/test-kernel.ts'
import type { TestState } from '../testing/test-ledger-module.ts'
import { createJournal, type JournalBatch } from './journal.ts'

const kernel = createTestKernel()
const history = generateHistory({ kernel, generators: testGenerators(kernel), seed: 11, steps: 300 }).events

const open = (doc = new Y.Doc(), encoding: 'object' | 'json' = 'object') =>
  createJournal<TestState>(doc, { kernel, encoding })

/** Connects two docs both ways, as a provider would. */
function link(a: Y.Doc, b: Y.Doc): void {
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'net' && Y.applyUpdate(b, u, 'net'))
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'net' && Y.applyUpdate(a, u, 'net'))
}

describe('Yjs journal', () => {
  for (const encoding of ['object', 'json'] as const) {
    it(`appends, folds, and reloads from the encoded document (${encoding} entries)`, () => {
      const j = open(new Y.Doc(), encoding)
      expect(j.append(history)).toMatchObject({ ok: true })
      expect(j.events()).toHaveLength(history.length)
      expect(canonicalJson(j.state)).toBe(canonicalJson(kernel.fold(history)))
      const copy = new Y.Doc()
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(j.doc))
      const reloaded = open(copy, encoding)
      expect(canonicalJson(reloaded.state)).toBe(canonicalJson(j.state))
      expect(reloaded.rejected()).toEqual([])
    })
  }

  it('a retried append is a no-op; an id reused with other content is refused and nothing is written', () => {
    const j = open()
    expect(j.append(history.slice(0, 5))).toMatchObject({ ok: true, value: { added: history.slice(0, 5) } })
    expect(j.append(history.slice(0, 5))).toMatchObject({ ok: true, value: { added: [] } })
    const forged = { ...history[0]!, at: history[0]!.at + 1 }
    const r = j.append([history[5]!, forged])
    expect(r).toMatchObject({ ok: false, error: { code: 'journal-id-taken', id: forged.id } })
    expect(j.map.size).toBe(5)
  })

  it('refuses an invalid event before writing anything', () => {
    const j = open()
    const bad = { ...history[1]!, date: 'tomorrow' } as DakEvent
    const r = j.append([history[0]!, bad])
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'journal-event-invalid', cause: { code: 'event-malformed' } },
    })
    expect(j.map.size).toBe(0)
  })

  it('delivers only new events to subscribers, telling local from remote by transaction origin', () => {
    const a = open()
    const b = open()
    link(a.doc, b.doc)
    const seenA: JournalBatch[] = []
    const seenB: JournalBatch[] = []
    a.subscribe((batch) => seenA.push(batch))
    const stop = b.subscribe((batch) => seenB.push(batch))
    a.append(history.slice(0, 10))
    b.append(history.slice(5, 20))
    expect(seenA.map((x) => [x.local, x.events.length])).toEqual([
      [true, 10],
      [false, 10],
    ])
    expect(seenB.map((x) => [x.local, x.events.length])).toEqual([
      [false, 10],
      [true, 10],
    ])
    stop()
    a.append(history.slice(20, 25))
    expect(seenB).toHaveLength(2)
    expect(canonicalJson(a.state)).toBe(canonicalJson(b.state))
  })

  it('does not fold entries that fail validation or whose key is not their id, and reports them', () => {
    const doc = new Y.Doc()
    const map = doc.getMap('events')
    map.set('junk', { hello: 'world' })
    map.set('other-key', history[0])
    map.set(history[1]!.id, history[1])
    const j = open(doc)
    expect(j.events().map((e) => e.id)).toEqual([history[1]!.id])
    expect(
      j
        .rejected()
        .map((r) => r.reason.code)
        .sort(),
    ).toEqual(['event-malformed', 'journal-key-mismatch'])
    map.set(history[1]!.id, history[2])
    expect(j.rejected().map((r) => r.reason.code)).toContain('journal-entry-changed')
  })

  it('an event that sorts before the tip re-folds and still equals the full fold', () => {
    const j = open()
    const sorted = [...history].sort((x, y) => (x.hlc < y.hlc ? -1 : 1))
    const late = sorted.splice(10, 3)
    j.append(sorted)
    j.append(late)
    expect(canonicalJson(j.state)).toBe(canonicalJson(kernel.fold(history)))
  })

  it('keeps and passes on an event of a future version without folding it', () => {
    const opened = history.find((e) => e.type === 'test-ledger.opened')!
    const future = { ...opened, id: 'future-1', v: 9, payload: { shape: 'unknown to this build' } }
    const a = open()
    const b = open()
    link(a.doc, b.doc)
    expect(a.append([future])).toMatchObject({ ok: true })
    expect(b.get('future-1')).toEqual(future)
    expect(kernel.support(future)).toBe('future')
    expect(canonicalJson(b.state)).toBe(canonicalJson(kernel.init()))
  })
})
