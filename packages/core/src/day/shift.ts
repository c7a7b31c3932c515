/**
 * b2 Counter shift: a duty is asked for, approved or refused by a supervisor, begun by its holder; advances of
 * cash and stock from the treasury are requested, issued and acknowledged (two parties); a counter takes
 * deposits and makes payments within its wallet. A duty's id is the id of its `duty.requested` event.
 */
import * as v from 'valibot'
import { balanceOf, CASH, postTransaction, stockOf } from '../custody/custody-module.ts'
import { type DomainError, domainError } from '../events/domain-error.ts'
import { type CommandContext, type DakEvent, stamp } from '../events/envelope.ts'
import type { Command } from '../journal/module.ts'
import type { State } from '../journal/state.ts'
import { DUTY_KINDS } from '../office/office-types.ts'
import { idField, moneyString, parsePayload } from '../office/parse-payload.ts'
import { authorize, rolesIn } from '../office/permissions.ts'
import { err, ok, type Result } from '../result.ts'
import { moneyToPaise, stockSchema, transfer } from './cash-count.ts'
import { accounts, type DayState, type Duty, postingsOf, requireDayBegun, withDuty } from './day-state.ts'

export const dutyRequestSchema = v.strictObject({
  kind: v.picklist(DUTY_KINDS, `kind must be one of ${DUTY_KINDS.join(', ')}`),
  counter: v.nullable(v.string()),
})
export const dutyRefSchema = v.strictObject({ dutyId: idField })
export const dutyRefuseSchema = v.strictObject({
  dutyId: idField,
  reason: v.pipe(v.string(), v.minLength(3, 'a refusal needs a reason')),
})
export const advanceRequestSchema = v.strictObject({ amount: moneyString, stock: stockSchema })
export const advanceRefSchema = v.strictObject({ advanceId: idField })
export const counterTxSchema = v.strictObject({ amount: moneyString, reference: v.string() })

const ACTIVE: readonly Duty['status'][] = ['requested', 'approved', 'begun', 'submitted', 'verified']

function refuse(code: string, rule: string, message: string, details?: Record<string, unknown>) {
  return err(domainError(code, rule, message, details))
}

/** The begun duty the actor acts under (their own, in this office), or why not. */
export function ownBegunDuty(state: State, ctx: CommandContext, rule: string): Result<Duty, DomainError> {
  const duty = ctx.duty ? state.day.duties[ctx.duty] : undefined
  if (!duty || duty.staff !== ctx.actor || duty.office !== ctx.office)
    return err(
      domainError(
        'no-approved-duty',
        rule,
        `${ctx.actor} is not acting under a duty of theirs in ${ctx.office}.`,
      ),
    )
  if (duty.status !== 'begun')
    return err(domainError('duty-not-active', rule, `Duty ${duty.id} is ${duty.status}; it must be begun.`))
  return ok(duty)
}

function dutyIn(state: State, ctx: CommandContext, dutyId: string): Duty | null {
  const duty = state.day.duties[dutyId]
  return duty && duty.office === ctx.office ? duty : null
}

export function requestDuty(state: State, command: Command, ctx: CommandContext) {
  const denied = authorize(state, ctx, 'duty.request') ?? requireDayBegun(state, ctx.office, ctx.date)
  if (denied) return err(denied)
  const p = parsePayload(dutyRequestSchema, command)
  if (!p.ok) return p
  const busy = Object.values(state.day.duties).find(
    (d) => d.staff === ctx.actor && d.date === ctx.date && ACTIVE.includes(d.status),
  )
  if (busy)
    return refuse(
      'already-on-duty',
      'one person holds one duty at a time',
      `${ctx.actor} already holds duty ${busy.id} (${busy.kind}, ${busy.status}).`,
    )
  return ok([stamp(ctx, 'duty.requested', { kind: p.value.kind, counter: p.value.counter })])
}

export function approveDuty(state: State, command: Command, ctx: CommandContext) {
  const denied = authorize(state, ctx, 'duty.decide') ?? requireDayBegun(state, ctx.office, ctx.date)
  if (denied) return err(denied)
  const p = parsePayload(dutyRefSchema, command)
  if (!p.ok) return p
  const rule = 'only a supervisor of this office may approve a duty, and not their own'
  const duty = dutyIn(state, ctx, p.value.dutyId)
  if (!duty) return refuse('unknown-duty', rule, `No duty ${p.value.dutyId} was asked for in ${ctx.office}.`)
  if (duty.status !== 'requested')
    return refuse('duty-not-requested', rule, `Duty ${duty.id} is already ${duty.status}.`)
  // A branch postmaster runs a single-handed office, so may approve their own duty; nobody else may.
  if (duty.staff === ctx.actor && !rolesIn(state, ctx.actor, ctx.office).includes('branch-postmaster'))
    return refuse(
      'self-approval',
      rule,
      `${ctx.actor} cannot approve their own duty; ask another supervisor.`,
    )
  const taken =
    duty.counter !== null &&
    Object.values(state.day.duties).find(
      (d) =>
        d.id !== duty.id &&
        d.office === duty.office &&
        d.date === duty.date &&
        d.counter === duty.counter &&
        ['approved', 'begun', 'submitted'].includes(d.status),
    )
  if (taken)
    return refuse(
      'counter-taken',
      'one counter has one holder at a time',
      `Counter ${duty.counter} is held by duty ${taken.id}.`,
    )
  return ok([stamp(ctx, 'duty.approved', { dutyId: duty.id })])
}

export function refuseDuty(state: State, command: Command, ctx: CommandContext) {
  const denied = authorize(state, ctx, 'duty.decide')
  if (denied) return err(denied)
  const p = parsePayload(dutyRefuseSchema, command)
  if (!p.ok) return p
  const duty = dutyIn(state, ctx, p.value.dutyId)
  if (duty?.status !== 'requested')
    return refuse(
      'duty-not-requested',
      'only a duty asked for and not yet decided may be refused',
      `Duty ${p.value.dutyId} is not awaiting a decision.`,
    )
  return ok([stamp(ctx, 'duty.refused', p.value)])
}

export function beginShift(state: State, command: Command, ctx: CommandContext) {
  const denied = requireDayBegun(state, ctx.office, ctx.date)
  if (denied) return err(denied)
  const p = parsePayload(dutyRefSchema, command)
  if (!p.ok) return p
  const rule = 'a shift begins only on a duty approved by a supervisor, by its holder'
  const duty = dutyIn(state, ctx, p.value.dutyId)
  if (!duty || duty.staff !== ctx.actor)
    return refuse('not-duty-holder', rule, `Duty ${p.value.dutyId} is not ${ctx.actor}'s.`)
  if (duty.status !== 'approved')
    return refuse('duty-not-approved', rule, `Duty ${duty.id} is ${duty.status}; it must be approved first.`)
  return ok([stamp(ctx, 'shift.begun', { dutyId: duty.id })])
}

export function requestAdvance(state: State, command: Command, ctx: CommandContext) {
  const rule = 'an advance is asked for by the holder of a begun counter duty'
  const denied = requireDayBegun(state, ctx.office, ctx.date) ?? authorize(state, ctx, 'advance.request')
  if (denied) return err(denied)
  const duty = ownBegunDuty(state, ctx, rule)
  if (!duty.ok) return duty
  const p = parsePayload(advanceRequestSchema, command)
  if (!p.ok) return p
  if (moneyToPaise(p.value.amount) === 0 && Object.keys(p.value.stock).length === 0)
    return refuse('empty-advance', rule, 'An advance must ask for some cash or stock.')
  return ok([
    stamp(ctx, 'advance.requested', { dutyId: duty.value.id, amount: p.value.amount, stock: p.value.stock }),
  ])
}

export function issueAdvance(state: State, command: Command, ctx: CommandContext) {
  const denied = requireDayBegun(state, ctx.office, ctx.date) ?? authorize(state, ctx, 'advance.issue')
  if (denied) return err(denied)
  const p = parsePayload(advanceRefSchema, command)
  if (!p.ok) return p
  const rule = 'the treasury issues only what was asked for and what it holds'
  const adv = state.day.advances[p.value.advanceId]
  if (!adv || adv.office !== ctx.office || adv.status !== 'requested')
    return refuse(
      'advance-not-requested',
      rule,
      `Advance ${p.value.advanceId} is not awaiting issue in ${ctx.office}.`,
    )
  const treasury = accounts.treasury(ctx.office)
  const paise = moneyToPaise(adv.amount)
  if (balanceOf(state.custody, treasury, CASH) < paise)
    return refuse(
      'treasury-short',
      rule,
      `The treasury holds less than ${adv.amount}; request cash from the account office first.`,
    )
  const held = stockOf(state.custody, treasury)
  const short = Object.keys(adv.stock).find((item) => (held[item] ?? 0) < (adv.stock[item] ?? 0))
  if (short) return refuse('treasury-stock-short', rule, `The treasury holds fewer ${short} than asked.`)
  const postings = transfer(treasury, accounts.advanceInHand(adv.id), paise, adv.stock)
  return ok([stamp(ctx, 'advance.issued', { advanceId: adv.id, postings })])
}

export function acknowledgeAdvance(state: State, command: Command, ctx: CommandContext) {
  const rule = 'an advance is acknowledged by the holder of the duty it was issued to'
  const p = parsePayload(advanceRefSchema, command)
  if (!p.ok) return p
  const adv = state.day.advances[p.value.advanceId]
  if (adv?.status !== 'issued')
    return refuse(
      'advance-not-issued',
      rule,
      `Advance ${p.value.advanceId} has not been issued (or is already acknowledged).`,
    )
  const duty = ownBegunDuty(state, withDuty(ctx, adv.duty), rule)
  if (!duty.ok) return duty
  const postings = transfer(
    accounts.advanceInHand(adv.id),
    accounts.counter(adv.duty),
    moneyToPaise(adv.amount),
    adv.stock,
  )
  return ok([stamp(ctx, 'advance.acknowledged', { advanceId: adv.id, postings })])
}

function counterTx(kind: 'deposit' | 'withdrawal') {
  return (state: State, command: Command, ctx: CommandContext) => {
    const rule = 'a counter takes deposits and makes payments only on a begun counter duty, within its wallet'
    const denied = requireDayBegun(state, ctx.office, ctx.date) ?? authorize(state, ctx, 'counter.transact')
    if (denied) return err(denied)
    const duty = ownBegunDuty(state, ctx, rule)
    if (!duty.ok) return duty
    const p = parsePayload(counterTxSchema, command)
    if (!p.ok) return p
    const paise = moneyToPaise(p.value.amount)
    const counter = accounts.counter(duty.value.id)
    if (paise === 0) return refuse('zero-amount', rule, 'The amount must be more than zero.')
    if (kind === 'withdrawal' && balanceOf(state.custody, counter) < paise)
      return refuse(
        'counter-short',
        rule,
        `The counter wallet holds less than ${p.value.amount}; ask the treasury for an advance.`,
      )
    const postings =
      kind === 'deposit'
        ? transfer(accounts.deposits(ctx.office), counter, paise)
        : transfer(counter, accounts.deposits(ctx.office), paise)
    return ok([
      stamp(ctx, 'counter.transacted', {
        kind,
        amount: p.value.amount,
        reference: p.value.reference,
        postings,
      }),
    ])
  }
}
export const counterDeposit = counterTx('deposit')
export const counterWithdraw = counterTx('withdrawal')

/** Fold of the shift events into the day slice (and their postings into custody). */
export function applyShiftEvent(slice: DayState, event: DakEvent, state: State): void {
  const p = event.payload as Record<string, unknown>
  const meta = { office: event.office, date: event.date }
  switch (event.type) {
    case 'duty.requested':
      slice.duties[event.id] ??= {
        id: event.id,
        office: event.office,
        date: event.date,
        staff: event.actor,
        kind: p.kind as Duty['kind'],
        counter: (p.counter as string | null) ?? null,
        status: 'requested',
        decidedBy: null,
        refusal: null,
        account: null,
        witnessedBy: null,
        acceptedDifference: false,
        forcedReason: null,
        depositsPaise: 0,
        withdrawalsPaise: 0,
      }
      return
    case 'duty.approved':
    case 'duty.refused': {
      const duty = slice.duties[p.dutyId as string]
      if (duty?.status !== 'requested') return
      duty.status = event.type === 'duty.approved' ? 'approved' : 'refused'
      duty.decidedBy = event.actor
      if (event.type === 'duty.refused') duty.refusal = p.reason as string
      return
    }
    case 'shift.begun': {
      const duty = slice.duties[p.dutyId as string]
      if (duty?.status === 'approved') duty.status = 'begun'
      return
    }
    case 'advance.requested':
      slice.advances[event.id] ??= {
        id: event.id,
        duty: p.dutyId as string,
        office: event.office,
        amount: p.amount as string,
        stock: p.stock as Record<string, number>,
        status: 'requested',
      }
      return
    case 'advance.issued':
    case 'advance.acknowledged': {
      const adv = slice.advances[p.advanceId as string]
      const from = event.type === 'advance.issued' ? 'requested' : 'issued'
      if (adv?.status !== from) return
      if (postTransaction(state.custody, event.id, postingsOf(event), meta).posted)
        adv.status = event.type === 'advance.issued' ? 'issued' : 'acknowledged'
      return
    }
    case 'counter.transacted': {
      if (!postTransaction(state.custody, event.id, postingsOf(event), meta).posted) return
      const duty = event.duty ? slice.duties[event.duty] : undefined
      const paise = moneyToPaise(p.amount as string)
      if (duty && p.kind === 'deposit') duty.depositsPaise += paise
      if (duty && p.kind === 'withdrawal') duty.withdrawalsPaise += paise
      return
    }
  }
}
