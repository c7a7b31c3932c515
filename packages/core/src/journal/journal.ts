/**
 * The journal functions over the real domain modules (`journal/modules.ts`): what the PWA and the sync server
 * call. The kernel is built on first use, so a module file that imports from here does not trip over the
 * module list while it is still loading.
 */
import type { DomainError } from '../events/domain-error.ts'
import type { CommandContext, DakEvent } from '../events/envelope.ts'
import type { EventError, EventSupport } from '../events/parse-event.ts'
import type { Result } from '../result.ts'
import type { Folder, FolderOptions } from './folder.ts'
import { createKernel, type Kernel } from './kernel.ts'
import type { Command, Conflict } from './module.ts'
import { modules } from './modules.ts'
import type { State } from './state.ts'

let kernel: Kernel<State> | undefined

/** The kernel over the real modules. */
export function journalKernel(): Kernel<State> {
  kernel ??= createKernel<State>(modules)
  return kernel
}

/** A fresh, empty state. */
export function initialState(): State {
  return journalKernel().init()
}

/**
 * Decides a command: the events it produces, or a typed `DomainError` (`unknown-command` for a type no module
 * handles). Pure: ids, time and HLC stamps come from `ctx`.
 */
export function decide(state: State, command: Command, ctx: CommandContext): Result<DakEvent[], DomainError> {
  return journalKernel().decide(state, command, ctx)
}

/** Pure: the state after `event` (the input state is left untouched). */
export function evolve(state: State, event: DakEvent): State {
  return journalKernel().evolve(state, event)
}

/** Folds events in any order and with any duplicates into the state: dedupe by id, sort by (hlc, id), apply. */
export function fold(events: Iterable<DakEvent>): State {
  return journalKernel().fold(events)
}

/** Every open conflict in the state, module by module. */
export function openConflicts(state: State): Conflict[] {
  return journalKernel().openConflicts(state)
}

/** Validates untrusted input as an event (envelope, then the owning module's payload schema). */
export function parseEvent(input: unknown): Result<DakEvent, EventError> {
  return journalKernel().parseEvent(input)
}

/** `current` and `unowned` events are folded; `future` ones (a newer version) are kept and passed on only. */
export function eventSupportOf(event: DakEvent): EventSupport {
  return journalKernel().support(event)
}

/** An incremental folder over the real modules; its state always equals `fold` of everything added. */
export function createJournalFolder(options?: FolderOptions): Folder<State> {
  return journalKernel().createFolder(options)
}
