import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { generateHistory } from '../testing/history.ts'
import { createTestKernel, testGenerators } from '../testing/test-kernel.ts'
import type { TestState } from '../testing/test-ledger-module.ts'
import { inspectUpdate } from './inspect-update.ts'
import { createJournal } from './journal.ts'

const kernel = createTestKernel()
const history = generateHistory({ kernel, generators: testGenerators(kernel), seed: 21, steps: 60 }).events
const validate = kernel.parseEvent

/** The update a client would send after doing `change` on its copy of `server`. */
function clientUpdate(server: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  const before = Y.encodeStateVector(client)
  change(client)
  return Y.encodeStateAsUpdate(client, before)
}

function serverWith(n: number): Y.Doc {
  const doc = new Y.Doc()
  createJournal<TestState>(doc, { kernel }).append(history.slice(0, n))
  return doc
}

describe('inspectUpdate', () => {
  it('accepts appends of new valid events and lists them', () => {
    const server = serverWith(5)
    const u = clientUpdate(server, (d) => createJournal<TestState>(d, { kernel }).append(history.slice(5, 9)))
    const r = inspectUpdate(server, u, { validate })
    expect(r).toMatchObject({ ok: true })
    if (r.ok) expect(r.value.added.map((e) => e.id)).toEqual(history.slice(5, 9).map((e) => e.id))
  })

  it('ignores structs the document already holds (a re-sent update)', () => {
    const server = serverWith(0)
    const u = clientUpdate(server, (d) => createJournal<TestState>(d, { kernel }).append(history.slice(0, 3)))
    Y.applyUpdate(server, u)
    expect(inspectUpdate(server, u, { validate })).toMatchObject({ ok: true, value: { added: [] } })
  })

  it('refuses deletions', () => {
    const server = serverWith(3)
    const u = clientUpdate(server, (d) => d.getMap('events').delete(history[0]!.id))
    expect(inspectUpdate(server, u, { validate })).toMatchObject({
      ok: false,
      error: { code: 'journal-deletion' },
    })
  })

  it('refuses overwriting an existing entry, seen or concurrent', () => {
    const server = serverWith(3)
    const seen = clientUpdate(server, (d) =>
      d.getMap('events').set(history[0]!.id, { ...history[0]!, at: 1 }),
    )
    expect(inspectUpdate(server, seen, { validate }).ok).toBe(false)
    // a device that never saw the entry writes the same key: a concurrent overwrite
    const blind = new Y.Doc()
    blind.getMap('events').set(history[1]!.id, history[1])
    const r = inspectUpdate(server, Y.encodeStateAsUpdate(blind), { validate })
    expect(r).toMatchObject({ ok: false, error: { code: 'journal-overwrite', key: history[1]!.id } })
  })

  it('refuses one key written twice in one update', () => {
    const server = serverWith(0)
    const a = new Y.Doc()
    const b = new Y.Doc()
    a.getMap('events').set(history[0]!.id, history[0])
    b.getMap('events').set(history[0]!.id, history[0])
    const u = Y.mergeUpdates([Y.encodeStateAsUpdate(a), Y.encodeStateAsUpdate(b)])
    expect(inspectUpdate(server, u, { validate })).toMatchObject({
      ok: false,
      error: { code: 'journal-overwrite' },
    })
  })

  it('refuses writes outside the journal map and nested types', () => {
    const server = serverWith(1)
    const other = clientUpdate(server, (d) => d.getMap('settings').set('x', 1))
    expect(inspectUpdate(server, other, { validate })).toMatchObject({
      ok: false,
      error: { code: 'journal-foreign-content' },
    })
    const text = clientUpdate(server, (d) => d.getText('notes').insert(0, 'hi'))
    expect(inspectUpdate(server, text, { validate }).ok).toBe(false)
    const nested = clientUpdate(server, (d) => d.getMap('events').set('dev9:000001', new Y.Map()))
    expect(inspectUpdate(server, nested, { validate })).toMatchObject({
      ok: false,
      error: { code: 'journal-foreign-content' },
    })
  })

  it('refuses malformed events and keys that are not the event id', () => {
    const server = serverWith(0)
    const bad = clientUpdate(server, (d) =>
      d.getMap('events').set('x1', { ...history[0]!, id: 'x1', date: 'soon' }),
    )
    expect(inspectUpdate(server, bad, { validate })).toMatchObject({
      ok: false,
      error: { code: 'journal-event-invalid', key: 'x1', cause: { code: 'event-malformed' } },
    })
    const moved = clientUpdate(server, (d) => d.getMap('events').set('x2', history[0]))
    expect(inspectUpdate(server, moved, { validate })).toMatchObject({
      ok: false,
      error: { code: 'journal-key-mismatch' },
    })
  })

  it('refuses bytes that are not a Yjs update', () => {
    const r = inspectUpdate(new Y.Doc(), new Uint8Array([255, 255, 255, 1, 2]), { validate })
    expect(r).toMatchObject({ ok: false, error: { code: 'update-malformed' } })
  })
})
