/**
 * b6 Close Account: the counter holder enters counted cash (by denomination), stock, deposits and withdrawals;
 * the expected balance comes from the custody ledger and every difference is shown. Within the holder's role
 * tolerance a supervisor may accept the difference; beyond it a count witnessed by two other staff is required
 * and the shortage goes to UCP (excess to UCR). Submit → verify → shift ended; a supervisor may force-end.
 */
import { compareWithCount } from '@dak/ledger'
import * as v from 'valibot'
import { balanceOf, CASH, postTransaction, stockOf } from '../custody/custody-module.ts'
import { domainError } from '../events/domain-error.ts'
import { type CommandContext, type DakEvent, stamp } from '../events/envelope.ts'
import type { Command } from '../journal/module.ts'
import type { State } from '../journal/state.ts'
import { idField, moneyString, parsePayload } from '../office/parse-payload.ts'
import { authorize, DIFFERENCE_TOLERANCE_PAISE, rolesIn } from '../office/permissions.ts'
import { err, ok } from '../result.ts'
import {
  countPaise,
  denominationsSchema,
  moneyToPaise,
  paiseToString,
  stockSchema,
  transfer,
} from './cash-count.ts'
import {
  accounts,
  type CloseAccount,
  type DayState,
  type Denominations,
  type Duty,
  postingsOf,
  requireDayBegun,
} from './day-state.ts'
import { ownBegunDuty } from './shift.ts'

const reasonField = v.pipe(v.string(), v.minLength(3, 'give a reason of at least 3 characters'))
export const accountSubmitSchema = v.strictObject({
  cash: denominationsSchema,
  stock: stockSchema,
  deposits: moneyString,
  withdrawals: moneyString,
})
export const witnessSchema = v.strictObject({ dutyId: idField, witnesses: v.tuple([idField, idField]) })
export const verifySchema = v.strictObject({ dutyId: idField, acceptDifference: v.boolean() })
export const shiftEndSchema = v.strictObject({ dutyId: idField })
export const forceEndSchema = v.strictObject({ dutyId: idField, reason: reasonField })
export const madeGoodSchema = v.strictObject({ amount: moneyString, reason: reasonField })

const refuse = (code: string, rule: string, message: string, details?: Record<string, unknown>) =>
  err(domainError(code, rule, message, details))

/** Tolerance (paise) for the duty holder: the largest of their roles' tolerances in that office. */
export function toleranceFor(state: State, duty: Duty): number {
  return Math.max(0, ...rolesIn(state, duty.staff, duty.office).map((r) => DIFFERENCE_TOLERANCE_PAISE[r]))
}

export function submitAccount(state: State, command: Command, ctx: CommandContext) {
  const rule = 'only the holder of a begun shift may submit its account'
  const denied = requireDayBegun(state, ctx.office, ctx.date) ?? authorize(state, ctx, 'account.submit')
  if (denied) return err(denied)
  const duty = ownBegunDuty(state, ctx, rule)
  if (!duty.ok) return duty
  const p = parsePayload(accountSubmitSchema, command)
  if (!p.ok) return p
  const counter = accounts.counter(duty.value.id)
  const counted = countPaise(p.value.cash as Denominations)
  const expected = balanceOf(state.custody, counter, CASH)
  const expectedStock = stockOf(state.custody, counter)
  const stock = p.value.stock as Record<string, number>
  // Expected against counted is `@dak/ledger`'s comparison: every difference listed, none absorbed.
  const comparison = compareWithCount(
    { [counter]: { ...expectedStock, [CASH]: expected } },
    { [counter]: { ...stock, [CASH]: counted } },
  )
  const stockDifferences: Record<string, number> = {}
  for (const d of comparison.differences)
    if (d.commodity !== CASH) stockDifferences[d.commodity] = d.difference
  const account: CloseAccount = {
    countedCash: paiseToString(counted),
    countedDenominations: p.value.cash as Denominations,
    countedStock: stock,
    expectedPaise: expected,
    expectedStock,
    differencePaise: counted - expected,
    stockDifferences,
    deposits: p.value.deposits,
    withdrawals: p.value.withdrawals,
  }
  return ok([
    stamp(ctx, 'account.submitted', {
      dutyId: duty.value.id,
      account,
      // Declared against recorded entries: a gap here is a missing accounting entry, not a cash difference.
      recordedDeposits: paiseToString(duty.value.depositsPaise),
      recordedWithdrawals: paiseToString(duty.value.withdrawalsPaise),
    }),
  ])
}

function submittedDuty(state: State, ctx: CommandContext, dutyId: string, rule: string) {
  const duty = state.day.duties[dutyId]
  if (!duty || duty.office !== ctx.office)
    return refuse('unknown-duty', rule, `No duty ${dutyId} in ${ctx.office}.`)
  if (duty.status !== 'submitted' || !duty.account)
    return refuse(
      'account-not-submitted',
      rule,
      `Duty ${dutyId} is ${duty.status}; its account must be submitted first.`,
    )
  if (duty.staff === ctx.actor)
    return refuse('self-verification', rule, `${ctx.actor} cannot verify or witness their own account.`)
  return ok({ duty, account: duty.account })
}

export function witnessCount(state: State, command: Command, ctx: CommandContext) {
  const denied = authorize(state, ctx, 'account.verify')
  if (denied) return err(denied)
  const p = parsePayload(witnessSchema, command)
  if (!p.ok) return p
  const rule = 'a shortage is counted again before two independent witnesses'
  const s = submittedDuty(state, ctx, p.value.dutyId, rule)
  if (!s.ok) return s
  const [a, b] = p.value.witnesses
  if (
    a === b ||
    a === s.value.duty.staff ||
    b === s.value.duty.staff ||
    !state.office.staff[a] ||
    !state.office.staff[b]
  )
    return refuse(
      'witnesses-not-independent',
      rule,
      'Name two different registered staff, neither of them the counter holder.',
    )
  return ok([stamp(ctx, 'account.count-witnessed', p.value)])
}

export function verifyAccount(state: State, command: Command, ctx: CommandContext) {
  const denied = authorize(state, ctx, 'account.verify')
  if (denied) return err(denied)
  const p = parsePayload(verifySchema, command)
  if (!p.ok) return p
  const rule =
    'a counter closes only when it tallies, when a supervisor accepts a difference within tolerance, or after a witnessed count'
  const s = submittedDuty(state, ctx, p.value.dutyId, rule)
  if (!s.ok) return s
  const { duty, account } = s.value
  const diff = Math.abs(account.differencePaise)
  const stockDiff = Object.keys(account.stockDifferences).length > 0
  if (diff > 0 || stockDiff) {
    const tolerance = toleranceFor(state, duty)
    if ((diff > tolerance || stockDiff) && !duty.witnessedBy)
      return refuse(
        'difference-needs-witnessed-count',
        rule,
        `The difference ${paiseToString(account.differencePaise)} is beyond the tolerance ${paiseToString(tolerance)}; record a witnessed count first.`,
        { difference: paiseToString(account.differencePaise) },
      )
    if (!p.value.acceptDifference)
      return refuse(
        'difference-not-accepted',
        rule,
        `The account differs by ${paiseToString(account.differencePaise)}; accept the difference to verify it.`,
      )
  }
  return ok([stamp(ctx, 'account.verified', p.value)])
}

/** Postings that return a counter to the treasury: counted cash in, shortage to UCP, excess from UCR. */
function returnPostings(duty: Duty, account: CloseAccount) {
  const counter = accounts.counter(duty.id)
  const treasury = accounts.treasury(duty.office)
  const out = transfer(
    counter,
    treasury,
    Math.min(account.expectedPaise, account.expectedPaise + account.differencePaise),
  )
  if (account.differencePaise < 0)
    out.push(...transfer(counter, accounts.ucp(duty.office), -account.differencePaise))
  if (account.differencePaise > 0)
    out.push(...transfer(accounts.ucr(duty.office), treasury, account.differencePaise))
  const back: Record<string, number> = {}
  const short: Record<string, number> = {}
  const excess: Record<string, number> = {}
  for (const [item, n] of Object.entries(account.expectedStock))
    back[item] = Math.min(n, n + (account.stockDifferences[item] ?? 0))
  for (const [item, d] of Object.entries(account.stockDifferences))
    (d < 0 ? short : excess)[item] = Math.abs(d)
  out.push(...transfer(counter, treasury, 0, back), ...transfer(counter, accounts.ucp(duty.office), 0, short))
  out.push(...transfer(accounts.ucr(duty.office), treasury, 0, excess))
  return out
}

export function endShift(state: State, command: Command, ctx: CommandContext) {
  const p = parsePayload(shiftEndSchema, command)
  if (!p.ok) return p
  const rule = 'a shift ends after its account is verified, by its holder or a supervisor'
  const duty = state.day.duties[p.value.dutyId]
  if (!duty || duty.office !== ctx.office)
    return refuse('unknown-duty', rule, `No duty ${p.value.dutyId} in ${ctx.office}.`)
  if (duty.staff !== ctx.actor) {
    const denied = authorize(state, ctx, 'account.verify')
    if (denied) return err(denied)
  }
  if (duty.status !== 'verified' || !duty.account)
    return refuse(
      'account-not-verified',
      rule,
      `Duty ${duty.id} is ${duty.status}; its account must be verified first.`,
    )
  return ok([stamp(ctx, 'shift.ended', { dutyId: duty.id, postings: returnPostings(duty, duty.account) })])
}

export function forceEndShift(state: State, command: Command, ctx: CommandContext) {
  const denied = authorize(state, ctx, 'shift.force-end')
  if (denied) return err(denied)
  const p = parsePayload(forceEndSchema, command)
  if (!p.ok) return p
  const duty = state.day.duties[p.value.dutyId]
  if (!duty || duty.office !== ctx.office || duty.status === 'ended' || duty.status === 'refused')
    return refuse(
      'duty-not-open',
      'only an open shift of this office may be force-ended',
      `Duty ${p.value.dutyId} is not open in ${ctx.office}.`,
    )
  const counter = accounts.counter(duty.id)
  // Uncounted: whatever the ledger says the counter holds goes back to the treasury; the reason is on record.
  const postings = transfer(
    counter,
    accounts.treasury(ctx.office),
    balanceOf(state.custody, counter),
    stockOf(state.custody, counter),
  )
  return ok([stamp(ctx, 'shift.force-ended', { ...p.value, postings })])
}

export function makeGood(state: State, command: Command, ctx: CommandContext) {
  const denied = authorize(state, ctx, 'discrepancy.resolve') ?? requireDayBegun(state, ctx.office, ctx.date)
  if (denied) return err(denied)
  const p = parsePayload(madeGoodSchema, command)
  if (!p.ok) return p
  const outstanding =
    balanceOf(state.custody, accounts.ucp(ctx.office)) + balanceOf(state.custody, accounts.ucr(ctx.office))
  const paise = moneyToPaise(p.value.amount)
  if (paise === 0 || paise > outstanding)
    return refuse(
      'nothing-to-make-good',
      'a shortage charged to UCP is made good to UCR, up to what is outstanding',
      `Outstanding UCP is ${paiseToString(outstanding)}; ${p.value.amount} cannot be made good.`,
    )
  return ok([
    stamp(ctx, 'ucp.made-good', {
      ...p.value,
      postings: transfer(accounts.ucr(ctx.office), accounts.treasury(ctx.office), paise),
    }),
  ])
}

export function applyCloseEvent(slice: DayState, event: DakEvent, state: State): void {
  const p = event.payload as Record<string, unknown>
  const meta = { office: event.office, date: event.date }
  const duty = typeof p.dutyId === 'string' ? slice.duties[p.dutyId] : undefined
  switch (event.type) {
    case 'account.submitted':
      if (duty?.status !== 'begun') return
      duty.status = 'submitted'
      duty.account = p.account as CloseAccount
      return
    case 'account.count-witnessed':
      if (duty?.status === 'submitted') duty.witnessedBy = p.witnesses as string[]
      return
    case 'account.verified':
      if (duty?.status !== 'submitted') return
      duty.status = 'verified'
      duty.acceptedDifference = p.acceptDifference as boolean
      return
    case 'shift.ended':
    case 'shift.force-ended':
      if (!duty || duty.status === 'ended' || duty.status === 'refused') return
      if (event.type === 'shift.ended' && duty.status !== 'verified') return
      postTransaction(state.custody, event.id, postingsOf(event), meta)
      duty.status = 'ended'
      if (event.type === 'shift.force-ended') duty.forcedReason = p.reason as string
      return
    case 'ucp.made-good':
      postTransaction(state.custody, event.id, postingsOf(event), meta)
      return
  }
}
