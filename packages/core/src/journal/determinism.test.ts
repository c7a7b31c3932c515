import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../testing/canonical.ts'
import { generateHistory } from '../testing/history.ts'
import { createTestKernel, testGenerators, testInvariants } from '../testing/test-kernel.ts'

const SEED = Number(process.env.FC_SEED ?? 20261130)
const kernel = createTestKernel()
const generators = testGenerators(kernel)

/** A generated history, then any permutation of it with any duplicates. */
const historyAndArrival = fc
  .record({ seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }), steps: fc.integer({ min: 1, max: 120 }) })
  .chain(({ seed, steps }) => {
    const { events } = generateHistory({ kernel, generators, seed, steps })
    return fc.record({
      events: fc.constant(events),
      arrival: fc.tuple(
        fc.shuffledSubarray([...events], { minLength: events.length, maxLength: events.length }),
        fc.array(fc.nat({ max: Math.max(0, events.length - 1) }), { maxLength: 20 }),
      ),
    })
  })

describe('fold determinism', () => {
  it('generated histories are not trivial (they hold events and conflicts)', () => {
    const { events } = generateHistory({ kernel, generators, seed: 7, steps: 400 })
    const state = kernel.fold(events)
    expect(events.length).toBeGreaterThan(100)
    expect(
      Object.keys(state.testLedger.resolved).length + kernel.openConflicts(state).length,
    ).toBeGreaterThan(0)
  })

  it('any permutation with any duplicates folds to the same state and conflicts', () => {
    fc.assert(
      fc.property(historyAndArrival, ({ events, arrival: [shuffled, dupIdx] }) => {
        const arrived = [...shuffled, ...dupIdx.flatMap((i) => (events[i] ? [events[i]] : []))]
        const a = kernel.fold(events)
        const b = kernel.fold(arrived)
        expect(canonicalJson(b)).toBe(canonicalJson(a))
        expect(canonicalJson(kernel.openConflicts(b))).toBe(canonicalJson(kernel.openConflicts(a)))
        for (const inv of testInvariants()) expect(inv.check(b), inv.name).toBeUndefined()
      }),
      { seed: SEED, numRuns: 40 },
    )
  }, 120_000)
})
