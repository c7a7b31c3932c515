/**
 * Verifying a batch of incoming events, as one Yjs update from a device that was offline usually carries: the
 * events are checked in (hlc, id) order, and each one accepted moves a scratch copy of the chain heads (and of
 * the devices and roles, for identity events in the same batch) before the next is checked. A refused event's
 * successors are refused too (`chain-gap`), since what they link to is not held.
 */
import type { DakEvent } from '../events/envelope.ts'
import { compareEvents } from '../journal/order.ts'
import type { State } from '../journal/state.ts'
import { officeModule } from '../office/office-module.ts'
import { applyIdentity } from './identity-fold.ts'
import {
  type IncomingEventError,
  type VerifyIncomingOptions,
  verifyIncomingEvent,
} from './verify-incoming.ts'

// structuredClone exists in every runtime core targets but is not in the ES lib typings (as in journal/kernel.ts).
const deepClone = (globalThis as unknown as { structuredClone<T>(value: T): T }).structuredClone

export interface BatchVerdict {
  /** Accepted events, in (hlc, id) order: store and fold these. */
  readonly accepted: readonly DakEvent[]
  /** Refused events with the reason, in (hlc, id) order: report these to the sender. */
  readonly refused: readonly IncomingEventError[]
}

/** Verifies a batch against `state` without changing it. Never throws for bad input. */
export function verifyIncomingEvents(
  state: State,
  events: readonly DakEvent[],
  options: VerifyIncomingOptions = {},
): BatchVerdict {
  const scratch: State = {
    ...state,
    office: deepClone(state.office),
    identity: deepClone(state.identity),
  }
  const batch = new Map<string, DakEvent>()
  const getEvent = (id: string) => batch.get(id) ?? options.getEvent?.(id)
  const accepted: DakEvent[] = []
  const refused: IncomingEventError[] = []
  for (const event of [...events].sort(compareEvents)) {
    const r = verifyIncomingEvent(scratch, event, { ...options, getEvent })
    if (!r.ok) {
      refused.push(r.error)
      continue
    }
    accepted.push(event)
    batch.set(event.id, event)
    officeModule.apply(scratch.office, event, scratch)
    applyIdentity(scratch.identity, event, scratch)
  }
  return { accepted, refused }
}
