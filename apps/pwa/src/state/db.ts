import Dexie, { type EntityTable } from 'dexie'

/**
 * The device's local database. `meta` holds device settings (session, device key, last server state vectors,
 * TOTP enrolments kept on this device); the other tables are **derived** indexes rebuilt from the journal,
 * disposable: on a schema bump they are dropped and rebuilt (see `indexes.ts`).
 * No secret ever goes to localStorage; the device's private key is a non-extractable CryptoKey stored here.
 */
export interface MetaRow {
  readonly key: string
  readonly value: unknown
}

export interface ArticleRow {
  readonly id: string
  readonly office: string
  readonly status: string
  readonly bag: string | null
  readonly digipin: string | null
  readonly bookedAt: number
}

export interface BagRow {
  readonly id: string
  readonly office: string
  readonly status: string
  readonly from: string
  readonly to: string
  readonly articles: number
}

export type DakDb = Dexie & {
  meta: EntityTable<MetaRow, 'key'>
  articles: EntityTable<ArticleRow, 'id'>
  bags: EntityTable<BagRow, 'id'>
}

export const db = new Dexie('dak') as DakDb
db.version(1).stores({
  meta: 'key',
  articles: 'id, status, office, bag',
  bags: 'id, status, office',
})

export async function getMeta<T>(key: string): Promise<T | undefined> {
  const row = await db.meta.get(key)
  return row?.value as T | undefined
}

export async function setMeta(key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value })
}

export async function deleteMeta(key: string): Promise<void> {
  await db.meta.delete(key)
}
