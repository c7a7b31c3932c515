import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { arbArrival, arbEnvelope, arbHistory } from './arbitraries.ts'
import { canonicalJson } from './canonical.ts'
import { createPrng } from './prng.ts'
import { createTestKernel, testGenerators } from './test-kernel.ts'

const SEED = Number(process.env.FC_SEED ?? 1130)
const kernel = createTestKernel()

describe('testing arbitraries', () => {
  it('arbEnvelope produces events the envelope schema accepts', () => {
    fc.assert(
      fc.property(arbEnvelope(), (e) => {
        const r = kernel.parseEvent(e)
        expect(r.ok ? 'ok' : r.error.message).toBe('ok')
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('arbHistory events are all valid, and folding any arrival order gives one state', () => {
    const history = arbHistory(kernel, testGenerators(kernel), { maxSteps: 60 })
    fc.assert(
      fc.property(
        history.chain((events) => fc.tuple(fc.constant(events), arbArrival(events))),
        ([events, arrival]) => {
          for (const e of events) expect(kernel.parseEvent(e).ok).toBe(true)
          expect(canonicalJson(kernel.fold(arrival))).toBe(canonicalJson(kernel.fold(events)))
        },
      ),
      { seed: SEED, numRuns: 40 },
    )
  })

  it('the PRNG replays from its seed and spreads its values', () => {
    const a = createPrng(5)
    const b = createPrng(5)
    const xs = Array.from({ length: 1000 }, () => a.int(0, 9))
    expect(Array.from({ length: 1000 }, () => b.int(0, 9))).toEqual(xs)
    for (let d = 0; d <= 9; d++) expect(xs.filter((x) => x === d).length).toBeGreaterThan(60)
    expect(createPrng(6).next()).not.toBe(createPrng(5).next())
  })
})
