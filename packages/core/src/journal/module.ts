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

/** Decides one command against the current state. `S` is the whole state (the real `State` unless in a test kernel). */
export type CommandHandler<S = State> = (
  state: S,
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

/**
 * A module over any state shape `S` owning the slice `S[K]`. The journal machinery (`createKernel`) works on
 * this, so tests can run the real modules next to test-only ones; domain code uses `DomainModule`.
 */
export interface SliceModule<S, K extends keyof S> {
  /** The key of this module's slice in the state. */
  readonly name: K
  init(): S[K]
  /**
   * Applies one event to this module's slice **in place**: the fold owns the draft and copies it where it needs
   * snapshots. Must be deterministic: no clock, no randomness, no iteration over unordered sources.
   * `state` is the whole state (read it, do not mutate it): slices of modules earlier in the module list
   * already include this event, later ones do not yet. The slice must be an object (it is mutated in place).
   * A `conflict.resolved` event reaches only the module whose open conflicts hold its `conflictId`, and only
   * with one of that conflict's allowed resolutions.
   */
  apply(slice: S[K], event: DakEvent, state: S): void
  /**
   * Deep copy of the slice for fold checkpoints. Optional: the default is `structuredClone`, which suits plain
   * objects, arrays, Maps and Sets; provide this if the slice holds class instances (e.g. `Decimal`).
   */
  clone?(slice: S[K]): S[K]
  /** Open conflicts held in this slice. */
  conflicts(slice: S[K]): readonly Conflict[]
  /** Command handlers by command type (e.g. `day.begin`). Command types are unique across modules. */
  readonly commands: Readonly<Record<string, CommandHandler<S>>>
  /**
   * Valibot schemas of this module's event payloads, by event type and version (`{ 'day.begun': { 1: schema } }`).
   * The journal validates incoming events with them (devices and the server run the same check); a version
   * greater than any listed here is kept and passed on untouched, but not folded. Event types no module lists
   * are folded as they are (every module ignores types it does not handle).
   */
  readonly payloadSchemas?: Readonly<Record<string, Readonly<Record<number, GenericSchema>>>>
}

/** The contract every domain area implements: a `SliceModule` over the real `State`. */
export type DomainModule<K extends keyof State = keyof State> = SliceModule<State, K>
