import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { entriesMissingFrom } from './room.ts'
import { clocksOf, coverage } from './sync.ts'

const put = (doc: Y.Doc, id: string) => doc.getMap('events').set(id, { id })

describe('pending counts only what this device wrote', () => {
  it('an event relayed by the server (another office’s copy in this inbox) is never pending here', () => {
    const writer = new Y.Doc()
    const reader = new Y.Doc()
    put(writer, 'cashbag-received-copy')
    // the server relays it; the reader's last sync-status (from its own first sync) predates it
    const relayedUpdate = Y.encodeStateAsUpdate(writer)
    const lastStatus = Y.encodeStateVector(reader)
    Y.applyUpdate(reader, relayedUpdate)
    const relayed = clocksOf(relayedUpdate)
    // counted against the sync-status alone it would stay pending forever ("Syncing…" never ends)
    expect(entriesMissingFrom(reader, lastStatus)).toBe(1)
    expect(entriesMissingFrom(reader, coverage(lastStatus, relayed))).toBe(0)
    // the reader's own write is still pending until a sync-status names it
    put(reader, 'own')
    expect(entriesMissingFrom(reader, coverage(lastStatus, relayed))).toBe(1)
    expect(entriesMissingFrom(reader, coverage(Y.encodeStateVector(reader), relayed))).toBe(0)
  })

  it('a later live update of an already known writer is covered too (its structs do not start at clock 0)', () => {
    const writer = new Y.Doc()
    const reader = new Y.Doc()
    put(writer, 'cash-requested-copy')
    const first = Y.encodeStateAsUpdate(writer)
    Y.applyUpdate(reader, first)
    const svBefore = Y.encodeStateVector(writer)
    put(writer, 'cashbag-received-copy')
    const live = Y.encodeStateAsUpdate(writer, svBefore)
    Y.applyUpdate(reader, live)
    // what Yjs' own helper reports for the live update: nothing (the state vector must start at clock 0)
    expect(Y.decodeStateVector(Y.encodeStateVectorFromUpdate(live)).size).toBe(0)
    const relayed = clocksOf(first)
    for (const [c, k] of clocksOf(live)) relayed.set(c, Math.max(k, relayed.get(c) ?? 0))
    expect(entriesMissingFrom(reader, coverage(null, relayed))).toBe(0)
  })

  it('with nothing relayed, the sync-status alone decides', () => {
    const doc = new Y.Doc()
    put(doc, 'a')
    expect(entriesMissingFrom(doc, coverage(null, new Map()))).toBe(1)
    expect(coverage(Y.encodeStateVector(doc), new Map())).toEqual(Y.encodeStateVector(doc))
  })
})
