/**
 * `@dak/core/testing`: seeded randomness, fast-check arbitraries, command generators and invariants that module
 * owners register, a simulated lossy network of Y.Doc devices, and the convergence check.
 */
export { arbArrival, arbBusinessDate, arbEnvelope, arbHistory, arbHlc } from './arbitraries.ts'
export { canonicalJson } from './canonical.ts'
export type { SimDeviceCore } from './device.ts'
export { createSimDeviceCore, propose, simWorld } from './device.ts'
export type { CommandGenerator, Proposal, SimActor, SimWorld } from './generators.ts'
export { commandGenerators } from './generators.ts'
export type { History, HistoryOptions } from './history.ts'
export { generateHistory } from './history.ts'
export type { StateInvariant } from './invariants.ts'
export { stateInvariants } from './invariants.ts'
export type { NetworkOptions, NetworkStats, SimNetwork } from './network.ts'
export { createSimNetwork, NETWORK_ORIGIN } from './network.ts'
export type { Prng } from './prng.ts'
export { createPrng } from './prng.ts'
export type { SimDevice, SimulationOptions, SimulationResult } from './simulation.ts'
export { convergenceProblems, runSimulation } from './simulation.ts'
export { createTestKernel, testGenerators, testInvariants } from './test-kernel.ts'
export { conflictResolver, testLedgerGenerator, testLedgerInvariant } from './test-ledger-generator.ts'
export type { TestLedgerSlice, TestState } from './test-ledger-module.ts'
export { testLedgerConserved, testLedgerModule } from './test-ledger-module.ts'
