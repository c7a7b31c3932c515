import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import type { DakEvent } from './envelope.ts'
import { createPayloadRegistry, eventSupport, parseEvent } from './parse-event.ts'

const registry = createPayloadRegistry([
  {
    'bag.closed': {
      1: v.strictObject({ bag: v.string() }),
      2: v.strictObject({ bag: v.string(), weightGrams: v.number() }),
    },
    'bag.opened': { 2: v.strictObject({ bag: v.string() }) },
  },
])

const base: DakEvent = {
  id: 'dev1:000001',
  type: 'bag.closed',
  v: 1,
  office: 'PO-110001',
  date: '2026-11-30',
  actor: 'staff1',
  device: 'dev1',
  duty: null,
  hlc: '2026-11-30T06:00:00.000Z-0000-dev1',
  at: 1796018400000,
  payload: { bag: 'B1' },
}

const code = (input: unknown) => {
  const r = parseEvent(input, registry)
  return r.ok ? 'ok' : r.error.code
}

describe('parseEvent', () => {
  it('accepts a well-formed event and keeps its payload object', () => {
    const r = parseEvent(base, registry)
    expect(r.ok).toBe(true)
    if (r.ok) {
      expect(r.value).toEqual(base)
      expect(r.value.payload).toBe(base.payload)
    }
    expect(code({ ...base, sig: 'abc', prev: 'def', duty: 'duty-1' })).toBe('ok')
  })

  it('refuses malformed envelopes with event-malformed and the path of each problem', () => {
    const cases: unknown[] = [
      null,
      'text',
      { ...base, id: '' },
      { ...base, id: 'has space' },
      { ...base, type: 'Bag' },
      { ...base, v: 0 },
      { ...base, v: 1.5 },
      { ...base, date: '2026-02-30' },
      { ...base, date: '30-11-2026' },
      { ...base, hlc: 'yesterday' },
      { ...base, at: -1 },
      { ...base, duty: 5 },
      { ...base, extra: true },
      (({ payload: _p, ...rest }) => rest)(base),
    ]
    for (const c of cases) expect(code(c), JSON.stringify(c)).toBe('event-malformed')
    const r = parseEvent({ ...base, date: 'x', v: 0 }, registry)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.id).toBe(base.id)
      expect(r.error.issues.map((i) => i.path).sort()).toEqual(['date', 'v'])
      expect(r.error.message).toContain('date')
    }
  })

  it('validates the payload with the owning module schema for that version', () => {
    expect(code({ ...base, payload: { bag: 7 } })).toBe('event-payload-invalid')
    expect(code({ ...base, v: 2, payload: { bag: 'B1' } })).toBe('event-payload-invalid')
    expect(code({ ...base, v: 2, payload: { bag: 'B1', weightGrams: 900 } })).toBe('ok')
    const r = parseEvent({ ...base, payload: { bag: 7 } }, registry)
    if (!r.ok) expect(r.error.issues[0]?.path).toBe('payload.bag')
  })

  it('keeps unknown future versions untouched and marks them future (not folded)', () => {
    const future = { ...base, v: 3, payload: { anything: ['goes'] } }
    const r = parseEvent(future, registry)
    expect(r.ok).toBe(true)
    if (r.ok) {
      expect(r.value).toEqual(future)
      expect(eventSupport(r.value, registry)).toBe('future')
    }
    expect(eventSupport(base, registry)).toBe('current')
    expect(eventSupport({ ...base, type: 'other.thing' }, registry)).toBe('unowned')
  })

  it('refuses an old version this build no longer has a schema for', () => {
    expect(code({ ...base, type: 'bag.opened', v: 1 })).toBe('event-version-unsupported')
  })

  it('validates conflict.resolved payloads itself', () => {
    const resolved = {
      ...base,
      type: 'conflict.resolved',
      payload: { conflictId: 'c', resolution: 'keep', reason: '' },
    }
    expect(code(resolved)).toBe('ok')
    expect(code({ ...resolved, payload: { conflictId: 'c' } })).toBe('event-payload-invalid')
  })

  it('refuses two modules declaring one event type', () => {
    const s = { 'x.y': { 1: v.string() } }
    expect(() => createPayloadRegistry([s, s])).toThrow(/two modules/)
  })
})
