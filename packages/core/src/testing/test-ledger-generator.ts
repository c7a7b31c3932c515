import { RESOLVE_CONFLICT } from '../journal/kernel.ts'
import type { Conflict } from '../journal/module.ts'
import type { CommandGenerator, Proposal } from './generators.ts'
import type { StateInvariant } from './invariants.ts'
import { type TestState, testLedgerConserved } from './test-ledger-module.ts'

const ACCOUNTS = ['cash', 'stamps', 'treasury', 'cod']

/** Random opens (concurrent ones clash), mints and moves (concurrent ones can overdraw) for the test ledger. */
export const testLedgerGenerator: CommandGenerator<TestState> = {
  name: 'test-ledger',
  weight: 3,
  next(state, _me, rng) {
    const open = Object.keys(state.testLedger.balances).sort()
    const roll = rng.next()
    if (open.length < 2 || roll < 0.1) {
      return { command: { type: 'test-ledger.open', payload: { account: rng.pick(ACCOUNTS) } } }
    }
    if (roll < 0.35) {
      const account = rng.pick(open)
      return { command: { type: 'test-ledger.mint', payload: { account, amount: rng.int(1, 100_000) } } }
    }
    const funded = open.filter((a) => state.testLedger.balances[a]! > 0)
    if (funded.length === 0) return undefined
    const from = rng.pick(funded)
    const to = rng.pick(open.filter((a) => a !== from))
    const amount = rng.int(1, state.testLedger.balances[from]!)
    return { command: { type: 'test-ledger.move', payload: { from, to, amount } } }
  },
}

/** Conservation of the test ledger. */
export const testLedgerInvariant: StateInvariant<TestState> = {
  name: 'test-ledger conservation',
  check: (s) => (testLedgerConserved(s.testLedger) ? undefined : 'test-ledger balances do not sum to minted'),
}

/**
 * Resolves a random open conflict of any module with one of its allowed resolutions, so every module's
 * resolution path runs in the simulations.
 */
export function conflictResolver<S>(openConflicts: (state: S) => readonly Conflict[]): CommandGenerator<S> {
  return {
    name: 'conflict-resolver',
    weight: 1,
    next(state, _me, rng): Proposal | undefined {
      const open = openConflicts(state)
      if (open.length === 0) return undefined
      const c = rng.pick(open)
      const payload = { conflictId: c.id, resolution: rng.pick(c.resolutions), reason: 'simulated review' }
      return { command: { type: RESOLVE_CONFLICT, payload } }
    },
  }
}
