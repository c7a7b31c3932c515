import { JOURNAL_MAP } from '@dak/core/yjs'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { en } from '../i18n/en.ts'
import { hi } from '../i18n/hi.ts'
import { entriesMissingFrom } from './room.ts'
import { ownEntriesMissingFrom } from './sync.ts'
import {
  pending,
  refusalKind,
  refusals,
  savedOnServer,
  setRefusal,
  shownRefusal,
  summarize,
  syncDisplay,
} from './sync-status.ts'

describe('server refusals are shown and explained', () => {
  it('maps each close code of the sync server to its kind', () => {
    expect(refusalKind(4401)).toBe('unauthorized')
    expect(refusalKind(4403)).toBe('forbidden')
    expect(refusalKind(4423)).toBe('sealed')
    expect(refusalKind(4400)).toBe('rejected')
    expect(refusalKind(4409)).toBe('rejected')
  })

  it('every kind has a short state and a next step in English and Hindi', () => {
    for (const code of [4400, 4401, 4403, 4409, 4423]) {
      const kind = refusalKind(code)
      for (const cat of [en, hi]) {
        expect(cat[`refusal.state.${kind}`].length).toBeGreaterThan(5)
        expect(cat[`refusal.next.${kind}`].length).toBeGreaterThan(10)
      }
    }
    expect(en['refusal.next.unauthorized']).toMatch(/log in again/i)
    expect(en['refusal.next.forbidden']).toMatch(/postmaster/i)
    expect(en['refusal.next.sealed']).toMatch(/late entries/i)
    expect(en['refusal.next.rejected']).toMatch(/support/i)
    expect(en['refusal.state.sealed']).toBe('Not saved: the day is sealed')
  })

  it('a refusal beats every other state, the most actionable first, and is forgotten on reconnect', () => {
    setRefusal('day:A:2026-11-30', { code: 4423, reason: 'room-sealed: the day was ended' })
    expect(syncDisplay.value).toBe('refused')
    expect(shownRefusal.value?.code).toBe(4423)
    setRefusal('inbox:A', { code: 4401, reason: 'token-expired: refresh the token and reconnect' })
    expect(shownRefusal.value?.code).toBe(4401)
    setRefusal('inbox:A', null)
    setRefusal('day:A:2026-11-30', null)
    expect(refusals.value.size).toBe(0)
    expect(syncDisplay.value).not.toBe('refused')
  })
})

describe('"saved on server" on a device that only received events', () => {
  const event = (id: string, device: string) => ({ id, device, type: 'duty.requested', office: 'SO1' })
  /** A room doc as the receiving device holds it after a reload: other devices' entries, loaded from storage. */
  function received(): Y.Doc {
    const writer = new Y.Doc()
    writer.getMap(JOURNAL_MAP).set('e1', event('e1', 'dev-spm'))
    writer.getMap(JOURNAL_MAP).set('e2', event('e2', 'dev-spm'))
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer), 'indexeddb')
    return doc
  }

  it('counts none of another device’s entries as pending, with no sync-status from the server at all', () => {
    const doc = received()
    // the old count: every entry the last sync-status did not name (the server sends it only to writers)
    expect(entriesMissingFrom(doc, null)).toBe(2)
    expect(ownEntriesMissingFrom(doc, null, 'dev-counter')).toBe(0)
    summarize([{ pending: () => ownEntriesMissingFrom(doc, null, 'dev-counter'), connected: () => true }])
    expect(pending.value).toBe(0)
    expect(syncDisplay.value).toBe('saved')
  })

  it('still shows its own unacknowledged write as syncing, then saved once the server names it', () => {
    const doc = received()
    doc.getMap(JOURNAL_MAP).set('mine', event('mine', 'dev-counter'))
    // entries stored as JSON text (the journal's other encoding) are read the same way
    doc.getMap(JOURNAL_MAP).set('mine-json', JSON.stringify(event('mine-json', 'dev-counter')))
    let serverSv: Uint8Array | null = null
    const room = { pending: () => ownEntriesMissingFrom(doc, serverSv, 'dev-counter'), connected: () => true }
    summarize([room])
    expect(pending.value).toBe(2)
    expect(syncDisplay.value).toBe('syncing')
    serverSv = Y.encodeStateVector(doc)
    summarize([room])
    expect(syncDisplay.value).toBe('saved')
    summarize([room, { pending: () => 0, connected: () => false }])
    expect(syncDisplay.value).toBe('online')
    summarize([])
    expect(savedOnServer.value).toBe(false)
  })
})
