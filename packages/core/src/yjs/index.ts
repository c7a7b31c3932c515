/**
 * `@dak/core/yjs`: the append-only journal over a Y.Doc, the update guard for the sync server, and room names.
 */

export type { Room, RoomError } from '../journal/rooms.ts'
export { dayRoom, inboxRoom, parseRoom } from '../journal/rooms.ts'
export type { InspectOptions, JournalViolation, JournalViolationCode } from './inspect-update.ts'
export { inspectUpdate } from './inspect-update.ts'
export type {
  EntryEncoding,
  JournalBatch,
  JournalError,
  JournalErrorCode,
  JournalOptions,
  RejectedEntry,
  YJournal,
} from './journal.ts'
export { createJournal, JOURNAL_MAP } from './journal.ts'
