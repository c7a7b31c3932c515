import type { DomainModule } from '../journal/module.ts'

// Placeholder slice: the module's issue replaces it with the real state, fold and commands.
// biome-ignore lint/complexity/noBannedTypes: placeholder until the module lands
export type IdentityState = {}

export const identityModule: DomainModule<'identity'> = {
  name: 'identity',
  init: () => ({}),
  apply: () => {},
  conflicts: () => [],
  commands: {},
}
