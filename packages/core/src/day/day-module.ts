/**
 * The `day` slice (issue 7): office day, shifts and duties, advances, cash requests and cash bags, Close
 * Account, Day End — commands, fold and conflicts. Money moves through the custody slice, posted here only for
 * events this module accepts (see `custody/custody-module.ts`).
 */
import { reverseTransaction } from '../custody/custody-module.ts'
import type { DakEvent } from '../events/envelope.ts'
import type { CommandHandler, DomainModule } from '../journal/module.ts'
import type { State } from '../journal/state.ts'
import type { Role } from '../office/office-types.ts'
import { PERMISSIONS, rolesIn } from '../office/permissions.ts'
import { applyCashEvent, postReceipt, undoReceipt } from './cash-fold.ts'
import {
  approveCash,
  carryOverBag,
  dispatchBag,
  explainBreach,
  packBag,
  receiveBag,
  refuseCash,
  requestCash,
  settleDiscrepancy,
} from './cash-movement.ts'
import {
  applyCloseEvent,
  endShift,
  forceEndShift,
  makeGood,
  submitAccount,
  verifyAccount,
  witnessCount,
} from './close-account.ts'
import {
  applyDayBegun,
  applyDayReversed,
  applyHolidayPermitted,
  applyOpeningDifference,
  beginDay,
  permitHoliday,
  postDayOpening,
  reverseDay,
} from './day-begin.ts'
import { openConflicts } from './day-conflicts.ts'
import {
  applyDayEnded,
  endDay,
  markEarlierDaysLate,
  movedOnFrom,
  NEVER_LATE,
  recordLateEntry,
  resolveLateEntry,
} from './day-end.ts'
import { dayPayloadSchemas } from './day-schemas.ts'
import { createDayState, type DayState, dayKey, type HeldConflict } from './day-state.ts'
import {
  acknowledgeAdvance,
  applyShiftEvent,
  approveDuty,
  beginShift,
  counterDeposit,
  counterWithdraw,
  issueAdvance,
  refuseDuty,
  requestAdvance,
  requestDuty,
} from './shift.ts'

export type { DayState } from './day-state.ts'

type Applier = (slice: DayState, event: DakEvent, state: State) => void

const APPLIERS: Record<string, Applier> = {
  'day.begun': applyDayBegun,
  'day.opening-difference.recorded': applyOpeningDifference,
  'day.ended': applyDayEnded,
  'day.reversed': applyDayReversed,
  'day.holiday-permitted': applyHolidayPermitted,
}
for (const t of [
  'duty.requested',
  'duty.approved',
  'duty.refused',
  'shift.begun',
  'advance.requested',
  'advance.issued',
  'advance.acknowledged',
  'counter.transacted',
])
  APPLIERS[t] = applyShiftEvent
for (const t of [
  'cash.requested',
  'cash.approved',
  'cash.refused',
  'cashbag.packed',
  'cashbag.dispatched',
  'cashbag.received',
  'cashbag.carried-over',
  'cash.discrepancy.settled',
  'balance.breach.explained',
])
  APPLIERS[t] = applyCashEvent
for (const t of [
  'account.submitted',
  'account.count-witnessed',
  'account.verified',
  'shift.ended',
  'shift.force-ended',
  'ucp.made-good',
])
  APPLIERS[t] = applyCloseEvent

const RESOLVERS: Record<
  string,
  (slice: DayState, c: HeldConflict, resolution: string, event: DakEvent, state: State) => void
> = {
  'day-begun-twice': (slice, c, resolution, event, state) => {
    const chosen = c.held.find((e) => e.type === 'day.begun')
    if (resolution !== 'keep-second' || !chosen) return
    const day = slice.days[dayKey(chosen.office, chosen.date)]
    const meta = { office: event.office, date: event.date }
    reverseTransaction(state.custody, c.standing, `${event.id}:undo:${c.standing}`, meta)
    if (day?.openingDifferenceEvent)
      reverseTransaction(
        state.custody,
        day.openingDifferenceEvent,
        `${event.id}:undo:${day.openingDifferenceEvent}`,
        meta,
      )
    postDayOpening(slice, chosen, state)
    for (const e of c.held)
      if (e.type === 'day.opening-difference.recorded') applyOpeningDifference(slice, e, state)
  },
  'cash-approved-twice': (slice, c, resolution) => {
    const chosen = c.held[0]
    const req = slice.cashRequests[c.conflict.subject]
    if (resolution !== 'keep-second' || !chosen || !req) return
    req.approvals = [chosen.id]
    req.approvedAmount = (chosen.payload as { amount: string }).amount
  },
  'cashbag-received-twice': (slice, c, resolution, event, state) => {
    const chosen = c.held[0]
    if (resolution !== 'keep-second' || !chosen) return
    undoReceipt(slice, c.standing, event, state)
    postReceipt(slice, chosen, state)
  },
  'posted-after-day-end': resolveLateEntry,
}

function applyResolution(slice: DayState, event: DakEvent, state: State): void {
  const p = event.payload as { conflictId: string; resolution: string }
  const c = slice.conflicts[p.conflictId]
  if (!c || c.resolved) return
  // The journal's `conflict.resolve` checks no role, so the fold does: a resolution by someone who may not
  // resolve day conflicts in that office is kept in the journal but changes nothing, on every device alike.
  const may: readonly Role[] = PERMISSIONS['conflict.resolve'].roles
  if (!rolesIn(state, event.actor, event.office).some((r) => may.includes(r))) return
  c.resolved = true
  RESOLVERS[c.conflict.kind]?.(slice, c, p.resolution, event, state)
}

/**
 * Records the event in its office day's record (for the seal) — from the first event of that office and date,
 * Day Begin or not — or, if that day is locked, as a late entry.
 */
function track(slice: DayState, event: DakEvent, statusBefore: 'begun' | 'ended' | undefined): void {
  if (event.type === 'day.ended') return
  const key = dayKey(event.office, event.date)
  if (statusBefore === 'ended' && !NEVER_LATE.test(event.type)) {
    recordLateEntry(slice, event, slice.days[key]?.ended?.event ?? '')
    return
  }
  // A day this fold never saw begin, of a date before a day the office has begun: the office has moved on, so
  // its events are late — e.g. a sealed day's entries re-posted into the next day's room, whose fold does not
  // hold the ended day (and its `day.ended`) at all.
  const moved = movedOnFrom(slice, event)
  if (moved) {
    recordLateEntry(slice, event, moved)
    return
  }
  // Resolutions and reference events after the end belong to no sealed day; a reversal reopens it.
  const status = slice.days[key]?.status
  if (status === 'ended' && event.type !== 'day.reversed') return
  const record = slice.records[key] ?? { eventIds: [], eventTypes: [], eventActors: [], events: [] }
  slice.records[key] = record
  record.eventIds.push(event.id)
  record.eventTypes.push(event.type)
  record.eventActors.push(event.actor)
  // The event itself, not its hash: hashing here would dominate the fold; Day End seals the day (`daySeal`).
  record.events.push(event)
}

const commands: Record<string, CommandHandler> = {
  'day.begin': beginDay,
  'day.end': endDay,
  'day.reverse': reverseDay,
  'day.permit-holiday': permitHoliday,
  'duty.request': requestDuty,
  'duty.approve': approveDuty,
  'duty.refuse': refuseDuty,
  'shift.begin': beginShift,
  'advance.request': requestAdvance,
  'advance.issue': issueAdvance,
  'advance.acknowledge': acknowledgeAdvance,
  'counter.deposit': counterDeposit,
  'counter.withdraw': counterWithdraw,
  'cash.request': requestCash,
  'cash.approve': approveCash,
  'cash.refuse': refuseCash,
  'cashbag.pack': packBag,
  'cashbag.dispatch': dispatchBag,
  'cashbag.receive': receiveBag,
  'cashbag.carry-over': carryOverBag,
  'cash.discrepancy.settle': settleDiscrepancy,
  'balance.breach.explain': explainBreach,
  'account.submit': submitAccount,
  'account.witness-count': witnessCount,
  'account.verify': verifyAccount,
  'shift.end': endShift,
  'shift.force-end': forceEndShift,
  'ucp.make-good': makeGood,
}

// structuredClone is in every runtime core targets but not in the ES lib typings.
const deepClone = (globalThis as unknown as { structuredClone<T>(value: T): T }).structuredClone

/**
 * A copy for fold checkpoints: everything deep-copied except the day records' events, which are shared
 * (immutable) so a checkpoint copies no payloads and the seal's memoised hashes survive a re-fold.
 */
export function cloneDayState(slice: DayState): DayState {
  const { records, ...rest } = slice
  const copy: DayState = { ...deepClone(rest), records: {} }
  for (const [key, r] of Object.entries(records))
    copy.records[key] = {
      eventIds: r.eventIds.slice(),
      eventTypes: r.eventTypes.slice(),
      eventActors: r.eventActors.slice(),
      events: r.events.slice(),
    }
  return copy
}

export const dayModule: DomainModule<'day'> = {
  name: 'day',
  init: createDayState,
  clone: cloneDayState,
  apply(slice, event, state) {
    const statusBefore = slice.days[dayKey(event.office, event.date)]?.status
    // An event for a locked day is still applied — the cash really changed hands offline — and `track` flags it
    // as a late entry for the supervisor to accept or reverse.
    if (event.type === 'conflict.resolved') applyResolution(slice, event, state)
    else APPLIERS[event.type]?.(slice, event, state)
    track(slice, event, statusBefore)
    // Events of earlier, never-begun days folded before this Day Begin are late too, whatever the fold order.
    if (event.type === 'day.begun') markEarlierDaysLate(slice, event)
  },
  conflicts: openConflicts,
  commands,
  payloadSchemas: dayPayloadSchemas,
}
