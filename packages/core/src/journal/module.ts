/**
 * The contract every domain area (office reference data, day, mail, identity…) implements to take part in
 * `decide` and the fold. Areas own one slice of `State` each; the fold calls every module's `apply` for every
 * event in (hlc, id) order, so an area can react to another area's events (e.g. mail refuses bookings until the
 * day module has seen `day.begun`).
 */

import type { GenericSchema } from 'valibot'
import type { DomainError } from '../events/domain-error.ts'
import type { CommandContext, DakEvent } from '../events/envelope.ts'
import type { Result } from '../result.ts'
import type { State } from './state.ts'

/** A command: plain data from a form or a scan. Each handler validates its payload with a schema. */
export interface Command<T extends string = string, P = unknown> {
  readonly type: T
  readonly payload: P
}

export type CommandHandler = (
  state: State,
  command: Command,
  ctx: CommandContext,
) => Result<DakEvent[], DomainError>

/**
 * Something two devices did offline that cannot both stand. It is derived by the fold (never stored), names the
 * events involved and the resolutions allowed; a person resolves it with a `conflict.resolved` event whose
 * payload is `{ conflictId, resolution, reason }`, applied by the module that owns the conflict.
 * While it is open, neither side's money or articles are counted twice or lost.
 */
export interface Conflict {
  /** Deterministic, e.g. `bag-received-twice:EE123456789IN`, so every device names it the same. */
  readonly id: string
  readonly kind: string
  /** What it is about: a bag id, a cash request id, a business date… */
  readonly subject: string
  /** The ids of the events that clash, in fold order. */
  readonly events: readonly string[]
  /** The resolution codes a supervisor may choose from, e.g. `keep-first`, `keep-second`. */
  readonly resolutions: readonly string[]
  /** English explanation; the PWA shows its own translation by `kind`. */
  readonly message: string
}

export interface DomainModule<K extends keyof State = keyof State> {
  /** The key of this module's slice in `State`. */
  readonly name: K
  init(): State[K]
  /**
   * Applies one event to this module's slice **in place**: the fold owns the draft and copies it where it needs
   * snapshots. Must be deterministic: no clock, no randomness, no iteration over unordered sources.
   * `state` is the whole state *before* this event (other modules' slices included); do not mutate it.
   */
  apply(slice: State[K], event: DakEvent, state: State): void
  /** Open conflicts held in this slice. */
  conflicts(slice: State[K]): readonly Conflict[]
  /** Command handlers by command type (e.g. `day.begin`). Command types are unique across modules. */
  readonly commands: Readonly<Record<string, CommandHandler>>
  /**
   * Valibot schemas of this module's event payloads, by event type and version (`{ 'day.begun': { 1: schema } }`).
   * The journal validates incoming events with them (devices and the server run the same check); an event type
   * or version not listed here is kept and passed on untouched, but not folded.
   */
  readonly payloadSchemas?: Readonly<Record<string, Readonly<Record<number, GenericSchema>>>>
}
