/**
 * The event envelope: every business action becomes one or more immutable events with this shape.
 * Events are facts: never edited, never deleted; a correction is a new event that references the old one.
 * Validation of envelopes and payloads lives in `events/schema.ts` (valibot), not here.
 */
export interface DakEvent<T extends string = string, P = unknown> {
  /** Unique id, minted by the device through `CommandContext.newId` (never by core). */
  readonly id: string
  /** Event type, dotted `area.fact`, e.g. `day.begun`, `bag.closed`. */
  readonly type: T
  /** Schema version of the payload for this type. Unknown future versions are kept and passed on. */
  readonly v: number
  /** Office id the event belongs to (the journal room is per office and business day). */
  readonly office: string
  /** Business date, `yyyy-mm-dd` in Asia/Kolkata. */
  readonly date: string
  /** Staff id of the person who did it. */
  readonly actor: string
  /** Device id it was done on. */
  readonly device: string
  /** Duty id under which it was done, or null for actions that need no duty (e.g. asking for one). */
  readonly duty: string | null
  /** Hybrid logical clock stamp; events fold in (hlc, id) order. */
  readonly hlc: string
  /** Wall-clock time on the device, epoch ms, for display only; ordering uses `hlc`. */
  readonly at: number
  readonly payload: P
  /** Device signature over the canonical encoding (identity issue); absent until signed. */
  readonly sig?: string
  /** Hash of the previous event of the same device in this office day (identity issue). */
  readonly prev?: string
}

/**
 * What a command handler gets from the outside world. Core never reads a clock, a random source or
 * storage: ids, time and HLC stamps are all injected here.
 */
export interface CommandContext {
  readonly office: string
  readonly date: string
  readonly actor: string
  readonly device: string
  readonly duty: string | null
  /** Device wall clock, epoch ms. */
  readonly now: number
  newId(): string
  nextHlc(): string
}

/** Builds one event from a context: the only place envelopes are created from commands. */
export function stamp<T extends string, P>(ctx: CommandContext, type: T, payload: P, v = 1): DakEvent<T, P> {
  return {
    id: ctx.newId(),
    type,
    v,
    office: ctx.office,
    date: ctx.date,
    actor: ctx.actor,
    device: ctx.device,
    duty: ctx.duty,
    hlc: ctx.nextHlc(),
    at: ctx.now,
    payload,
  }
}
