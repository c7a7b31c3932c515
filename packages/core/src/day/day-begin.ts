/**
 * b1 Office day: Day Begin (opening cash and stock, a difference from the last close as its own event) and the
 * divisional reversal of a Day End.
 */
import * as v from 'valibot'
import { balanceOf, CASH, postTransaction, stockOf } from '../custody/custody-module.ts'
import { domainError } from '../events/domain-error.ts'
import { type CommandContext, type DakEvent, stamp } from '../events/envelope.ts'
import type { Command } from '../journal/module.ts'
import type { State } from '../journal/state.ts'
import { parsePayload } from '../office/parse-payload.ts'
import { authorize } from '../office/permissions.ts'
import { err, ok } from '../result.ts'
import { countPaise, denominationsSchema, paiseToString, stockSchema, transfer } from './cash-count.ts'
import { holdConflict } from './day-conflicts.ts'
import { dayEndChecklist } from './day-end.ts'
import { accounts, type DayState, type Denominations, dayKey } from './day-state.ts'

export const dayBeginSchema = v.strictObject({ cash: denominationsSchema, stock: stockSchema })

export const dayBegunSchema = v.looseObject({
  cash: denominationsSchema,
  openingCash: v.string(),
  stock: stockSchema,
  postings: v.array(v.looseObject({ account: v.string(), commodity: v.string(), amount: v.string() })),
})

export const dayReverseSchema = v.strictObject({
  date: v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be yyyy-mm-dd')),
  reason: v.pipe(v.string(), v.minLength(5, 'a reversal needs a reason of at least 5 characters')),
})

const RULE_BEGIN = 'a day may begin only when the previous day of the office is ended'
const RULE_HOLIDAY = 'a branch office works on a Sunday only with the divisional office’s permission'

/** True for a Sunday (the business date is a calendar date; its weekday does not depend on a time zone). */
export function isSunday(date: string): boolean {
  return new Date(`${date}T00:00:00.000Z`).getUTCDay() === 0
}

export const holidayPermitSchema = v.strictObject({
  date: v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be yyyy-mm-dd')),
  reason: v.pipe(v.string(), v.minLength(5, 'a permission needs a reason of at least 5 characters')),
})

/** The divisional office allows a BO to open on a Sunday (b1, b7). */
export function permitHoliday(state: State, command: Command, ctx: CommandContext) {
  const denied = authorize(state, ctx, 'day.reverse')
  if (denied) return err(domainError(denied.code, RULE_HOLIDAY, denied.message, denied.details))
  const p = parsePayload(holidayPermitSchema, command)
  if (!p.ok) return p
  return ok([{ ...stamp(ctx, 'day.holiday-permitted', p.value), date: p.value.date }])
}

export function applyHolidayPermitted(slice: DayState, event: DakEvent): void {
  slice.holidayPermits[dayKey(event.office, event.date)] ??= (event.payload as { reason: string }).reason
}

export function beginDay(state: State, command: Command, ctx: CommandContext) {
  const denied = authorize(state, ctx, 'day.begin')
  if (denied) return err(denied)
  const p = parsePayload(dayBeginSchema, command)
  if (!p.ok) return p
  const { office, date } = ctx
  if (
    state.office.offices[office]?.kind === 'BO' &&
    isSunday(date) &&
    !state.day.holidayPermits[dayKey(office, date)]
  )
    return err(
      domainError(
        'holiday-needs-permission',
        RULE_HOLIDAY,
        `${date} is a Sunday; ask the divisional office to permit ${office} to work.`,
      ),
    )
  if (state.day.days[dayKey(office, date)])
    return err(
      domainError('day-already-begun', RULE_BEGIN, `The day ${date} of ${office} has already begun.`),
    )
  const last = state.day.latest[office]
  if (last !== undefined) {
    const prev = state.day.days[dayKey(office, last)]
    if (prev?.status !== 'ended') {
      // Say what still blocks the previous Day End, so the postmaster can finish it (or force-end shifts) first.
      const blocking = dayEndChecklist(state, office, last).filter((c) => !c.pass)
      return err(
        domainError(
          'previous-day-not-ended',
          RULE_BEGIN,
          `The day ${last} of ${office} is not ended; end it first. Still open: ${blocking.map((c) => c.reason).join('; ') || 'nothing — run Day End'}.`,
          { previous: last, blocking },
        ),
      )
    }
    if (last >= date)
      return err(
        domainError('date-not-after-last-day', RULE_BEGIN, `${date} is not after the last day ${last}.`),
      )
  }
  const cash = p.value.cash as Denominations
  const stock = p.value.stock as Record<string, number>
  const declared = countPaise(cash)
  const treasury = accounts.treasury(office)
  // The very first day brings the office's cash and stock onto the ledger from its opening account.
  const postings = last === undefined ? transfer(accounts.opening(office), treasury, declared, stock) : []
  const events: DakEvent[] = [
    stamp(ctx, 'day.begun', { cash, openingCash: paiseToString(declared), stock, postings }),
  ]
  if (last !== undefined) {
    const diff = openingDifference(state, office, declared, stock)
    if (diff) events.push(stamp(ctx, 'day.opening-difference.recorded', { dayBegun: events[0]!.id, ...diff }))
  }
  return ok(events)
}

/** Declared opening against the treasury's ledger balance (yesterday's close plus any late entries). */
function openingDifference(state: State, office: string, declared: number, stock: Record<string, number>) {
  const treasury = accounts.treasury(office)
  const expected = balanceOf(state.custody, treasury, CASH)
  const held = stockOf(state.custody, treasury)
  const stockDiff: Record<string, number> = {}
  for (const item of [...new Set([...Object.keys(held), ...Object.keys(stock)])].sort()) {
    const d = (stock[item] ?? 0) - (held[item] ?? 0)
    if (d !== 0) stockDiff[item] = d
  }
  const cashDiff = declared - expected
  if (cashDiff === 0 && Object.keys(stockDiff).length === 0) return null
  return {
    expectedCash: paiseToString(expected),
    declaredCash: paiseToString(declared),
    difference: paiseToString(cashDiff),
    stockDifferences: stockDiff,
    // The difference is brought onto (or taken off) the treasury against the visible `opening:<office>.difference` account.
    postings: transfer(accounts.openingDifference(office), treasury, cashDiff, stockDiff),
  }
}

export function reverseDay(state: State, command: Command, ctx: CommandContext) {
  const denied = authorize(state, ctx, 'day.reverse')
  if (denied) return err(denied)
  const p = parsePayload(dayReverseSchema, command)
  if (!p.ok) return p
  const rule =
    'only the latest ended day of an office may be reversed, by the divisional office, with a reason'
  const day = state.day.days[dayKey(ctx.office, p.value.date)]
  if (day?.status !== 'ended')
    return err(domainError('day-not-ended', rule, `The day ${p.value.date} of ${ctx.office} is not ended.`))
  if (state.day.latest[ctx.office] !== p.value.date)
    return err(
      domainError('not-latest-day', rule, `A later day of ${ctx.office} has begun; reverse it first.`),
    )
  return ok([{ ...stamp(ctx, 'day.reversed', p.value), date: p.value.date }])
}

export function applyDayBegun(slice: DayState, event: DakEvent, state: State): void {
  const key = dayKey(event.office, event.date)
  const existing = slice.days[key]
  if (existing) {
    holdConflict(slice, {
      id: `day-begun-twice:${key}`,
      kind: 'day-begun-twice',
      subject: key,
      standingId: existing.begunEvent,
      event,
      resolutions: ['keep-first', 'keep-second'],
      message: `The day ${event.date} of ${event.office} was begun twice; keep one opening declaration.`,
    })
    return
  }
  postDayOpening(slice, event, state)
}

/** Creates the office day from a `day.begun` event and posts its opening transaction. */
export function postDayOpening(slice: DayState, event: DakEvent, state: State): void {
  const p = event.payload as { openingCash: string; stock: Record<string, number>; postings: [] }
  const treasuryBefore = balanceOf(state.custody, accounts.treasury(event.office))
  postTransaction(state.custody, event.id, p.postings ?? [], { office: event.office, date: event.date })
  slice.days[dayKey(event.office, event.date)] = {
    office: event.office,
    date: event.date,
    status: 'begun',
    begunEvent: event.id,
    openingDifferenceEvent: null,
    openingCash: p.openingCash,
    openingStock: p.stock,
    treasuryOpening: balanceOf(state.custody, accounts.treasury(event.office)),
    treasuryBefore,
    ended: null,
    breachReasons: [],
  }
  if ((slice.latest[event.office] ?? '') < event.date) slice.latest[event.office] = event.date
}

export function applyOpeningDifference(slice: DayState, event: DakEvent, state: State): void {
  const key = dayKey(event.office, event.date)
  const day = slice.days[key]
  const p = event.payload as { dayBegun: string; postings: [] }
  if (!day) return
  if (day.begunEvent !== p.dayBegun) {
    // The difference of a Day Begin held in a conflict is held with it; only the standing day's is posted.
    slice.conflicts[`day-begun-twice:${key}`]?.held.push(event)
    return
  }
  const r = postTransaction(state.custody, event.id, p.postings ?? [], {
    office: event.office,
    date: event.date,
  })
  if (r.posted) {
    day.openingDifferenceEvent = event.id
    day.treasuryOpening = balanceOf(state.custody, accounts.treasury(event.office))
  }
}

export function applyDayReversed(slice: DayState, event: DakEvent): void {
  const day = slice.days[dayKey(event.office, event.date)]
  if (day?.status !== 'ended') return
  day.status = 'begun'
  day.ended = null
}
