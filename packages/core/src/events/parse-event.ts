/**
 * Reading an event from untrusted input (a Yjs update, IndexedDB, the network): envelope first, then the payload
 * with the schema of the module that owns the event type and version.
 */
import * as v from 'valibot'
import { err, ok, type Result } from '../result.ts'
import type { DakEvent } from './envelope.ts'
import { CONFLICT_RESOLVED, conflictResolvedSchema, envelopeSchema } from './schema.ts'

/** Stable codes of `EventError`. */
export type EventErrorCode = 'event-malformed' | 'event-payload-invalid' | 'event-version-unsupported'

/** One problem found in an event, at a dotted path such as `payload.amount`. */
export interface EventIssue {
  readonly path: string
  readonly message: string
}

/** Why an event was refused. */
export interface EventError {
  readonly code: EventErrorCode
  readonly message: string
  /** The event id and type, when they could be read. */
  readonly id?: string
  readonly type?: string
  readonly issues: readonly EventIssue[]
}

/** Payload schemas by event type and version, as modules declare them in `payloadSchemas`. */
export type PayloadSchemas = Readonly<Record<string, Readonly<Record<number, v.GenericSchema>>>>

/** The payload schemas of a set of modules, indexed for lookups. */
export interface PayloadRegistry {
  /** Schema for (type, version), if declared. */
  schema(type: string, version: number): v.GenericSchema | undefined
  /** Highest declared version of a type, or undefined when no module declares the type. */
  maxVersion(type: string): number | undefined
}

/**
 * Builds a registry from modules' `payloadSchemas`, plus the journal's own `conflict.resolved`.
 * Throws if two modules declare the same event type (a programming error: event types are unique).
 */
export function createPayloadRegistry(
  declarations: readonly (PayloadSchemas | undefined)[],
): PayloadRegistry {
  const byType = new Map<string, Map<number, v.GenericSchema>>()
  const all: PayloadSchemas[] = [{ [CONFLICT_RESOLVED]: { 1: conflictResolvedSchema } }]
  for (const d of declarations) if (d) all.push(d)
  for (const decl of all) {
    for (const [type, versions] of Object.entries(decl)) {
      if (byType.has(type)) throw new Error(`event type "${type}" has payload schemas in two modules`)
      const m = new Map<number, v.GenericSchema>()
      for (const [ver, schema] of Object.entries(versions)) m.set(Number(ver), schema)
      byType.set(type, m)
    }
  }
  const max = new Map<string, number>()
  for (const [type, m] of byType) max.set(type, Math.max(...m.keys()))
  return {
    schema: (type, version) => byType.get(type)?.get(version),
    maxVersion: (type) => max.get(type),
  }
}

/**
 * How this build treats an event: `current` (a known type and version, folded), `future` (a version newer than
 * any this build knows: kept and passed on, not folded) or `unowned` (a type no module declares: folded as is,
 * modules ignore types they do not handle).
 */
export type EventSupport = 'current' | 'future' | 'unowned'

/** Classifies an already parsed event against a registry. */
export function eventSupport(event: DakEvent, registry: PayloadRegistry): EventSupport {
  const max = registry.maxVersion(event.type)
  if (max === undefined) return 'unowned'
  return event.v > max ? 'future' : 'current'
}

/**
 * Validates an unknown value as a `DakEvent`. The envelope must match `envelopeSchema`; the payload must match
 * the owning module's schema for its version. A version newer than any this build knows is accepted untouched
 * (it is kept and passed on, not folded); an older version with no schema is refused. The returned event keeps
 * the original payload object, so signatures over it stay valid.
 */
export function parseEvent(input: unknown, registry: PayloadRegistry): Result<DakEvent, EventError> {
  const env = v.safeParse(envelopeSchema, input)
  if (!env.success) {
    const { id, type } = readIdType(input)
    const issues = env.issues.map(toIssue)
    return err({
      code: 'event-malformed',
      message: `event ${id ?? '(no id)'} is malformed: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      ...(id === undefined ? {} : { id }),
      ...(type === undefined ? {} : { type }),
      issues,
    })
  }
  const event = env.output as DakEvent
  const max = registry.maxVersion(event.type)
  if (max === undefined || event.v > max) return ok(event)
  const schema = registry.schema(event.type, event.v)
  if (!schema) {
    return err({
      code: 'event-version-unsupported',
      message: `event ${event.id} has type ${event.type} version ${event.v}, which this build no longer reads; versions up to ${max} are known — migrate the event or update the module's payloadSchemas`,
      id: event.id,
      type: event.type,
      issues: [{ path: 'v', message: `no payload schema for version ${event.v}` }],
    })
  }
  const payload = v.safeParse(schema, event.payload)
  if (!payload.success) {
    const issues = payload.issues.map((i) => {
      const path = v.getDotPath(i)
      return { path: path ? `payload.${path}` : 'payload', message: i.message }
    })
    return err({
      code: 'event-payload-invalid',
      message: `event ${event.id} (${event.type} v${event.v}) has an invalid payload: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      id: event.id,
      type: event.type,
      issues,
    })
  }
  return ok(event)
}

function toIssue(issue: v.BaseIssue<unknown>): EventIssue {
  return { path: v.getDotPath(issue) ?? '(event)', message: issue.message }
}

function readIdType(input: unknown): { id?: string; type?: string } {
  if (typeof input !== 'object' || input === null) return {}
  const r = input as Record<string, unknown>
  return {
    ...(typeof r.id === 'string' ? { id: r.id.slice(0, 128) } : {}),
    ...(typeof r.type === 'string' ? { type: r.type.slice(0, 64) } : {}),
  }
}
