/**
 * The device's settings store: one IndexedDB object store of key → value (session, device registration, TOTP
 * enrolments kept on this device, last server state vectors). Plain IndexedDB, not Dexie, so the boot path
 * stays small; Dexie holds only the derived search indexes (`indexes.ts`), loaded on demand.
 * No secret ever goes to localStorage.
 */
const DB = 'dak-meta'
const STORE = 'meta'

let opening: Promise<IDBDatabase> | null = null

function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1)
    req.onupgradeneeded = () => req.result.createObjectStore(STORE)
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error ?? new Error(`could not open IndexedDB "${DB}"`))
  })
  return opening
}

async function run<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open()
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode)
    const req = fn(tx.objectStore(STORE))
    tx.oncomplete = () => resolve(req.result)
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'))
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
  })
}

export async function getMeta<T>(key: string): Promise<T | undefined> {
  return (await run('readonly', (s) => s.get(key))) as T | undefined
}

export async function setMeta(key: string, value: unknown): Promise<void> {
  await run('readwrite', (s) => s.put(value, key))
}

export async function deleteMeta(key: string): Promise<void> {
  await run('readwrite', (s) => s.delete(key))
}
