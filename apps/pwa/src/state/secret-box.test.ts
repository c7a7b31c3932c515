import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { openKv } from './idb-kv.ts'
import { createSecretBox, isSealedBox, type SealedBox } from './secret-box.ts'

let dbs = 0
const freshDb = () => `secret-box-test-${dbs++}`
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'

describe('secret box', () => {
  it('seals to a versioned AES-GCM record without the plain text, and opens it again after a reload', async () => {
    const dbName = freshDb()
    const sealed = await createSecretBox({ dbName }).seal(SECRET, 'totp:pa-1')
    expect(isSealedBox(sealed)).toBe(true)
    expect(sealed.iv).toHaveLength(12)
    // ciphertext plus the 16-byte tag, and nothing of the secret in it
    expect(sealed.ct).toHaveLength(SECRET.length + 16)
    expect(new TextDecoder().decode(sealed.ct)).not.toContain('JBSWY3DP')
    const reopened = createSecretBox({ dbName })
    expect(await reopened.open(sealed, 'totp:pa-1')).toEqual({ ok: true, value: SECRET })
  })

  it('draws a fresh 96-bit IV for every seal', async () => {
    const b = createSecretBox({ dbName: freshDb() })
    const seals = await Promise.all([0, 1, 2, 3].map(() => b.seal(SECRET, 'totp:pa-1')))
    const ivs = new Set(seals.map((s) => [...s.iv].join(',')))
    expect(ivs.size).toBe(4)
    expect(new Set(seals.map((s) => [...s.ct].join(','))).size).toBe(4)
  })

  it('keeps a non-extractable AES key in IndexedDB', async () => {
    const dbName = freshDb()
    await createSecretBox({ dbName }).seal(SECRET, 'x')
    const key = await openKv(dbName).get<CryptoKey>('aes-gcm-key')
    expect(key?.extractable).toBe(false)
    expect(key?.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 })
    await expect(globalThis.crypto.subtle.exportKey('raw', key as CryptoKey)).rejects.toThrow()
  })

  it('refuses to open under another context (a record copied to another staff member)', async () => {
    const b = createSecretBox({ dbName: freshDb() })
    const sealed = await b.seal(SECRET, 'totp:pa-1')
    const r = await b.open(sealed, 'totp:pa-2')
    expect(r.ok ? null : r.error.code).toBe('secret-box-unreadable')
  })

  it('refuses a changed byte, a record sealed on another device, and an unknown version', async () => {
    const b = createSecretBox({ dbName: freshDb() })
    const sealed = await b.seal(SECRET, 'ctx')
    const flipped: SealedBox = { ...sealed, ct: sealed.ct.map((x, i) => (i === 0 ? x ^ 1 : x)) }
    expect((await b.open(flipped, 'ctx')).ok).toBe(false)
    const elsewhere = await createSecretBox({ dbName: freshDb() }).seal(SECRET, 'ctx')
    const r = await b.open(elsewhere, 'ctx')
    expect(r.ok ? null : r.error.code).toBe('secret-box-unreadable')
    const v2 = { ...sealed, v: 2 } as unknown as SealedBox
    const r2 = await b.open(v2, 'ctx')
    expect(r2.ok ? null : r2.error.code).toBe('secret-box-version')
  })

  it('two boxes racing over one fresh database end up with one key', async () => {
    const dbName = freshDb()
    const [a, c] = [createSecretBox({ dbName }), createSecretBox({ dbName })]
    const [sa, sc] = await Promise.all([a.seal('one', 'k'), c.seal('two', 'k')])
    expect(await c.open(sa, 'k')).toEqual({ ok: true, value: 'one' })
    expect(await a.open(sc, 'k')).toEqual({ ok: true, value: 'two' })
  })
})
