import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createCoreValidator, createJournalValidator, roomKind } from '../src/index.ts'
import { event, ROOM } from './helpers.ts'

// A device whose day room was sealed (4423) re-posts its unsent entries, unchanged, into the open day's room
// (apps/pwa/src/state/late-entries.ts); core's day module then holds them as late entries. The server must
// take them there: it checks a day room's events for their office, never for their date.
describe.each([
  ['core inspectUpdate', createCoreValidator()],
  ['built-in rules', createJournalValidator()],
])('a late entry in the open day (%s)', (_name, validator) => {
  const ctx = { room: ROOM, kind: roomKind(ROOM), tokenOffice: 'SO123' }

  it('accepts an event of an earlier (sealed) day in the open day room', () => {
    const doc = new Y.Doc()
    const late = event({ date: '2026-11-29' })
    doc.getMap('events').set(late.id, late)
    const r = validator.inspect(new Y.Doc(), Y.encodeStateAsUpdate(doc), ctx)
    expect(r.ok && r.value.map((a) => a.event.date)).toEqual(['2026-11-29'])
  })

  it('still refuses a late entry of another office', () => {
    const doc = new Y.Doc()
    const late = event({ date: '2026-11-29', office: 'SO999' })
    doc.getMap('events').set(late.id, late)
    expect(validator.inspect(new Y.Doc(), Y.encodeStateAsUpdate(doc), ctx)).toMatchObject({
      ok: false,
      error: { code: 'wrong-office' },
    })
  })
})
