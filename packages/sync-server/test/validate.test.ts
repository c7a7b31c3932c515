import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createCoreValidator, createJournalValidator, roomKind, type UpdateValidator } from '../src/index.ts'
import { event, ROOM } from './helpers.ts'

const ctx = { room: ROOM, kind: roomKind(ROOM), tokenOffice: 'SO123' }

/** The update a change on `from` produces. */
function updateOf(from: Y.Doc, change: (events: Y.Map<unknown>) => void): Uint8Array {
  const sv = Y.encodeStateVector(from)
  change(from.getMap('events'))
  return Y.encodeStateAsUpdate(from, sv)
}

function synced(): { server: Y.Doc; client: Y.Doc } {
  const server = new Y.Doc()
  const client = new Y.Doc()
  const e = event({ id: 'first' })
  const u = updateOf(client, (m) => m.set(e.id, e))
  Y.applyUpdate(server, u)
  return { server, client }
}

const validators: Array<[string, UpdateValidator]> = [
  ['core inspectUpdate', createCoreValidator()],
  ['built-in rules', createJournalValidator()],
]

describe.each(validators)('journal validator (%s)', (_name, validator) => {
  it('accepts appends of well-formed events and reports them', () => {
    const { server, client } = synced()
    const e = event()
    const r = validator.inspect(
      server,
      updateOf(client, (m) => m.set(e.id, e)),
      ctx,
    )
    expect(r.ok && r.value.map((a) => a.event.id)).toEqual([e.id])
  })

  it('ignores structs the server already has (re-sent updates)', () => {
    const { server, client } = synced()
    const r = validator.inspect(server, Y.encodeStateAsUpdate(client), ctx)
    expect(r).toEqual({ ok: true, value: [] })
  })

  it('refuses a deletion', () => {
    const { server, client } = synced()
    const r = validator.inspect(
      server,
      updateOf(client, (m) => m.delete('first')),
      ctx,
    )
    expect(r).toMatchObject({ ok: false, error: { code: 'deletion' } })
  })

  it('refuses an overwrite of an existing event', () => {
    const { server, client } = synced()
    const r = validator.inspect(
      server,
      updateOf(client, (m) => m.set('first', event({ id: 'first', payload: 'x' }))),
      ctx,
    )
    expect(r.ok).toBe(false)
    expect(r.ok ? '' : r.error.code).toMatch(/overwrite|deletion/)
  })

  it('refuses a concurrent write of an id the server already holds', () => {
    const { server } = synced()
    const other = new Y.Doc()
    const r = validator.inspect(
      server,
      updateOf(other, (m) => m.set('first', event({ id: 'first' }))),
      ctx,
    )
    expect(r).toMatchObject({ ok: false, error: { code: 'overwrite', eventId: 'first' } })
  })

  it('refuses malformed events, id/key mismatches and nested types', () => {
    const { server, client } = synced()
    const bad = [
      (m: Y.Map<unknown>) => m.set('x1', { id: 'x1' }),
      (m: Y.Map<unknown>) => m.set('x2', event({ id: 'other' })),
      (m: Y.Map<unknown>) => m.set('x3', 42),
      (m: Y.Map<unknown>) => m.set('x4', event({ id: 'x4', v: 0 })),
      (m: Y.Map<unknown>) => m.set('x5', new Y.Map()),
    ]
    for (const change of bad) {
      const r = validator.inspect(server, updateOf(client, change), ctx)
      expect(r.ok ? 'accepted' : r.error.code).toMatch(/malformed-event|not-an-append/)
    }
  })

  it('refuses writes to other roots and undecodable bytes', () => {
    const { server, client } = synced()
    const sv = Y.encodeStateVector(client)
    client.getArray('other').push([1])
    expect(validator.inspect(server, Y.encodeStateAsUpdate(client, sv), ctx)).toMatchObject({
      ok: false,
      error: { code: 'not-an-append' },
    })
    expect(validator.inspect(server, new Uint8Array([1, 2, 3, 250, 250]), ctx)).toMatchObject({ ok: false })
  })

  it('refuses an event for another office in a day room', () => {
    const { server, client } = synced()
    const e = event({ office: 'HO1' })
    expect(
      validator.inspect(
        server,
        updateOf(client, (m) => m.set(e.id, e)),
        ctx,
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'wrong-office' },
    })
  })
})

describe('built-in rules only', () => {
  it('accepts a JSON-string event value', () => {
    const validator = createJournalValidator()
    const { server, client } = synced()
    const e = event()
    const r = validator.inspect(
      server,
      updateOf(client, (m) => m.set(e.id, JSON.stringify(e))),
      ctx,
    )
    expect(r.ok).toBe(true)
  })
})

describe('room rule on top of core', () => {
  it('refuses an event for another office in an inbox written by this office', () => {
    const { server, client } = synced()
    const e = event({ office: 'HO1' })
    const inbox = { room: 'office/BO9/inbox', kind: roomKind('office/BO9/inbox'), tokenOffice: 'SO123' }
    expect(
      createCoreValidator().inspect(
        server,
        updateOf(client, (m) => m.set(e.id, e)),
        inbox,
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'wrong-office' },
    })
  })
})
