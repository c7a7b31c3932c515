import type { DakEvent } from '@dak/core'
import { createJournal } from '@dak/core/yjs'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { entryIdsMissingFrom, repostAsLateEntries, repostSealedDays } from './late-entries.ts'

const event = (id: string, date: string): DakEvent => ({
  id,
  type: 'counter.deposit',
  v: 1,
  office: 'PO-1',
  date,
  actor: 'staff-1',
  device: 'dev-1',
  duty: null,
  hlc: `0000000001000:0000:${id}`,
  at: 1,
  payload: { note: id },
})

describe('a sealed day’s unsent entries become late entries in the open day', () => {
  it('re-posts exactly the entries the server lacks, unchanged, and only once', () => {
    const sealed = new Y.Doc()
    const sealedJournal = createJournal(sealed, { validate: false })
    sealedJournal.append([event('e1', '2026-11-29')])
    // the server holds e1 (its sync-status named it); e2 and e3 were written offline after the day ended there
    const serverSv = Y.encodeStateVector(sealed)
    sealedJournal.append([event('e2', '2026-11-29'), event('e3', '2026-11-29')])
    expect(entryIdsMissingFrom(sealed, serverSv).sort()).toEqual(['e2', 'e3'])

    const open = new Y.Doc()
    const openJournal = createJournal(open, { validate: false })
    const first = repostAsLateEntries(sealed, serverSv, openJournal)
    expect(first.error).toBeNull()
    expect([...first.posted].sort()).toEqual(['e2', 'e3'])
    const openMap = open.getMap('events')
    // same id, same content (and so the same signature): the day module sees an event of the ended day
    expect(openMap.get('e2')).toEqual(event('e2', '2026-11-29'))
    expect(openMap.has('e1')).toBe(false)

    const again = repostAsLateEntries(sealed, serverSv, openJournal)
    expect(again.error).toBeNull()
    expect(openMap.size).toBe(2)
  })

  it('posts nothing when the server holds everything, and reports a journal refusal instead of dropping it', () => {
    const sealed = new Y.Doc()
    createJournal(sealed, { validate: false }).append([event('e1', '2026-11-29')])
    const open = createJournal(new Y.Doc(), { validate: false })
    expect(repostAsLateEntries(sealed, Y.encodeStateVector(sealed), open)).toEqual({
      posted: [],
      error: null,
    })

    const taken = createJournal(new Y.Doc(), { validate: false })
    taken.append([{ ...event('e1', '2026-11-30'), payload: { note: 'other' } }])
    const r = repostAsLateEntries(sealed, null, taken)
    expect(r.posted).toEqual([])
    expect(r.error?.code).toBe('journal-id-taken')
  })
})

describe('re-posting the sealed days of an office into its open day', () => {
  function source(rooms: Record<string, Y.Doc>) {
    const done: string[] = []
    const closed: string[] = []
    return {
      done,
      closed,
      rooms: async () => Object.keys(rooms),
      coverage: async () => null,
      open: async (room: string) => ({
        doc: rooms[room] ?? new Y.Doc(),
        close: async () => void closed.push(room),
      }),
      markDone: async (room: string) => void done.push(room),
    }
  }
  const sealedDoc = (...ids: [string, string][]) => {
    const doc = new Y.Doc()
    createJournal(doc, { validate: false }).append(ids.map(([id, date]) => event(id, date)))
    return doc
  }

  it('takes only earlier days of this office, reports each, and forgets a room once posted', async () => {
    const rooms = {
      'office/PO-1/day/2026-11-28': sealedDoc(['a', '2026-11-28']),
      'office/PO-1/day/2026-11-29': sealedDoc(['b', '2026-11-29'], ['c', '2026-11-29']),
      'office/PO-1/day/2026-11-30': sealedDoc(['today', '2026-11-30']),
      'office/PO-2/day/2026-11-29': sealedDoc(['other-office', '2026-11-29']),
    }
    const s = source(rooms)
    const open = createJournal(new Y.Doc(), { validate: false })
    const notes = await repostSealedDays('PO-1', '2026-11-30', { ...s, done: s.markDone }, open)
    expect(notes).toEqual([
      { from: '2026-11-28', into: '2026-11-30', posted: ['a'], error: null },
      { from: '2026-11-29', into: '2026-11-30', posted: expect.arrayContaining(['b', 'c']), error: null },
    ])
    expect(s.done).toEqual(['office/PO-1/day/2026-11-28', 'office/PO-1/day/2026-11-29'])
    expect(s.closed).toEqual(s.done)
    expect(
      open
        .events()
        .map((e) => e.id)
        .sort(),
    ).toEqual(['a', 'b', 'c'])
  })

  it('keeps a room whose entries the open day refused, with the reason, for the next attempt', async () => {
    const s = source({ 'office/PO-1/day/2026-11-29': sealedDoc(['e1', '2026-11-29']) })
    const taken = createJournal(new Y.Doc(), { validate: false })
    taken.append([{ ...event('e1', '2026-11-30'), payload: { note: 'other' } }])
    const [note] = await repostSealedDays('PO-1', '2026-11-30', { ...s, done: s.markDone }, taken)
    expect(note?.error?.code).toBe('journal-id-taken')
    expect(s.done).toEqual([])
    expect(s.closed).toEqual(['office/PO-1/day/2026-11-29'])
  })
})
