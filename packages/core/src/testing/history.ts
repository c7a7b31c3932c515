/**
 * Generates a realistic event history without Yjs: devices issue commands from the generators against their own
 * folded view and gossip random subsets of events to each other, so histories contain concurrent (offline) work
 * and the conflicts it causes. Used by the determinism and incremental-fold property tests.
 */
import type { DakEvent } from '../events/envelope.ts'
import type { Folder } from '../journal/folder.ts'
import type { Kernel } from '../journal/kernel.ts'
import { createSimDeviceCore, propose, SIM_START_MS, type SimDeviceCore, simWorld } from './device.ts'
import type { CommandGenerator } from './generators.ts'
import { createPrng } from './prng.ts'

export interface HistoryOptions<S> {
  kernel: Kernel<S>
  generators: readonly CommandGenerator<S>[]
  seed: number
  /** Number of device steps (each issues one command or gossips). */
  steps: number
  devices?: number
  /** Simulated start time, epoch ms. */
  startMs?: number
}

export interface History {
  /** Every event issued, in issue order (not fold order). */
  readonly events: readonly DakEvent[]
  /** Commands refused by `decide`, by error code (a sanity signal for generator quality). */
  readonly refused: Readonly<Record<string, number>>
}

export function generateHistory<S>(options: HistoryOptions<S>): History {
  const rng = createPrng(options.seed)
  const world = simWorld(options.devices ?? 3)
  let t = options.startMs ?? SIM_START_MS
  const devices = world.devices.map((me) => ({
    core: createSimDeviceCore(options.kernel, me, () => t, rng.int(-30_000, 30_000)),
    folder: options.kernel.createFolder({ checkpointEvery: 16 }),
  }))
  const events: DakEvent[] = []
  const refused: Record<string, number> = {}
  const record = (d: { core: SimDeviceCore<S>; folder: Folder<S> }, out: readonly DakEvent[]) => {
    d.folder.add(out)
    events.push(...out)
  }
  const first = devices[0]!
  for (const g of options.generators) record(first, g.seedEvents?.(world) ?? [])
  for (const g of options.generators) {
    for (const p of g.setup?.(world, first.folder.state) ?? []) {
      const r = first.core.issue(first.folder.state, p)
      if (!r.ok) throw new Error(`setup of ${g.name} refused: ${r.error.code}: ${r.error.message}`)
      record(first, r.value)
    }
  }
  for (const d of devices.slice(1)) {
    d.core.observe(events)
    d.folder.add(events)
  }
  for (let step = 0; step < options.steps; step++) {
    t += rng.int(1, 5_000)
    const d = rng.pick(devices)
    if (rng.chance(0.3)) {
      const from = rng.pick(devices)
      const sample = from.folder.events().filter(() => rng.chance(0.7))
      d.core.observe(sample)
      d.folder.add(sample)
      continue
    }
    const p = propose(options.generators, d.folder.state, d.core.me, rng)
    if (!p) continue
    const r = d.core.issue(d.folder.state, p)
    if (r.ok) record(d, r.value)
    else refused[r.error.code] = (refused[r.error.code] ?? 0) + 1
  }
  return { events, refused }
}
