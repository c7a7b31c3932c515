import type { DakEvent } from '@dak/core'
import { createJournal } from '@dak/core/yjs'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { entryIdsMissingFrom, repostAsLateEntries } from './late-entries.ts'

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
