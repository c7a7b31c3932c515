import { describe, expect, it } from 'vitest'
import type { CommandContext, DakEvent } from '../events/envelope.ts'
import { formatHlc } from '../events/hlc.ts'
import { canonicalJson } from '../testing/canonical.ts'
import { createTestKernel } from '../testing/test-kernel.ts'
import type { TestState } from '../testing/test-ledger-module.ts'
import { decide, fold, initialState, openConflicts } from './journal.ts'
import { createKernel, type Kernel } from './kernel.ts'

const T0 = Date.UTC(2026, 10, 30, 6, 0)

/** A context for one device whose stamps and ids follow a counter. */
function ctxFor(device: string, start = 0): CommandContext {
  let n = start
  let h = start
  return {
    office: 'PO-1',
    date: '2026-11-30',
    actor: `staff-${device}`,
    device,
    duty: null,
    now: T0,
    newId: () => `${device}:${n++}`,
    nextHlc: () => formatHlc({ millis: T0 + h++ * 1000, counter: 0, node: device }),
  }
}

function run(k: Kernel<TestState>, state: TestState, ctx: CommandContext, type: string, payload: unknown) {
  const r = k.decide(state, { type, payload }, ctx)
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value
}

describe('kernel', () => {
  const k = createTestKernel()

  it('refuses an unknown command with the typed unknown-command error', () => {
    const r = k.decide(k.init(), { type: 'no.such', payload: {} }, ctxFor('a'))
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown-command', details: { type: 'no.such' } } })
    if (!r.ok) expect(r.error.rule.length).toBeGreaterThan(0)
    const real = decide(initialState(), { type: 'no.such', payload: {} }, ctxFor('a'))
    expect(real).toMatchObject({ ok: false, error: { code: 'unknown-command' } })
  })

  it('dispatches to the owning module and folds its events', () => {
    const a = ctxFor('a')
    let s = k.init()
    const events: DakEvent[] = []
    for (const [type, payload] of [
      ['test-ledger.open', { account: 'cash' }],
      ['test-ledger.open', { account: 'stamps' }],
      ['test-ledger.mint', { account: 'cash', amount: 500 }],
      ['test-ledger.move', { from: 'cash', to: 'stamps', amount: 200 }],
    ] as const) {
      const out = run(k, s, a, type, payload)
      events.push(...out)
      s = out.reduce((acc, e) => k.evolve(acc, e), s)
    }
    expect(s.testLedger.balances).toEqual({ cash: 300, stamps: 200 })
    expect(canonicalJson(k.fold(events))).toBe(canonicalJson(s))
    const refused = k.decide(
      s,
      { type: 'test-ledger.move', payload: { from: 'cash', to: 'stamps', amount: 301 } },
      a,
    )
    expect(refused).toMatchObject({ ok: false, error: { code: 'insufficient-balance' } })
  })

  it('evolve leaves its input untouched', () => {
    const s = k.init()
    const before = canonicalJson(s)
    const [opened] = run(k, s, ctxFor('a'), 'test-ledger.open', { account: 'cash' })
    const next = k.evolve(s, opened!)
    expect(canonicalJson(s)).toBe(before)
    expect(next.testLedger.balances).toEqual({ cash: 0 })
  })

  it('turns offline double work into a conflict, resolved by an event routed to its owner', () => {
    const a = ctxFor('a')
    const b = ctxFor('b', 0)
    const e1 = run(k, k.init(), a, 'test-ledger.open', { account: 'cash' })
    const e2 = run(k, k.init(), b, 'test-ledger.open', { account: 'cash' })
    const s = k.fold([...e1, ...e2])
    const open = k.openConflicts(s)
    expect(open).toHaveLength(1)
    expect(open[0]).toMatchObject({ kind: 'account-opened-twice', events: [e1[0]!.id, e2[0]!.id].sort() })

    expect(
      k.decide(
        s,
        { type: 'conflict.resolve', payload: { conflictId: 'nope', resolution: 'keep-one', reason: '' } },
        a,
      ),
    ).toMatchObject({ ok: false, error: { code: 'conflict-not-open' } })
    expect(
      k.decide(
        s,
        { type: 'conflict.resolve', payload: { conflictId: open[0]!.id, resolution: 'x', reason: '' } },
        a,
      ),
    ).toMatchObject({ ok: false, error: { code: 'resolution-not-allowed' } })
    expect(k.decide(s, { type: 'conflict.resolve', payload: { conflictId: 1 } }, a)).toMatchObject({
      ok: false,
      error: { code: 'invalid-command' },
    })

    const resolution = { conflictId: open[0]!.id, resolution: 'keep-one', reason: 'same account' }
    const r1 = run(k, s, a, 'conflict.resolve', resolution)
    const r2 = run(k, s, b, 'conflict.resolve', resolution)
    expect(r1[0]).toMatchObject({ type: 'conflict.resolved', payload: resolution })
    const resolved = k.fold([...e1, ...e2, ...r1, ...r2])
    expect(k.openConflicts(resolved)).toEqual([])
    // the second resolution (made offline at the same time) changes nothing
    expect(canonicalJson(resolved)).toBe(canonicalJson(k.fold([...e1, ...e2, ...r1])))
  })

  it('ignores resolutions of unknown conflicts and with resolutions the conflict does not offer', () => {
    const a = ctxFor('a')
    const e1 = run(k, k.init(), a, 'test-ledger.open', { account: 'cash' })
    const e2 = run(k, k.init(), ctxFor('b'), 'test-ledger.open', { account: 'cash' })
    const forged = (conflictId: string, resolution: string): DakEvent => ({
      ...e1[0]!,
      id: `forged-${conflictId}-${resolution}`,
      type: 'conflict.resolved',
      hlc: formatHlc({ millis: T0 + 99_000, counter: 0, node: 'z' }),
      payload: { conflictId, resolution, reason: '' },
    })
    const s = k.fold([
      ...e1,
      ...e2,
      forged('account-opened-twice:cash', 'delete-all'),
      forged('nope', 'keep-one'),
    ])
    expect(k.openConflicts(s)).toHaveLength(1)
  })

  it('keeps future versions out of the fold', () => {
    const [opened] = run(k, k.init(), ctxFor('a'), 'test-ledger.open', { account: 'cash' })
    const future = { ...opened!, id: 'f1', v: 2, payload: { account: 'other', newField: 1 } }
    expect(k.support(future)).toBe('future')
    expect(k.fold([opened!, future]).testLedger.balances).toEqual({ cash: 0 })
  })

  it('the real modules fold an empty journal to their initial state, with no conflicts', () => {
    expect(canonicalJson(fold([]))).toBe(canonicalJson(initialState()))
    expect(openConflicts(initialState())).toEqual([])
  })

  it('refuses two modules with one slice name or one command type', () => {
    const m = {
      name: 'x' as const,
      init: () => ({}),
      apply: () => {},
      conflicts: () => [],
      commands: { 'x.do': () => ({ ok: true as const, value: [] }) },
    }
    expect(() => createKernel<{ x: object }>([m, m])).toThrow(/slice name/)
    expect(() => createKernel<{ x: object; y: object }>([m, { ...m, name: 'y' as const }])).toThrow(
      /command type/,
    )
  })
})
