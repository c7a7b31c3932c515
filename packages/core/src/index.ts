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
export type { Hlc, HlcError, HlcErrorCode, HlcOptions, HlcStamp } from './events/hlc.ts'
export {
  createHlc,
  formatHlc,
  HLC_DEFAULT_MAX_DRIFT_MS,
  HLC_MAX_COUNTER,
  isHlc,
  parseHlc,
} from './events/hlc.ts'
export type { RandomBytes } from './events/ids.ts'
export { createIdFactory, createSequentialIds, ID_PATTERN, isId, uuidV7 } from './events/ids.ts'
export type {
  EventError,
  EventErrorCode,
  EventIssue,
  EventSupport,
  PayloadRegistry,
  PayloadSchemas,
} from './events/parse-event.ts'
export { createPayloadRegistry, eventSupport } from './events/parse-event.ts'
export type { ConflictResolvedPayload } from './events/schema.ts'
export { CONFLICT_RESOLVED, conflictResolvedSchema, envelopeSchema, isBusinessDate } from './events/schema.ts'
export type { Folder, FolderAddResult, FolderOptions } from './journal/folder.ts'
export {
  createJournalFolder,
  decide,
  eventSupportOf,
  evolve,
  fold,
  initialState,
  journalKernel,
  openConflicts,
  parseEvent,
} from './journal/journal.ts'
export type { Kernel } from './journal/kernel.ts'
export { createKernel, RESOLVE_CONFLICT } from './journal/kernel.ts'
export type { Command, CommandHandler, Conflict, DomainModule, SliceModule } from './journal/module.ts'
export { compareEvents, dedupeAndSort } from './journal/order.ts'
export type { Room, RoomError } from './journal/rooms.ts'
export { dayRoom, inboxRoom, parseRoom } from './journal/rooms.ts'
export type { State } from './journal/state.ts'
export type { Result } from './result.ts'
export { err, ok } from './result.ts'
