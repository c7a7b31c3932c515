/**
 * A tiny key → value IndexedDB store for the identity files (device key, chain heads, login guards). Values go
 * through the structured clone, so a `CryptoKey` is stored as it is and its key material never reaches script.
 * Kept apart from `db.ts` (the settings store) so that clearing the device key is one `deleteDatabase`.
 */

export interface KvStore {
  get<T>(key: string): Promise<T | undefined>
  put(key: string, value: unknown): Promise<void>
  /** Adds only if the key is free; false when it was taken (another tab was first). */
  add(key: string, value: unknown): Promise<boolean>
  delete(key: string): Promise<void>
  /** Reads, computes and writes one key in a single transaction, so two attempts never interleave. */
  update<T, R>(key: string, fn: (current: T | undefined) => { value: T; result: R }): Promise<R>
  /** Closes the connection and deletes the whole database. */
  destroy(): Promise<void>
}

const STORE = 'kv'

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'))
  })
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'))
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
  })
}

/** Opens (creating on first use) the database `name` with one object store. */
export function openKv(name: string): KvStore {
  let opening: Promise<IDBDatabase> | null = null
  const db = (): Promise<IDBDatabase> => {
    opening ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(name, 1)
      req.onupgradeneeded = () => req.result.createObjectStore(STORE)
      req.onsuccess = () => {
        const conn = req.result
        // Another tab (or `destroy` elsewhere) deletes the database: let go at once so it is not blocked.
        conn.onversionchange = () => {
          conn.close()
          opening = null
        }
        resolve(conn)
      }
      req.onerror = () => reject(req.error ?? new Error(`could not open IndexedDB "${name}"`))
    })
    return opening
  }
  const tx = async (mode: IDBTransactionMode) => (await db()).transaction(STORE, mode)
  return {
    async get<T>(key: string) {
      return (await request((await tx('readonly')).objectStore(STORE).get(key))) as T | undefined
    },
    async put(key, value) {
      const t = await tx('readwrite')
      t.objectStore(STORE).put(value, key)
      await done(t)
    },
    async add(key, value) {
      const t = await tx('readwrite')
      const req = t.objectStore(STORE).add(value, key)
      // A taken key is an expected outcome here: stop the error from aborting loudly, report false.
      req.onerror = (e) => {
        e.preventDefault()
      }
      try {
        await done(t)
        return true
      } catch (error) {
        if ((error as { name?: string } | null)?.name === 'ConstraintError') return false
        throw error
      }
    },
    async delete(key) {
      const t = await tx('readwrite')
      t.objectStore(STORE).delete(key)
      await done(t)
    },
    async update<T, R>(key: string, fn: (current: T | undefined) => { value: T; result: R }) {
      const t = await tx('readwrite')
      const store = t.objectStore(STORE)
      let result: R | undefined
      const read = store.get(key)
      // The write is queued from the read's callback, inside the same transaction: no other attempt between.
      read.onsuccess = () => {
        const next = fn(read.result as T | undefined)
        result = next.result
        store.put(next.value, key)
      }
      await done(t)
      return result as R
    },
    async destroy() {
      if (opening) (await opening).close()
      opening = null
      await new Promise<void>((resolve, reject) => {
        const req = indexedDB.deleteDatabase(name)
        req.onsuccess = () => resolve()
        req.onerror = () => reject(req.error ?? new Error(`could not delete IndexedDB "${name}"`))
        // Another tab still has it open: the deletion completes when that tab closes it.
        req.onblocked = () => resolve()
      })
    },
  }
}
