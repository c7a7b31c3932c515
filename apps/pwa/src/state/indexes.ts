import type { DakEvent, State } from '@dak/core'
import Dexie, { type EntityTable } from 'dexie'

/**
 * Derived search indexes in Dexie: articles by id and status, outbound bags by status. They are disposable:
 * always equal to what `rebuild` computes from the folded journal (the oracle test checks this), updated
 * incrementally as events arrive, and dropped and rebuilt on a schema bump. Loaded on demand (not in the
 * initial bundle).
 */
export interface ArticleRow {
  readonly id: string
  readonly status: string
  readonly office: string
  readonly bag: string | null
  readonly digipin: string
  readonly service: string
}

export interface BagRow {
  readonly key: string
  readonly status: string
  readonly from: string
  readonly to: string
  readonly articles: number
}

export type IndexDb = Dexie & {
  articles: EntityTable<ArticleRow, 'id'>
  bags: EntityTable<BagRow, 'key'>
}

export function openIndexDb(name = 'dak-index'): IndexDb {
  const db = new Dexie(name) as IndexDb
  db.version(1).stores({ articles: 'id, status, office, bag', bags: 'key, status, to' })
  return db
}

const articleRow = (state: State, id: string): ArticleRow | null => {
  const a = state.mail.articles[id]
  return a
    ? { id, status: a.status, office: a.office, bag: a.bag, digipin: a.addressee.digipin, service: a.service }
    : null
}

const bagRow = (state: State, key: string): BagRow | null => {
  const b = state.mail.bags[key]
  return b ? { key, status: b.status, from: b.from, to: b.to, articles: b.articleIds.length } : null
}

/** Replaces the indexes with what the state holds. */
export async function rebuild(db: IndexDb, state: State): Promise<void> {
  await db.transaction('rw', db.articles, db.bags, async () => {
    await db.articles.clear()
    await db.bags.clear()
    await db.articles.bulkPut(Object.keys(state.mail.articles).map((id) => articleRow(state, id)!))
    await db.bags.bulkPut(Object.keys(state.mail.bags).map((k) => bagRow(state, k)!))
  })
}

/** The article ids and bag keys an event can change (mail events name them in their payload). */
function touched(event: DakEvent, state: State): { articles: Set<string>; bags: Set<string> } {
  const p = (event.payload ?? {}) as Record<string, unknown>
  const articles = new Set<string>()
  const bags = new Set<string>()
  const addA = (v: unknown) => typeof v === 'string' && articles.add(v)
  addA(p.articleId)
  for (const list of [p.articleIds, p.scanned, p.damaged, p.order])
    if (Array.isArray(list)) list.forEach(addA)
  if (typeof p.bagKey === 'string') {
    bags.add(p.bagKey)
    for (const id of state.mail.bags[p.bagKey]?.articleIds ?? []) articles.add(id)
  }
  // a bag opened under the event's own id
  if (state.mail.bags[event.id]) bags.add(event.id)
  return { articles, bags }
}

/** Applies the effect of new events (already folded into `state`) to the indexes. */
export async function update(db: IndexDb, state: State, events: readonly DakEvent[]): Promise<void> {
  const articles = new Set<string>()
  const bags = new Set<string>()
  for (const e of events) {
    const t = touched(e, state)
    for (const a of t.articles) articles.add(a)
    for (const b of t.bags) bags.add(b)
  }
  if (articles.size === 0 && bags.size === 0) return
  await db.transaction('rw', db.articles, db.bags, async () => {
    for (const id of articles) {
      const row = articleRow(state, id)
      if (row) await db.articles.put(row)
      else await db.articles.delete(id)
    }
    for (const key of bags) {
      const row = bagRow(state, key)
      if (row) await db.bags.put(row)
      else await db.bags.delete(key)
    }
  })
}
