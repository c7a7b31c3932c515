import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CommandContext } from '../events/envelope.ts'
import { formatHlc } from '../events/hlc.ts'
import { generateHistory } from '../testing/history.ts'
import { createTestKernel, testGenerators } from '../testing/test-kernel.ts'

const SEED = Number(process.env.FC_SEED ?? 777)
const kernel = createTestKernel()
const commandTypes = [...kernel.modules.flatMap((m) => Object.keys(m.commands)), 'conflict.resolve'].sort()
const states = [
  kernel.init(),
  kernel.fold(generateHistory({ kernel, generators: testGenerators(kernel), seed: 2, steps: 300 }).events),
]

const ctx = (actor: string, duty: string | null): CommandContext => {
  let n = 0
  return {
    office: 'panem-so',
    date: '2026-12-01',
    actor,
    device: 'dev-fuzz',
    duty,
    now: Date.UTC(2026, 11, 1, 6),
    newId: () => `fuzz-${n++}`,
    nextHlc: () => formatHlc({ millis: Date.UTC(2026, 11, 1, 6), counter: n, node: 'dev-fuzz' }),
  }
}

/** Payloads from junk to nearly right: any JSON, and objects whose fields take plausible values. */
const payload = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(
    fc.constantFrom(
      'amount',
      'account',
      'dutyId',
      'requestId',
      'kind',
      'counter',
      'cash',
      'stock',
      'bagNo',
      'conflictId',
      'resolution',
      'reason',
      'id',
      'office',
    ),
    fc.oneof(
      fc.string(),
      fc.integer(),
      fc.constantFrom('100.00', '-1', 'C1', 'counter', 'panem-so', {}, [], null),
    ),
  ),
)

describe('decide never throws', () => {
  it(`returns a Result for any payload of every command type (${commandTypes.length} types)`, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...commandTypes),
        payload,
        fc.constantFrom(0, 1),
        fc.constantFrom('so-spm', 'so-pa1', 'ho-spm', 'nobody'),
        fc.option(fc.string({ maxLength: 12 }), { nil: null }),
        (type, p, which, actor, duty) => {
          const r = kernel.decide(states[which]!, { type, payload: p }, ctx(actor, duty))
          expect(typeof r.ok).toBe('boolean')
          if (!r.ok) expect(r.error.code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
          else for (const e of r.value) expect(kernel.parseEvent(e).ok).toBe(true)
        },
      ),
      { seed: SEED, numRuns: 2000 },
    )
  })
})
