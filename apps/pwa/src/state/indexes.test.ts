import 'fake-indexeddb/auto'
import { createJournalFolder, type DakEvent, type State } from '@dak/core'
import { describe, expect, it } from 'vitest'
import { type IndexDb, openIndexDb, rebuild, update } from './indexes.ts'

/** A hand-made mail state: the indexes read only these fields. */
function stateWith(
  articles: Record<string, { status: string; bag: string | null }>,
  bags: Record<string, string[]>,
) {
  const s = createJournalFolder().state as State
  for (const [id, a] of Object.entries(articles)) {
    ;(s.mail.articles as Record<string, unknown>)[id] = {
      id,
      status: a.status,
      office: 'panem-so',
      bag: a.bag,
      addressee: { digipin: '4P3-JK8-52C9' },
      service: 'speed-post-document',
    }
  }
  for (const [key, ids] of Object.entries(bags)) {
    ;(s.mail.bags as Record<string, unknown>)[key] = {
      key,
      status: 'open',
      from: 'panem-so',
      to: 'nandyal-ho',
      articleIds: ids,
    }
  }
  return s
}

const ev = (id: string, payload: Record<string, unknown>): DakEvent => ({
  id,
  type: 'bag.article-added',
  v: 1,
  office: 'panem-so',
  date: '2026-11-30',
  actor: 'so-pa1',
  device: 'd',
  duty: null,
  hlc: '2026-11-30T06:00:00.000Z-0000-d',
  at: 0,
  payload,
})

async function dump(db: IndexDb) {
  return { articles: await db.articles.orderBy('id').toArray(), bags: await db.bags.orderBy('key').toArray() }
}

describe('derived Dexie indexes', () => {
  it('incremental updates equal a rebuild from scratch (oracle)', async () => {
    const live = openIndexDb('live')
    const oracle = openIndexDb('oracle')
    let s = stateWith({ EE123456785IN: { status: 'booked', bag: null } }, {})
    await rebuild(live, s)
    s = stateWith(
      { EE123456785IN: { status: 'bagged', bag: 'b1' }, EE876543216IN: { status: 'booked', bag: null } },
      { b1: ['EE123456785IN'] },
    )
    await update(live, s, [
      ev('e1', { bagKey: 'b1', articleId: 'EE123456785IN' }),
      ev('e2', { articleId: 'EE876543216IN' }),
    ])
    await rebuild(oracle, s)
    expect(await dump(live)).toEqual(await dump(oracle))
    expect(await live.articles.where('status').equals('bagged').primaryKeys()).toEqual(['EE123456785IN'])
  })
})
