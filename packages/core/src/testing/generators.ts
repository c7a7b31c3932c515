/**
 * The registry of command generators that drive the determinism property test and the convergence simulation.
 * Each domain module adds one (a file beside this one and a line in `commandGenerators`), so the tests cover
 * its commands, its events and its conflicts as soon as it lands. A generator looks at a device's current state
 * and proposes a command that is likely valid there; `decide` still has the last word.
 */
import type { DakEvent } from '../events/envelope.ts'
import type { Command } from '../journal/module.ts'
import type { State } from '../journal/state.ts'
import { dayGenerator } from './day-generator.ts'
import type { Prng } from './prng.ts'

/** One simulated person on one device. */
export interface SimActor {
  readonly office: string
  readonly date: string
  readonly device: string
  /** Staff id. */
  readonly actor: string
  readonly duty: string | null
  /** Index of the device in the simulation (0 is the one that runs `setup`). */
  readonly index: number
}

/** The simulated office: who works on which device. */
export interface SimWorld {
  readonly office: string
  readonly date: string
  readonly devices: readonly SimActor[]
}

/** A command to issue, optionally as another staff member or under another duty than the device's default. */
export interface Proposal {
  readonly command: Command
  readonly actor?: string
  readonly duty?: string | null
  /** Act for another office of the simulated chain (e.g. the account office approving a cash request). */
  readonly office?: string
}

export interface CommandGenerator<S = State> {
  readonly name: string
  /** Relative frequency among generators (default 1). */
  readonly weight?: number
  /** Ready-made events device 0 starts with (e.g. the demo office's reference data), before `setup`. */
  seedEvents?(world: SimWorld): readonly DakEvent[]
  /** Commands run once, in order, on device 0 before the random phase (reference data, enrolment, Day Begin). */
  setup?(world: SimWorld, state: S): readonly Proposal[]
  /** A command for `me` given its device's current state, or undefined when nothing fits now. */
  next(state: S, me: SimActor, rng: Prng): Proposal | undefined
}

/**
 * Generators for the real modules. Module owners: add yours here (e.g. `dayGenerator` from
 * `./generators/day.ts`); the determinism and convergence tests pick it up with no other change.
 */
export const commandGenerators: readonly CommandGenerator<State>[] = [dayGenerator]
