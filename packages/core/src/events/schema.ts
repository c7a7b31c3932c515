/**
 * The envelope schema (valibot). Every device and the sync server check incoming events with it, so a
 * malformed event never reaches the fold. Payloads are checked separately by the owning module's schema.
 */
import * as v from 'valibot'
import { isCalendarDate, isHlc } from './hlc.ts'
import { ID_PATTERN } from './ids.ts'

/** `yyyy-mm-dd` that is a real calendar date (no 2026-02-30). Arithmetic only: it runs on every event. */
export function isBusinessDate(text: string): boolean {
  const m = DATE_PATTERN.exec(text)
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

const TYPE_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/

const idString = (what: string) =>
  v.pipe(
    v.string(`${what} must be a string`),
    v.regex(ID_PATTERN, `${what} must be 1-128 characters from A-Z a-z 0-9 . _ : ~ -`),
  )

/**
 * The envelope of a `DakEvent`. Strict: an unknown envelope field is refused, because signatures cover the
 * whole envelope and a field one side drops would break them; new fields need a coordinated change.
 */
export const envelopeSchema = v.strictObject(
  {
    id: idString('id'),
    type: v.pipe(
      v.string('type must be a string'),
      v.maxLength(64, 'type must be at most 64 characters'),
      v.regex(TYPE_PATTERN, 'type must be dotted lower-case words, e.g. "day.begun"'),
    ),
    v: v.pipe(
      v.number('v must be a number'),
      v.integer('v must be an integer'),
      v.minValue(1, 'v must be at least 1'),
    ),
    office: idString('office'),
    date: v.pipe(
      v.string('date must be a string'),
      v.check(isBusinessDate, 'date must be a real yyyy-mm-dd date'),
    ),
    actor: idString('actor'),
    device: idString('device'),
    duty: v.nullable(idString('duty')),
    hlc: v.pipe(
      v.string('hlc must be a string'),
      v.check(isHlc, 'hlc must be "<ISO-8601 UTC ms>-<4 hex counter>-<node>"'),
    ),
    at: v.pipe(
      v.number('at must be a number'),
      v.integer('at must be integer epoch ms'),
      v.minValue(0, 'at must not be negative'),
    ),
    payload: v.pipe(
      v.unknown(),
      v.check((p) => p !== undefined, 'payload is required (use {} when there is nothing to say)'),
    ),
    sig: v.optional(v.string('sig must be a string')),
    prev: v.optional(v.string('prev must be a string')),
  },
  'an event must be an object with exactly the envelope fields id, type, v, office, date, actor, device, duty, hlc, at, payload (and optional sig, prev)',
)

/** Payload of `conflict.resolved`, the one event type the journal itself owns. */
export const conflictResolvedSchema = v.strictObject({
  conflictId: v.pipe(v.string(), v.minLength(1, 'conflictId is required')),
  resolution: v.pipe(v.string(), v.minLength(1, 'resolution is required')),
  reason: v.pipe(v.string(), v.maxLength(500, 'reason must be at most 500 characters')),
})

/** The payload of `conflict.resolved`: which conflict, which allowed resolution, and why (free text). */
export type ConflictResolvedPayload = v.InferOutput<typeof conflictResolvedSchema>

/** The event type that resolves a conflict; routed by the fold to the module that owns the conflict. */
export const CONFLICT_RESOLVED = 'conflict.resolved'
