import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { setMeta } from './db.ts'
import { sealedRoom } from './sync.ts'

describe('a sealed room is remembered across sessions', () => {
  it('is null for a room never refused as sealed, and gives back the coverage stored at the refusal', async () => {
    expect(await sealedRoom('office/SO1/day/2026-11-29')).toBeNull()
    await setMeta('sealed:office/SO1/day/2026-11-29', [1, 7, 3])
    expect(await sealedRoom('office/SO1/day/2026-11-29')).toEqual({ serverSv: Uint8Array.from([1, 7, 3]) })
    await setMeta('sealed:office/SO1/day/2026-11-28', null)
    expect(await sealedRoom('office/SO1/day/2026-11-28')).toEqual({ serverSv: null })
  })
})
