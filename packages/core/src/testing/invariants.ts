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
export const stateInvariants: readonly StateInvariant<State>[] = [
  {
    name: 'custody double entry: every commodity sums to zero over all accounts',
    check(state) {
      // Tolerant of a custody slice without balances (a placeholder): nothing to check then.
      const balances = (state.custody as { balances?: Record<string, Record<string, number>> }).balances ?? {}
      const sums: Record<string, number> = {}
      for (const held of Object.values(balances)) {
        for (const [commodity, n] of Object.entries(held)) sums[commodity] = (sums[commodity] ?? 0) + n
      }
      const off = Object.entries(sums).filter(([, n]) => n !== 0)
      return off.length === 0 ? undefined : `not balanced: ${off.map(([c, n]) => `${c} ${n}`).join(', ')}`
    },
  },
]
