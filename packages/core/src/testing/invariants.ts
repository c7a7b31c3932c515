/**
 * Laws every folded state must satisfy, checked by the simulation on every device after healing (e.g. ledger
 * conservation: money is never created, lost or counted twice). Module owners add theirs to `stateInvariants`.
 */
import type { State } from '../journal/state.ts'

export interface StateInvariant<S = State> {
  readonly name: string
  /** Undefined when the law holds, else what is wrong. */
  check(state: S): string | undefined
}

/** Invariants of the real modules. */
export const stateInvariants: readonly StateInvariant<State>[] = []
