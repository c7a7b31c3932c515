/**
 * A simulated device: its clock (the shared simulated time plus its own skew), its HLC and ids, and how it turns
 * a generator's proposal into events through `decide`. Shared by the history generator and the Yjs simulation.
 */
import type { DomainError } from '../events/domain-error.ts'
import type { CommandContext, DakEvent } from '../events/envelope.ts'
import { createHlc, type Hlc } from '../events/hlc.ts'
import { createSequentialIds } from '../events/ids.ts'
import type { Kernel } from '../journal/kernel.ts'
import type { Result } from '../result.ts'
import type { CommandGenerator, Proposal, SimActor } from './generators.ts'
import type { Prng } from './prng.ts'

export interface SimDeviceCore<S> {
  readonly me: SimActor
  readonly hlc: Hlc
  /** The device's wall clock: simulated time plus its skew. */
  now(): number
  /** Decides a proposal against `state` with this device's context. */
  issue(state: S, proposal: Proposal): Result<DakEvent[], DomainError>
  /** Advances the HLC past events received from elsewhere. */
  observe(events: readonly DakEvent[]): void
}

export function createSimDeviceCore<S>(
  kernel: Kernel<S>,
  me: SimActor,
  simTime: () => number,
  skewMs: number,
): SimDeviceCore<S> {
  const hlc = createHlc(me.device)
  const newId = createSequentialIds(me.device)
  const now = () => simTime() + skewMs
  return {
    me,
    hlc,
    now,
    issue(state, proposal) {
      const t = now()
      const ctx: CommandContext = {
        office: proposal.office ?? me.office,
        date: me.date,
        actor: proposal.actor ?? me.actor,
        device: me.device,
        duty: proposal.duty === undefined ? me.duty : proposal.duty,
        now: t,
        newId,
        nextHlc() {
          const s = hlc.send(t)
          if (!s.ok) throw new Error(`simulated device ${me.device}: ${s.error.message}`)
          return s.value
        },
      }
      return kernel.decide(state, proposal.command, ctx)
    },
    observe(events) {
      const t = now()
      for (const e of events) {
        const r = hlc.receive(e.hlc, t)
        if (!r.ok) throw new Error(`simulated device ${me.device}: ${r.error.message}`)
      }
    },
  }
}

/** Picks a generator by weight and asks it for a proposal, trying a few before giving up. */
export function propose<S>(
  generators: readonly CommandGenerator<S>[],
  state: S,
  me: SimActor,
  rng: Prng,
): Proposal | undefined {
  if (generators.length === 0) return undefined
  const total = generators.reduce((sum, g) => sum + (g.weight ?? 1), 0)
  for (let attempt = 0; attempt < 4; attempt++) {
    let r = rng.next() * total
    let chosen = generators[generators.length - 1]!
    for (const g of generators) {
      r -= g.weight ?? 1
      if (r < 0) {
        chosen = g
        break
      }
    }
    const p = chosen.next(state, me, rng)
    if (p) return p
  }
  return undefined
}

/** Simulated time starts here (08:30 IST on the simulated business date). */
export const SIM_START_MS = Date.UTC(2026, 11, 1, 3, 0)

/**
 * The simulated office: `n` devices, one default staff member each, in one office and business day (the demo
 * chain's Panem S.O, so generators can use the demo reference data).
 */
export function simWorld(n: number, office = 'panem-so', date = '2026-12-01') {
  const devices: SimActor[] = Array.from({ length: n }, (_, index) => ({
    office,
    date,
    device: `dev${index}`,
    actor: `staff${index}`,
    duty: null,
    index,
  }))
  return { office, date, devices }
}
