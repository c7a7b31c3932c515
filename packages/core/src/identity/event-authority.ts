/**
 * Who may have made an event: the role check a command ran, applied again to an event already made, against
 * the office state folded up to that event (reference data plus role grants journaled before it, in (hlc, id)
 * order). The fold, the sync server and every peer run this one function, so a clerk's device that signs a
 * `role.granted` for its own staff, or approves what only a postmaster may, is refused or flagged the same way
 * everywhere.
 *
 * Roles only: the duty a command also asks for (an approved, begun shift) is the day module's business and is
 * not re-checked here. Events of types not listed are not checked (mail events: their module holds its own
 * permission table).
 */
import * as v from 'valibot'
import type { DomainError } from '../events/domain-error.ts'
import type { DakEvent } from '../events/envelope.ts'
import { eventContext } from '../events/event-context.ts'
import type { State } from '../journal/state.ts'
import { type Action, authorize, PERMISSIONS } from '../office/permissions.ts'
import { eventByDeviceAdmin } from './device-admin.ts'
import { FLAG_REVIEWED, flagReviewerRefusal } from './flag-review.ts'
import { IDENTITY_EVENTS } from './identity-events.ts'
import { deviceEnrolledSchema } from './identity-schemas.ts'

/** The reference events of the office module: registrations and role grants (divisional admin only). */
export const REFERENCE_EVENT_TYPES: ReadonlySet<string> = new Set([
  'office.registered',
  'staff.registered',
  'device.registered',
  'role.granted',
  'role.revoked',
])

/**
 * The action behind each supervisory event of the day module: the same action its command authorizes (see
 * `day/*.ts`). Listed by event type because a peer sees events, not commands.
 */
const DAY_EVENT_ACTIONS: Readonly<Record<string, Action>> = {
  'day.begun': 'day.begin',
  'day.opening-difference.recorded': 'day.begin',
  'day.ended': 'day.end',
  'day.reversed': 'day.reverse',
  'day.holiday-permitted': 'day.reverse',
  'duty.approved': 'duty.decide',
  'duty.refused': 'duty.decide',
  'advance.issued': 'advance.issue',
  'cash.requested': 'cash.request',
  'cash.approved': 'cash.decide',
  'cash.refused': 'cash.decide',
  'cashbag.carried-over': 'supervise.day',
  'cash.discrepancy.settled': 'discrepancy.resolve',
  'balance.breach.explained': 'supervise.day',
  'account.count-witnessed': 'account.verify',
  'account.verified': 'account.verify',
  'shift.force-ended': 'shift.force-end',
  'ucp.made-good': 'discrepancy.resolve',
}

const IDENTITY_TYPES: ReadonlySet<string> = new Set(Object.values(IDENTITY_EVENTS))

/** The event types `eventAuthorityRefusal` checks (reference, identity, flag review and supervisory day events). */
export function checkedEventTypes(): readonly string[] {
  return [...REFERENCE_EVENT_TYPES, ...IDENTITY_TYPES, FLAG_REVIEWED, ...Object.keys(DAY_EVENT_ACTIONS)]
}

/**
 * Why the actor of `event` could not make it, judged on `state` as folded just before the event; null when they
 * could (or when nothing is checked for its type). Genesis rules as the commands: reference events are open
 * until a divisional admin is granted, the others until the office slice holds any role grant; a device
 * enrolling itself with a one-time code needs no role (the code is the authority).
 */
export function eventAuthorityRefusal(state: State, event: DakEvent): DomainError | null {
  const grants = state.office.grants
  if (REFERENCE_EVENT_TYPES.has(event.type)) {
    if (!grants.some((g) => g.role === 'divisional-admin')) return null
    return authorize(state, eventContext(event), 'reference.manage')
  }
  if (grants.length === 0) return null
  if (IDENTITY_TYPES.has(event.type)) {
    // the very check the fold and `verifyIncomingEvent` run on identity events
    return isSelfEnrolment(event) ? null : eventByDeviceAdmin(state, event)
  }
  if (event.type === FLAG_REVIEWED) return flagReviewerRefusal(state, eventContext(event))
  const action = DAY_EVENT_ACTIONS[event.type]
  if (action === undefined) return null
  // Roles only: `duties: null` (the duty is the day module's check, and needs the day's shifts folded).
  return authorize(state, eventContext(event), { ...PERMISSIONS[action], duties: null })
}

function isSelfEnrolment(event: DakEvent): boolean {
  if (event.type !== IDENTITY_EVENTS.deviceEnrolled || !v.is(deviceEnrolledSchema, event.payload))
    return false
  return event.payload.code !== undefined && event.payload.device === event.device
}
