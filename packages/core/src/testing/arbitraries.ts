/**
 * fast-check arbitraries for journal tests: HLC stamps, well-formed envelopes, realistic event histories built
 * by the registered command generators, and arrival orders (any permutation, any duplicates).
 */
import fc from 'fast-check'
import type { DakEvent } from '../events/envelope.ts'
import { formatHlc } from '../events/hlc.ts'
import type { Kernel } from '../journal/kernel.ts'
import type { CommandGenerator } from './generators.ts'
import { generateHistory } from './history.ts'

const idChars = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'.split(''))
const id = fc.string({ unit: idChars, minLength: 1, maxLength: 24 })

/** HLC stamps between 2020 and 2035 on a few nodes. */
export function arbHlc(nodes: readonly string[] = ['dev0', 'dev1', 'dev2']): fc.Arbitrary<string> {
  return fc
    .record({
      millis: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }),
      counter: fc.integer({ min: 0, max: 0xffff }),
      node: fc.constantFrom(...nodes),
    })
    .map(formatHlc)
}

/** Business dates `yyyy-mm-dd` that exist. */
export const arbBusinessDate: fc.Arbitrary<string> = fc
  .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10))

/**
 * Envelopes that pass `envelopeSchema`, with any JSON payload. Event types default to ones no module owns, so
 * payload schemas do not apply; pass `types` to aim at a module.
 */
export function arbEnvelope(options: { types?: readonly string[] } = {}): fc.Arbitrary<DakEvent> {
  return fc.record({
    id,
    type: options.types ? fc.constantFrom(...options.types) : fc.constantFrom('test.noted', 'test.counted'),
    v: fc.integer({ min: 1, max: 3 }),
    office: id,
    date: arbBusinessDate,
    actor: id,
    device: id,
    duty: fc.option(id, { nil: null }),
    hlc: arbHlc(),
    at: fc.integer({ min: 0, max: Date.UTC(2035, 0, 1) }),
    payload: fc.jsonValue().map((p) => (p === null ? {} : p)),
  })
}

/** A history from the generators (concurrent devices included): an array of events in issue order. */
export function arbHistory<S>(
  kernel: Kernel<S>,
  generators: readonly CommandGenerator<S>[],
  options: { maxSteps?: number; devices?: number } = {},
): fc.Arbitrary<readonly DakEvent[]> {
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      steps: fc.integer({ min: 1, max: options.maxSteps ?? 120 }),
    })
    .map(({ seed, steps }) => {
      const d = options.devices
      return generateHistory({ kernel, generators, seed, steps, ...(d === undefined ? {} : { devices: d }) })
        .events
    })
}

/** `events` in any order, with up to `maxDuplicates` events delivered again. */
export function arbArrival(events: readonly DakEvent[], maxDuplicates = 20): fc.Arbitrary<DakEvent[]> {
  if (events.length === 0) return fc.constant([])
  return fc
    .tuple(
      fc.shuffledSubarray([...events], { minLength: events.length, maxLength: events.length }),
      fc.array(fc.constantFrom(...events), { maxLength: maxDuplicates }),
    )
    .chain(([order, dups]) =>
      fc.shuffledSubarray([...order, ...dups], {
        minLength: order.length + dups.length,
        maxLength: order.length + dups.length,
      }),
    )
}
