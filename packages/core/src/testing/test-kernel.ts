/**
 * The kernel the journal's own tests run: every real module plus the test ledger, with every registered
 * generator and invariant. As module owners register generators, these tests cover their commands too.
 */
import { createKernel, type Kernel } from '../journal/kernel.ts'
import type { SliceModule } from '../journal/module.ts'
import { modules } from '../journal/modules.ts'
import { type CommandGenerator, commandGenerators } from './generators.ts'
import { type StateInvariant, stateInvariants } from './invariants.ts'
import { conflictResolver, testLedgerGenerator, testLedgerInvariant } from './test-ledger-generator.ts'
import { type TestState, testLedgerModule } from './test-ledger-module.ts'

/** Real modules plus the test ledger. */
export function createTestKernel(): Kernel<TestState> {
  return createKernel<TestState>([
    ...(modules as readonly SliceModule<TestState, keyof TestState>[]),
    testLedgerModule as SliceModule<TestState, keyof TestState>,
  ])
}

/** Every registered generator, the test ledger's, and the generic conflict resolver. */
export function testGenerators(kernel: Kernel<TestState>): CommandGenerator<TestState>[] {
  return [...commandGenerators, testLedgerGenerator, conflictResolver(kernel.openConflicts)]
}

/** Every registered invariant plus the test ledger's conservation. */
export function testInvariants(): StateInvariant<TestState>[] {
  return [...stateInvariants, testLedgerInvariant]
}
