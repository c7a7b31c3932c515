/**
 * The default validator: `@dak/core/yjs` `inspectUpdate` (the same append-only journal rules and event
 * schemas the devices run), plus the room rule the server owns: an event in a day room is for that room's
 * office, and an event in an inbox is from the writer's own office.
 */
import { inspectUpdate, type JournalViolationCode } from '@dak/core/yjs'
import * as Y from 'yjs'
import type { JournalEvent, UpdateValidator, ViolationCode } from './validate.ts'

const CODES: Record<JournalViolationCode, ViolationCode> = {
  'update-malformed': 'undecodable',
  'journal-deletion': 'deletion',
  'journal-overwrite': 'overwrite',
  'journal-foreign-content': 'not-an-append',
  'journal-event-invalid': 'malformed-event',
  'journal-key-mismatch': 'malformed-event',
}

/** Wraps core's `inspectUpdate` as an `UpdateValidator`, mapping its codes to the server's close codes. */
export function createCoreValidator(): UpdateValidator {
  return {
    inspect(doc, update, ctx) {
      const r = inspectUpdate(doc, update)
      if (!r.ok) {
        const { code, message, key } = r.error
        return { ok: false, error: { code: CODES[code], message, ...(key ? { eventId: key } : {}) } }
      }
      const added = r.value.added
      const expected = ctx.kind.kind === 'day' ? ctx.kind.office : ctx.tokenOffice
      if (ctx.kind.kind === 'day' || ctx.kind.kind === 'inbox') {
        const wrong = added.find((e) => e.office !== expected)
        if (wrong) {
          return {
            ok: false,
            error: {
              code: 'wrong-office',
              message: `event ${wrong.id} is for office ${wrong.office}, expected ${expected}`,
              eventId: wrong.id,
            },
          }
        }
      }
      // core reports events, not their Yjs client ids; the server asks for those only when it must drop some
      return {
        ok: true,
        value: added.map((e) => ({ client: UNKNOWN_CLIENT, event: e as unknown as JournalEvent })),
      }
    },
  }
}

/** Marks an `AddedEvent` whose Yjs client id was not computed (see `clientsOfEvents`). */
export const UNKNOWN_CLIENT = -1

/** The Yjs client id that wrote each journal key in `update`. */
export function clientsOfEvents(update: Uint8Array): Map<string, number> {
  const out = new Map<string, number>()
  for (const s of Y.decodeUpdate(update).structs) {
    if (s instanceof Y.Item && s.parentSub !== null) out.set(s.parentSub, s.id.client)
  }
  return out
}
