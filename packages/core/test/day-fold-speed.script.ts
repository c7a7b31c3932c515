/**
 * Measures the fold of a generated day (day generator, real modules) in µs per event: a full fold and the
 * incremental folder adding events one at a time. Run: pnpm exec tsx --conditions=@dak/source <this file>
 * Not a test (timings live outside unit tests); kept beside the day tests as the measurement.
 */
import { createKernel } from '../src/journal/kernel.ts'
import { modules } from '../src/journal/modules.ts'
import { commandGenerators } from '../src/testing/generators.ts'
import { generateHistory } from '../src/testing/history.ts'

const kernel = createKernel(modules)
const target = Number(process.argv[2] ?? 5000)
let steps = 4000
let events = generateHistory({ kernel, generators: commandGenerators, seed: 11, steps }).events
while (events.length < target) {
  steps *= 2
  events = generateHistory({ kernel, generators: commandGenerators, seed: 11, steps }).events
}
events = events.slice(0, target)
const sorted = [...events].sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.id < b.id ? -1 : 1))

function time(f: () => void, runs = 5): number {
  f()
  const all: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint()
    f()
    all.push(Number(process.hrtime.bigint() - t0) / 1000)
  }
  all.sort((a, b) => a - b)
  return all[Math.floor(runs / 2)]!
}

const full = time(() => {
  kernel.fold(events)
})
const incremental = time(() => {
  const folder = kernel.createFolder()
  for (const e of sorted) folder.add([e])
}, 3)
const types = new Set(events.map((e) => e.type))
console.log(
  `${events.length} events (${types.size} types): full fold ${(full / events.length).toFixed(2)} µs/event, ` +
    `incremental ${(incremental / events.length).toFixed(2)} µs/event`,
)
