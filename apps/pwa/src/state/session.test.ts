import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { getMeta, setMeta } from './db.ts'
import { isSealedBox } from './secret-box.ts'
import { isEnrolled, readTotpEnrolment, saveTotpEnrolment } from './session.ts'

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'

describe('TOTP enrolment at rest', () => {
  it('stores the secret sealed, never in plain text, and reads it back', async () => {
    await saveTotpEnrolment('so-pa1', SECRET, 7)
    const raw = await getMeta<Record<string, unknown>>('totp:so-pa1')
    expect(raw && 'secret' in raw).toBe(false)
    expect(isSealedBox(raw?.box)).toBe(true)
    expect(JSON.stringify(raw)).not.toContain(SECRET)
    expect(await readTotpEnrolment('so-pa1')).toEqual({ secret: SECRET, lastStep: 7 })
  })

  it('migrates a plain-text record from an older version on first read', async () => {
    await setMeta('totp:so-pa2', { secret: SECRET, lastStep: 42 })
    expect(await readTotpEnrolment('so-pa2')).toEqual({ secret: SECRET, lastStep: 42 })
    const raw = await getMeta<Record<string, unknown>>('totp:so-pa2')
    expect(raw && 'secret' in raw).toBe(false)
    expect(isSealedBox(raw?.box)).toBe(true)
    expect(raw?.lastStep).toBe(42)
    // and the migrated record opens again
    expect(await readTotpEnrolment('so-pa2')).toEqual({ secret: SECRET, lastStep: 42 })
  })

  it('a record sealed for one staff member copied to another counts as not enrolled', async () => {
    await saveTotpEnrolment('so-pa3', SECRET)
    await setMeta('totp:so-postman', await getMeta('totp:so-pa3'))
    expect(await isEnrolled('so-pa3')).toBe(true)
    expect(await isEnrolled('so-postman')).toBe(false)
    expect(await isEnrolled('nobody')).toBe(false)
  })
})
