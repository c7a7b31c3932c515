import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { DakEvent } from '../events/envelope.ts'
import { canonicalJson } from '../testing/canonical.ts'
import { generateHistory } from '../testing/history.ts'
import { createTestKernel, testGenerators } from '../testing/test-kernel.ts'

const SEED = Number(process.env.FC_SEED ?? 8675309)
const kernel = createTestKernel()
const generators = testGenerators(kernel)

/** A history cut into batches that arrive in a random order (late devices, reconnects). */
const arrivals = fc
  .record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    steps: fc.integer({ min: 1, max: 120 }),
    checkpointEvery: fc.integer({ min: 1, max: 20 }),
    checkpointRatio: fc.integer({ min: 1, max: 10 }),
    maxCheckpoints: fc.integer({ min: 1, max: 6 }),
  })
  .chain((o) => {
    const { events } = generateHistory({ kernel, generators, seed: o.seed, steps: o.steps })
    return fc
      .record({
        options: fc.constant(o),
        batches: fc
          .shuffledSubarray([...events], { minLength: events.length, maxLength: events.length })
          .chain((order) =>
            fc
              .array(fc.nat({ max: Math.max(1, order.length) }), { maxLength: 12 })
              .map((cuts) => cutInto(order, cuts)),
          ),
        duplicates: fc.array(fc.nat({ max: Math.max(0, events.length - 1) }), { maxLength: 8 }),
      })
      .map((r) => ({ ...r, events }))
  })

function cutInto<T>(items: readonly T[], cuts: readonly number[]): T[][] {
  const points = [...new Set([0, ...cuts, items.length])].sort((a, b) => a - b)
  return points.slice(1).map((end, i) => items.slice(points[i], end))
}

describe('incremental folder', () => {
  it('equals the from-scratch fold after every batch, whatever the arrival order', () => {
    fc.assert(
      fc.property(arrivals, ({ options, batches, duplicates, events }) => {
        const folder = kernel.createFolder(options)
        const seen: DakEvent[] = []
        for (const batch of batches) {
          folder.add(batch)
          seen.push(...batch)
          expect(canonicalJson(folder.state)).toBe(canonicalJson(kernel.fold(seen)))
        }
        const before = folder.version
        expect(folder.add(duplicates.flatMap((i) => (events[i] ? [events[i]] : []))).added).toEqual([])
        expect(folder.version).toBe(before)
        expect(folder.size).toBe(new Set(events.map((e) => e.id)).size)
        expect(canonicalJson(folder.conflicts())).toBe(
          canonicalJson(kernel.openConflicts(kernel.fold(events))),
        )
      }),
      { seed: SEED, numRuns: 35 },
    )
  }, 120_000)

  it('applies in-order events without re-folding, and re-folds a late event from a checkpoint', () => {
    const { events } = generateHistory({ kernel, generators, seed: 3, steps: 600 })
    const sorted = [...events].sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0))
    const late = sorted.splice(sorted.length - 40, 1)
    const folder = kernel.createFolder({ checkpointEvery: 32 })
    for (const e of sorted) expect(folder.add([e]).refolded).toBe(0)
    const r = folder.add(late)
    expect(r.added).toEqual(late)
    expect(r.refolded).toBeGreaterThan(0)
    expect(r.refolded).toBeLessThan(sorted.length / 2)
    expect(canonicalJson(folder.state)).toBe(canonicalJson(kernel.fold(events)))
  })

  it('an id seen twice with different content folds the same way whichever came first', () => {
    const { events } = generateHistory({ kernel, generators, seed: 5, steps: 80 })
    const victim = events[events.length - 1]!
    const twin = { ...victim, hlc: events[0]!.hlc.replace(/-[^-]+$/, '-zzz') }
    const x = kernel.createFolder()
    x.add(events)
    x.add([twin])
    const y = kernel.createFolder()
    y.add([twin])
    y.add(events)
    expect(canonicalJson(x.state)).toBe(canonicalJson(y.state))
    expect(canonicalJson(x.state)).toBe(canonicalJson(kernel.fold([...events, twin])))
  })
})
