/**
 * The convergence simulation: N devices, each with its own Y.Doc journal, issue random valid commands through
 * `decide` against their own folded state while a lossy, partitioned network moves their updates. After healing,
 * every device must hold the same events, the same folded state and the same open conflicts, and every state
 * invariant (ledger conservation…) must hold. Seeded: the same seed replays the same run.
 */
import * as Y from 'yjs'
import type { Kernel } from '../journal/kernel.ts'
import { createJournal, type YJournal } from '../yjs/journal.ts'
import { canonicalJson } from './canonical.ts'
import { createSimDeviceCore, propose, SIM_START_MS, type SimDeviceCore, simWorld } from './device.ts'
import type { CommandGenerator } from './generators.ts'
import type { StateInvariant } from './invariants.ts'
import { createSimNetwork, type NetworkOptions, type NetworkStats } from './network.ts'
import { createPrng } from './prng.ts'

export interface SimulationOptions<S> {
  kernel: Kernel<S>
  generators: readonly CommandGenerator<S>[]
  seed: number
  devices?: number
  /** Network ticks; on each, a random device may act (default 300). */
  ticks?: number
  /** Probability per tick that some device issues a command (default 0.6). */
  actChance?: number
  network?: NetworkOptions
}

export interface SimDevice<S> {
  readonly core: SimDeviceCore<S>
  readonly journal: YJournal<S>
}

export interface SimulationResult<S> {
  readonly seed: number
  readonly devices: readonly SimDevice<S>[]
  readonly network: NetworkStats
  /** Commands accepted by `decide`, by type. */
  readonly accepted: Readonly<Record<string, number>>
  /** Commands refused by `decide`, by error code. */
  readonly refused: Readonly<Record<string, number>>
}

export function runSimulation<S>(options: SimulationOptions<S>): SimulationResult<S> {
  const rng = createPrng(options.seed)
  const world = simWorld(options.devices ?? 4)
  let t = SIM_START_MS
  const devices: SimDevice<S>[] = world.devices.map((me) => {
    const doc = new Y.Doc()
    // Client ids from the seed, so Yjs's own tie-breaks replay too.
    doc.clientID = 1 + me.index + 1000 * (options.seed % 100_000)
    const core = createSimDeviceCore(options.kernel, me, () => t, rng.int(-60_000, 60_000))
    const journal = createJournal<S>(doc, { kernel: options.kernel, folder: { checkpointEvery: 32 } })
    journal.subscribe((batch) => {
      if (!batch.local) core.observe(batch.events)
    })
    return { core, journal }
  })
  const accepted: Record<string, number> = {}
  const refused: Record<string, number> = {}

  // Setup (reference data, enrolment…) runs on device 0 and reaches every device before the chaos starts.
  const first = devices[0]!
  for (const g of options.generators) appendOrThrow(first, g.seedEvents?.(world) ?? [])
  for (const g of options.generators) {
    for (const p of g.setup?.(world, first.journal.state) ?? []) {
      const r = first.core.issue(first.journal.state, p)
      if (!r.ok) throw new Error(`setup of ${g.name} refused: ${r.error.code}: ${r.error.message}`)
      appendOrThrow(first, r.value)
    }
  }
  const setup = Y.encodeStateAsUpdate(first.journal.doc)
  for (const d of devices.slice(1)) Y.applyUpdate(d.journal.doc, setup)

  const live = createSimNetwork(
    devices.map((d) => d.journal.doc),
    rng.fork(),
    options.network,
  )
  for (let tick = 0; tick < (options.ticks ?? 300); tick++) {
    t += rng.int(100, 3_000)
    live.tick()
    if (!rng.chance(options.actChance ?? 0.6)) continue
    const d = rng.pick(devices)
    const p = propose(options.generators, d.journal.state, d.core.me, rng)
    if (!p) continue
    const r = d.core.issue(d.journal.state, p)
    if (!r.ok) {
      refused[r.error.code] = (refused[r.error.code] ?? 0) + 1
      continue
    }
    accepted[p.command.type] = (accepted[p.command.type] ?? 0) + 1
    appendOrThrow(d, r.value)
  }
  live.heal()
  return { seed: options.seed, devices, network: live.stats, accepted, refused }
}

function appendOrThrow<S>(d: SimDevice<S>, events: Parameters<YJournal<S>['append']>[0]): void {
  const r = d.journal.append(events)
  if (!r.ok) throw new Error(`device ${d.core.me.device} could not append its own events: ${r.error.message}`)
}

/**
 * What differs between devices after a simulation, or breaks an invariant; empty when they converged.
 * Also checks each device's incrementally folded state against a from-scratch fold of its events.
 */
export function convergenceProblems<S>(
  result: SimulationResult<S>,
  kernel: Kernel<S>,
  invariants: readonly StateInvariant<S>[],
): string[] {
  const problems: string[] = []
  const first = result.devices[0]
  if (!first) return problems
  const view = (d: SimDevice<S>) => ({
    events: canonicalJson(d.journal.events()),
    state: canonicalJson(d.journal.state),
    conflicts: canonicalJson(d.journal.conflicts()),
  })
  const reference = view(first)
  for (const d of result.devices) {
    const name = d.core.me.device
    if (d !== first) {
      const v = view(d)
      if (v.events !== reference.events)
        problems.push(`${name} holds other events than ${first.core.me.device}`)
      if (v.state !== reference.state)
        problems.push(`${name} folded another state than ${first.core.me.device}`)
      if (v.conflicts !== reference.conflicts) problems.push(`${name} has other open conflicts`)
    }
    if (canonicalJson(kernel.fold(d.journal.events())) !== canonicalJson(d.journal.state)) {
      problems.push(`${name}: the incremental fold differs from a from-scratch fold`)
    }
    if (d.journal.rejected().length > 0)
      problems.push(`${name} rejected ${d.journal.rejected().length} entries`)
    for (const inv of invariants) {
      const broken = inv.check(d.journal.state)
      if (broken) problems.push(`${name}: invariant "${inv.name}" broken: ${broken}`)
    }
  }
  return problems
}
