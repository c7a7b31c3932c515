/**
 * Day End as a computed tally certificate: `dayEndChecklist` lists every check with pass/fail and why; only
 * when all pass may the day be ended, which seals it with a digest of its events. Events of a locked day that
 * arrive later become late entries for review (and a `posted-after-day-end` conflict).
 */

import { checkPolicy, createBalances, paise } from '@dak/ledger'
import * as v from 'valibot'
import {
  balanceOf,
  CASH,
  postTransaction,
  reverseTransaction,
  stockOf,
  toMinorUnits,
} from '../custody/custody-module.ts'
import { domainError } from '../events/domain-error.ts'
import { type CommandContext, type DakEvent, stamp } from '../events/envelope.ts'
import { identityModule } from '../identity/identity-module.ts'
import type { Command, Conflict } from '../journal/module.ts'
import type { State } from '../journal/state.ts'
import { mailModule } from '../mail/mail-module.ts'
import { parsePayload } from '../office/parse-payload.ts'
import { authorize } from '../office/permissions.ts'
import { err, ok } from '../result.ts'
import { moneyToPaise, paiseToString, transfer } from './cash-count.ts'
import { openConflicts } from './day-conflicts.ts'
import { daySeal } from './day-digest.ts'
import { accounts, type DayState, dayKey, type HeldConflict } from './day-state.ts'

/** Event types that never make a late entry: the day's own lifecycle, resolutions and reference data. */
export const NEVER_LATE =
  /^(day\.ended|day\.reversed|day\.holiday-permitted|conflict\.resolved|office\.|staff\.|role\.|device\.)/

export interface ChecklistItem {
  /** Stable id of the check, e.g. `shifts-ended`. */
  readonly id: string
  readonly pass: boolean
  /** Why it passes or, when it fails, what is wrong and what to do. */
  readonly reason: string
}

export const dayEndSchema = v.strictObject({})

const item = (id: string, failures: string[], passReason: string): ChecklistItem =>
  failures.length === 0
    ? { id, pass: true, reason: passReason }
    : { id, pass: false, reason: failures.join('; ') }

/** Open conflicts that concern the office (day conflicts by their events' office; other modules' all). */
function conflictsOf(state: State, office: string): Conflict[] {
  const day = Object.values(state.day.conflicts)
    .filter((c) => !c.resolved && c.held.some((e) => e.office === office))
    .map((c) => c.conflict)
  // Other modules are reached directly (not through journal/modules.ts) to keep the import graph acyclic.
  return [...day, ...identityModule.conflicts(state.identity), ...mailModule.conflicts(state.mail)]
}

/** Σ of the treasury legs of the office day's transactions (paise). */
function treasuryMovements(state: State, office: string, date: string): number {
  const treasury = accounts.treasury(office)
  let sum = 0
  for (const id of state.custody.order) {
    const tx = state.custody.posted[id]
    if (!tx || tx.office !== office || tx.date !== date) continue
    for (const p of tx.postings)
      if (p.account === treasury && p.commodity === CASH) sum += toMinorUnits(CASH, p.amount) ?? 0
  }
  return sum
}

/** Every Day End check for `office` on `date`, each with pass/fail and its reason. */
export function dayEndChecklist(state: State, office: string, date: string): ChecklistItem[] {
  const day = state.day.days[dayKey(office, date)]
  if (day?.status !== 'begun')
    return [
      {
        id: 'day-begun',
        pass: false,
        reason: `The day ${date} of ${office} is ${day ? 'already ended' : 'not begun'}.`,
      },
    ]
  const duties = Object.values(state.day.duties).filter((d) => d.office === office && d.date === date)
  const shifts = duties
    .filter((d) => d.status !== 'ended' && d.status !== 'refused')
    .map(
      (d) =>
        `duty ${d.id} of ${d.staff} is ${d.status}; submit, verify and end it (or force-end it with a reason)`,
    )
  const counters = duties
    .filter(
      (d) =>
        balanceOf(state.custody, accounts.counter(d.id)) !== 0 ||
        Object.keys(stockOf(state.custody, accounts.counter(d.id))).length > 0,
    )
    .map(
      (d) =>
        `counter of duty ${d.id} still holds ${paiseToString(balanceOf(state.custody, accounts.counter(d.id)))} or stock`,
    )
  const advances = Object.values(state.day.advances)
    .filter((a) => a.office === office && a.status === 'issued')
    .map((a) => `advance ${a.id} was issued but not acknowledged by duty ${a.duty}`)
  const treasury = balanceOf(state.custody, accounts.treasury(office))
  const before = day.treasuryBefore
  const moved = treasuryMovements(state, office, date)
  const tally =
    before + moved === treasury
      ? []
      : [
          `treasury holds ${paiseToString(treasury)} but the day's transactions give ${paiseToString(before + moved)}; review late entries`,
        ]
  const bags = Object.values(state.day.bags)
    .filter(
      (b) =>
        (b.from === office || b.to === office) && b.status !== 'received' && !b.carriedOver.includes(date),
    )
    .map(
      (b) =>
        `cash bag ${b.bagNo} (${b.from} → ${b.to}) is ${b.status}; receive it or carry it over with a reason`,
    )
  const discrepancies = Object.values(state.day.discrepancies)
    .filter((d) => d.office === office && !d.settled)
    .map((d) => `${d.kind} of ${d.amount} on cash bag ${d.bagNo} is open; settle it`)
  const conflicts = conflictsOf(state, office).map((c) => `conflict ${c.id} is open: ${c.message}`)
  const late = Object.values(state.day.lateEntries)
    .filter((l) => l.office === office && !l.reviewed)
    .map((l) => `late entry ${l.event} (${l.type}) for locked day ${l.date} awaits review`)
  // COD collected on the beat must be deposited before the day ends (domain.md b5, e.8).
  const cod = Object.values(state.office.staff)
    .filter((st) => st.office === office && balanceOf(state.custody, `cod-pouch:${st.id}`) !== 0)
    .map(
      (st) =>
        `${st.id} still holds ${paiseToString(balanceOf(state.custody, `cod-pouch:${st.id}`))} of COD; deposit it to the treasury`,
    )
  const o = state.office.offices[office]
  // The office's authorised balance is `@dak/ledger` cash policy, checked on the treasury (every counter has
  // returned its cash by now, or `counters-returned` fails); an explained breach (max or min) passes.
  const outside =
    o && day.breachReasons.length === 0
      ? checkPolicy(
          { maxCash: paise(moneyToPaise(o.authorisedMax)), minCash: paise(moneyToPaise(o.authorisedMin)) },
          { balances: createBalances({ [accounts.treasury(office)]: { [CASH]: treasury } }) },
        ).map((b) => `${b.reason} Or explain the breach.`)
      : []
  return [
    { id: 'day-begun', pass: true, reason: `The day ${date} of ${office} is begun.` },
    item(
      'shifts-ended',
      shifts,
      'Every shift is submitted, verified and ended (or force-ended with a reason).',
    ),
    item('counters-returned', counters, 'Every counter has returned its cash and stock to the treasury.'),
    item('advances-acknowledged', advances, 'Every advance issued was acknowledged.'),
    item(
      'treasury-tallies',
      tally,
      `Treasury ${paiseToString(treasury)} equals the opening plus the day's transactions.`,
    ),
    item('cash-bags-closed', bags, 'No cash bag is left unacknowledged without a carry-over.'),
    item('no-open-discrepancy', discrepancies, 'No shortage or excess is open.'),
    item('no-open-conflict', conflicts, 'No conflict is open.'),
    item('cod-deposited', cod, 'Every COD amount collected is deposited in the treasury.'),
    item('late-entries-reviewed', late, 'No late entry awaits review.'),
    item(
      'authorised-balance',
      outside,
      'Treasury is within its authorised balance, or the breach is explained.',
    ),
  ]
}

export function endDay(state: State, command: Command, ctx: CommandContext) {
  const denied = authorize(state, ctx, 'day.end')
  if (denied) return err(denied)
  const p = parsePayload(dayEndSchema, command)
  if (!p.ok) return p
  const checklist = dayEndChecklist(state, ctx.office, ctx.date)
  const failing = checklist.filter((c) => !c.pass)
  if (failing.length > 0)
    return err(
      domainError(
        'day-end-checklist-failed',
        'the day may be ended only when every Day End check passes',
        `The day cannot end: ${failing.map((c) => `${c.id}: ${c.reason}`).join(' | ')}`,
        { failing },
      ),
    )
  const record = state.day.records[dayKey(ctx.office, ctx.date)]
  const treasury = accounts.treasury(ctx.office)
  return ok([
    stamp(ctx, 'day.ended', {
      digest: daySeal(record?.events ?? []),
      eventIds: [...(record?.eventIds ?? [])],
      closingCash: paiseToString(balanceOf(state.custody, treasury)),
      closingStock: stockOf(state.custody, treasury),
    }),
  ])
}

/**
 * The office's later day that makes `event` late although this fold never saw its own day end: its day has not
 * begun in the fold and the office has already begun a later business date (the `day.begun` id), else null.
 */
export function movedOnFrom(slice: DayState, event: DakEvent): string | null {
  // cheapest first: nearly every event belongs to a day the fold holds
  if (slice.days[dayKey(event.office, event.date)]) return null
  const latest = slice.latest[event.office]
  if (latest === undefined || latest <= event.date || NEVER_LATE.test(event.type)) return null
  return slice.days[dayKey(event.office, latest)]?.begunEvent ?? null
}

/**
 * On a Day Begin: the events already folded for earlier dates of the office whose day this fold never saw
 * begin become late entries (the same ones `movedOnFrom` catches when they fold after it).
 */
export function markEarlierDaysLate(slice: DayState, begun: DakEvent): void {
  if (slice.days[dayKey(begun.office, begun.date)]?.begunEvent !== begun.id) return
  for (const [key, record] of Object.entries(slice.records)) {
    if (slice.days[key]) continue
    for (const e of record.events)
      if (e.office === begun.office && e.date < begun.date && !NEVER_LATE.test(e.type))
        recordLateEntry(slice, e, begun.id)
  }
}

/**
 * Records a late entry: an event for a locked day, applied (its money is real) but flagged for review.
 * `closedBy` is what closed the day to it: the day's `day.ended`, or a later Day Begin of the office.
 */
export function recordLateEntry(slice: DayState, event: DakEvent, closedBy: string): void {
  if (slice.lateEntries[event.id]) return
  slice.lateEntries[event.id] = {
    event: event.id,
    office: event.office,
    date: event.date,
    type: event.type,
    reviewed: false,
  }
  const id = `posted-after-day-end:${event.id}`
  slice.conflicts[id] = {
    conflict: {
      id,
      kind: 'posted-after-day-end',
      subject: dayKey(event.office, event.date),
      events: [closedBy, event.id],
      resolutions: ['accept-late', 'reverse'],
      message: `${event.type} by ${event.actor} belongs to the locked day ${event.date} of ${event.office}; accept it as a late entry or reverse it.`,
    },
    standing: closedBy,
    held: [event],
    resolved: false,
  }
}

export function applyDayEnded(slice: DayState, event: DakEvent): void {
  const day = slice.days[dayKey(event.office, event.date)]
  if (day?.status !== 'begun') return
  const p = event.payload as {
    digest: string
    eventIds: string[]
    closingCash: string
    closingStock: Record<string, number>
  }
  const sealed = new Set(p.eventIds)
  const eventsById = new Map<string, DakEvent>()
  for (const c of Object.values(slice.conflicts)) for (const e of c.held) eventsById.set(e.id, e)
  day.status = 'ended'
  day.ended = { event: event.id, digest: p.digest, closingCash: p.closingCash, closingStock: p.closingStock }
  // Events folded before the end that the postmaster's device had not seen were posted offline meanwhile.
  const record = slice.records[dayKey(event.office, event.date)]
  for (const [i, id] of (record?.eventIds ?? []).entries()) {
    const type = record?.eventTypes[i] ?? 'unknown'
    if (sealed.has(id) || NEVER_LATE.test(type)) continue
    recordLateEntry(slice, { ...event, id, type, actor: record?.eventActors[i] ?? 'unknown' }, event.id)
  }
}

/** Applies a resolution of a `posted-after-day-end` conflict. */
export function resolveLateEntry(
  slice: DayState,
  held: HeldConflict,
  resolution: string,
  event: DakEvent,
  state: State,
) {
  const late = held.held[0]
  if (!late) return
  const entry = slice.lateEntries[late.id]
  if (entry) entry.reviewed = true
  const meta = { office: event.office, date: event.date }
  if (resolution === 'reverse') {
    reverseTransaction(state.custody, late.id, `${event.id}:reverse:${late.id}`, meta)
    return
  }
  // Accepted: cash a late event left on the counter of a shift that has since ended goes to the treasury. A duty
  // this fold does not hold belongs to a day it never saw (a sealed day's entry re-posted into the next day's
  // room): that day has ended, so its shift has too, and the cash goes to the late entry's office.
  for (const p of state.custody.posted[late.id]?.postings ?? []) {
    if (!p.account.startsWith('counter:')) continue
    const duty = slice.duties[p.account.slice('counter:'.length)]
    if (duty && duty.status !== 'ended') continue
    const cash = balanceOf(state.custody, p.account)
    const office = duty?.office ?? late.office
    const sweep = transfer(p.account, accounts.treasury(office), cash, stockOf(state.custody, p.account))
    if (sweep.length > 0) postTransaction(state.custody, `${event.id}:sweep:${p.account}`, sweep, meta)
  }
}

export { openConflicts }
