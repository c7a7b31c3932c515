export type {
  CustodyState,
  PostedTransaction,
  PostingData,
  PostOutcome,
  TxMeta,
} from './custody/custody-module.ts'
export {
  balanceOf,
  CASH,
  checkPostings,
  custodyModule,
  fromMinorUnits,
  postTransaction,
  reverseTransaction,
  stockOf,
  toMinorUnits,
} from './custody/custody-module.ts'
export type { DomainError } from './events/domain-error.ts'
export { domainError } from './events/domain-error.ts'
export type { CommandContext, DakEvent } from './events/envelope.ts'
export { stamp } from './events/envelope.ts'
export type { Command, CommandHandler, Conflict, DomainModule } from './journal/module.ts'
export type { State } from './journal/state.ts'
export type { Result } from './result.ts'
export { err, ok } from './result.ts'
