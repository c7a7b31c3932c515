/**
 * b3 Cash request, remittance and receipt: `Requested → Approved → Packed (sealed cash bag) → InTransit →
 * Received | Discrepant`. Money leaves the sender's treasury into `transit:<bagNo>` when the bag is packed and
 * reaches the receiver's treasury only on a confirmed receipt, so Σ custody is conserved at every step.
 */

import { parseAccountId } from '@dak/ledger'
import { hexToBytes } from '@noble/hashes/utils.js'
import * as v from 'valibot'
import { balanceOf, CASH } from '../custody/custody-module.ts'
import { domainError } from '../events/domain-error.ts'
import { type CommandContext, stamp } from '../events/envelope.ts'
import { verifyConfirmationCode } from '../identity/confirmation.ts'
import type { Command } from '../journal/module.ts'
import type { State } from '../journal/state.ts'
import { idField, moneyString, parsePayload } from '../office/parse-payload.ts'
import { authorize } from '../office/permissions.ts'
import { err, ok } from '../result.ts'
import { countPaise, denominationsSchema, moneyToPaise, paiseToString, transfer } from './cash-count.ts'
import { accounts, type CashBag, type CashRequest, type Denominations, requireDayBegun } from './day-state.ts'

const reasonField = v.pipe(v.string(), v.minLength(3, 'give a reason of at least 3 characters'))

export const cashRequestSchema = v.strictObject({
  amount: moneyString,
  denominations: denominationsSchema,
  remark: v.string(),
})
export const cashApproveSchema = v.strictObject({
  requestId: idField,
  amount: moneyString,
  reason: v.optional(reasonField),
})
export const cashRefuseSchema = v.strictObject({ requestId: idField, reason: reasonField })
export const bagPackSchema = v.strictObject({
  bagNo: idField,
  sealNo: v.pipe(v.string(), v.minLength(1, 'sealNo is required')),
  requestId: v.nullable(idField),
  to: idField,
  denominations: denominationsSchema,
  carrier: idField,
  reason: v.optional(reasonField),
  /**
   * Optional per-bag secret (hex, 16-64 bytes) drawn by the packing device: the receiving office checks the
   * carrier's one-time code against it offline (`identity/confirmation.ts`, 8 digits for cash).
   */
  confirmationSecret: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^([0-9a-f]{2}){16,64}$/, 'confirmationSecret is 16-64 bytes of lowercase hex'),
    ),
  ),
})
export const bagRefSchema = v.strictObject({ bagNo: idField })
export const bagCarrySchema = v.strictObject({ bagNo: idField, reason: reasonField })
export const bagReceiveSchema = v.strictObject({
  bagNo: idField,
  sealNo: v.string(),
  denominations: denominationsSchema,
  confirmation: v.strictObject({
    method: v.picklist(['otp', 'qr'], 'confirmation.method must be otp or qr'),
    code: v.pipe(v.string(), v.minLength(1, 'confirmation.code is required')),
  }),
})
export const discrepancySettleSchema = v.strictObject({ discrepancyId: idField, reason: reasonField })
export const breachExplainSchema = v.strictObject({ reason: reasonField })

const refuse = (code: string, rule: string, message: string, details?: Record<string, unknown>) =>
  err(domainError(code, rule, message, details))

/** The text a cash bag's QR label carries; scanning it at receipt confirms bag, seal and amount together. */
export function cashBagQr(bag: Pick<CashBag, 'bagNo' | 'sealNo' | 'amount' | 'from' | 'to'>): string {
  return `DAKCASH|${bag.bagNo}|${bag.sealNo}|${bag.amount}|${bag.from}|${bag.to}`
}

const RULE_MAX =
  'an office may not hold cash above its authorised maximum (or below its minimum) without a recorded reason'

function breach(state: State, office: string, after: number): string | null {
  const o = state.office.offices[office]
  if (!o) return null
  if (after > moneyToPaise(o.authorisedMax)) return `above its authorised maximum ${o.authorisedMax}`
  if (after < moneyToPaise(o.authorisedMin)) return `below its authorised minimum ${o.authorisedMin}`
  return null
}

/** Digits of a cash bag's one-time code (identity/confirmation.ts uses 8 for cash). */
export const CASH_BAG_CODE_DIGITS = 8

/**
 * Checks a carrier's one-time code: against the bag's secret when the packing device set one (offline, no
 * network), otherwise only its form (6-8 digits) and it is recorded in the receipt for audit.
 */
function checkOtp(bag: CashBag, code: string): { code: string; message: string } | null {
  if (!bag.confirmationSecret) {
    return /^\d{6,8}$/.test(code)
      ? null
      : { code: 'otp-malformed', message: 'The one-time code is 6 to 8 digits.' }
  }
  const r = verifyConfirmationCode({
    secret: hexToBytes(bag.confirmationSecret),
    subjectId: bag.bagNo,
    code,
    digits: CASH_BAG_CODE_DIGITS,
  })
  if (r.ok) return null
  return {
    code: r.error.code === 'confirmation-malformed' ? 'otp-malformed' : 'otp-mismatch',
    message: r.error.message,
  }
}

export function requestCash(state: State, command: Command, ctx: CommandContext) {
  const denied = requireDayBegun(state, ctx.office, ctx.date) ?? authorize(state, ctx, 'cash.request')
  if (denied) return err(denied)
  const p = parsePayload(cashRequestSchema, command)
  if (!p.ok) return p
  const rule = 'cash is requested from the office this one renders its account to'
  const accountOffice = state.office.offices[ctx.office]?.accountOffice
  if (!accountOffice)
    return refuse('no-account-office', rule, `${ctx.office} has no account office to request cash from.`)
  if (countPaise(p.value.denominations as Denominations) !== moneyToPaise(p.value.amount))
    return refuse(
      'denominations-mismatch',
      'the denominations asked for must add up to the amount',
      `The denominations add up to ${paiseToString(countPaise(p.value.denominations as Denominations))}, not ${p.value.amount}.`,
    )
  // v2: the requesting office declares its treasury balance, which only its own devices hold
  const treasuryBalance = paiseToString(balanceOf(state.custody, accounts.treasury(ctx.office)))
  return ok([stamp(ctx, 'cash.requested', { accountOffice, ...p.value, treasuryBalance }, 2)])
}

/**
 * The requesting office's treasury balance, in paise, as far as this device knows it: the balance it declared
 * in its request (v2), else the ledger's if this device holds that office's day (it folded its Day Begin),
 * else null (unknown: a v1 request seen only through the account office's inbox).
 */
function knownTreasury(state: State, req: CashRequest): number | null {
  if (req.declaredBalance !== null) return moneyToPaise(req.declaredBalance)
  const begun = Object.values(state.day.days).some((d) => d.office === req.office)
  return begun ? balanceOf(state.custody, accounts.treasury(req.office)) : null
}

function requestFor(state: State, ctx: CommandContext, requestId: string) {
  const req = state.day.cashRequests[requestId]
  return req && req.accountOffice === ctx.office ? req : null
}

export function approveCash(state: State, command: Command, ctx: CommandContext) {
  const denied = requireDayBegun(state, ctx.office, ctx.date) ?? authorize(state, ctx, 'cash.decide')
  if (denied) return err(denied)
  const p = parsePayload(cashApproveSchema, command)
  if (!p.ok) return p
  const rule = 'only a supervisor of the account office may approve a cash request, once'
  const req = requestFor(state, ctx, p.value.requestId)
  if (!req)
    return refuse(
      'unknown-cash-request',
      rule,
      `No cash request ${p.value.requestId} is addressed to ${ctx.office}.`,
    )
  if (req.status !== 'requested')
    return refuse('cash-request-decided', rule, `Cash request ${req.id} is already ${req.status}.`)
  const held = knownTreasury(state, req)
  // A balance this device does not know is never taken as ₹0: with none declared, the limits are not checked.
  const over = held === null ? null : breach(state, req.office, held + moneyToPaise(p.value.amount))
  if (over && !p.value.reason)
    return refuse(
      'authorised-balance-breach',
      RULE_MAX,
      `Sending ${p.value.amount} would leave ${req.office} ${over}; give a reason to approve.`,
    )
  return ok([
    stamp(ctx, 'cash.approved', {
      requestId: req.id,
      amount: p.value.amount,
      breachReason: over ? (p.value.reason ?? null) : null,
    }),
  ])
}

export function refuseCash(state: State, command: Command, ctx: CommandContext) {
  const denied = authorize(state, ctx, 'cash.decide')
  if (denied) return err(denied)
  const p = parsePayload(cashRefuseSchema, command)
  if (!p.ok) return p
  const req = requestFor(state, ctx, p.value.requestId)
  if (req?.status !== 'requested')
    return refuse(
      'cash-request-decided',
      'only a pending cash request may be refused',
      `Cash request ${p.value.requestId} is not pending in ${ctx.office}.`,
    )
  return ok([stamp(ctx, 'cash.refused', p.value)])
}

export function packBag(state: State, command: Command, ctx: CommandContext) {
  const denied = requireDayBegun(state, ctx.office, ctx.date) ?? authorize(state, ctx, 'cashbag.handle')
  if (denied) return err(denied)
  const p = parsePayload(bagPackSchema, command)
  if (!p.ok) return p
  const { bagNo, requestId, to, carrier } = p.value
  const paise = countPaise(p.value.denominations as Denominations)
  const rule = 'cash is dispatched only against an approved request, or remitted up to the account office'
  if (state.day.bags[bagNo])
    return refuse('bag-number-used', 'a cash bag number is used once', `Cash bag ${bagNo} already exists.`)
  // The bag becomes the custody account `transit:<bagNo>`, so its number must be a ledger account key.
  const transit = parseAccountId(accounts.transit(bagNo))
  if (!transit.ok)
    return refuse(
      'invalid-bag-number',
      'a cash bag number names its custody account in transit',
      `Cash bag number ${bagNo} cannot name a custody account: ${transit.error.message}`,
    )
  if (!state.office.staff[carrier])
    return refuse('unknown-carrier', rule, `Carrier ${carrier} is not registered staff.`)
  if (paise === 0) return refuse('empty-bag', rule, 'A cash bag must hold some cash.')
  if (requestId !== null) {
    const req = requestFor(state, ctx, requestId)
    if (!req || req.office !== to)
      return refuse(
        'unknown-cash-request',
        rule,
        `No cash request ${requestId} from ${to} is addressed to ${ctx.office}.`,
      )
    if (state.day.conflicts[`cash-approved-twice:${requestId}`]?.resolved === false)
      return refuse(
        'approval-in-conflict',
        rule,
        `Cash request ${requestId} was approved twice; resolve that conflict first.`,
      )
    if (req.status !== 'approved')
      return refuse(
        'cash-request-not-approved',
        rule,
        `Cash request ${requestId} is ${req.status}; never dispatch unapproved.`,
      )
    if (moneyToPaise(req.approvedAmount ?? '0') !== paise)
      return refuse(
        'amount-not-approved',
        rule,
        `The bag holds ${paiseToString(paise)} but ${req.approvedAmount} was approved.`,
      )
  } else {
    if (state.office.offices[ctx.office]?.accountOffice !== to)
      return refuse(
        'not-account-office',
        rule,
        `An unrequested remittance goes only to ${ctx.office}'s account office.`,
      )
  }
  const treasury = accounts.treasury(ctx.office)
  const held = balanceOf(state.custody, treasury, CASH)
  if (held < paise)
    return refuse(
      'treasury-short',
      'a treasury sends only cash it holds',
      `The treasury holds ${paiseToString(held)}, less than ${paiseToString(paise)}.`,
    )
  const under = requestId === null ? breach(state, ctx.office, held - paise) : null
  if (under && !p.value.reason)
    return refuse(
      'authorised-balance-breach',
      RULE_MAX,
      `The remittance would leave ${ctx.office} ${under}; give a reason.`,
    )
  return ok([
    stamp(ctx, 'cashbag.packed', {
      bagNo,
      sealNo: p.value.sealNo,
      requestId,
      from: ctx.office,
      to,
      amount: paiseToString(paise),
      denominations: p.value.denominations,
      carrier,
      reason: p.value.reason ?? null,
      confirmationSecret: p.value.confirmationSecret ?? null,
      postings: transfer(treasury, accounts.transit(bagNo), paise),
    }),
  ])
}

export function dispatchBag(state: State, command: Command, ctx: CommandContext) {
  const denied = requireDayBegun(state, ctx.office, ctx.date) ?? authorize(state, ctx, 'cashbag.handle')
  if (denied) return err(denied)
  const p = parsePayload(bagRefSchema, command)
  if (!p.ok) return p
  const bag = state.day.bags[p.value.bagNo]
  if (!bag || bag.from !== ctx.office || bag.status !== 'packed')
    return refuse(
      'bag-not-packed',
      'a cash bag is dispatched once, after it is packed and sealed',
      `Cash bag ${p.value.bagNo} is not packed in ${ctx.office}.`,
    )
  return ok([stamp(ctx, 'cashbag.dispatched', { bagNo: bag.bagNo, carrier: bag.carrier })])
}

export function receiveBag(state: State, command: Command, ctx: CommandContext) {
  const denied = requireDayBegun(state, ctx.office, ctx.date) ?? authorize(state, ctx, 'cashbag.handle')
  if (denied) return err(denied)
  const p = parsePayload(bagReceiveSchema, command)
  if (!p.ok) return p
  const rule = 'a cash bag is received once, by the office it was sent to, with its code or QR confirmed'
  const bag = state.day.bags[p.value.bagNo]
  if (!bag || bag.to !== ctx.office)
    return refuse('unknown-bag', rule, `No cash bag ${p.value.bagNo} was sent to ${ctx.office}.`)
  if (bag.status !== 'in-transit')
    return refuse('bag-not-in-transit', rule, `Cash bag ${bag.bagNo} is ${bag.status}.`)
  const { method, code } = p.value.confirmation
  if (method === 'qr' && code !== cashBagQr(bag))
    return refuse(
      'qr-mismatch',
      rule,
      'The scanned QR is not this bag’s label; scan the label on the bag or use the one-time code.',
    )
  if (method === 'otp') {
    const otp = checkOtp(bag, code)
    if (otp) return refuse(otp.code, rule, otp.message)
  }
  const counted = countPaise(p.value.denominations as Denominations)
  const amount = moneyToPaise(bag.amount)
  const treasury = accounts.treasury(ctx.office)
  const postings = transfer(accounts.transit(bag.bagNo), treasury, Math.min(counted, amount))
  const discrepancies: { kind: string; amount: string }[] = []
  if (counted < amount) discrepancies.push({ kind: 'shortage', amount: paiseToString(amount - counted) })
  if (counted > amount) {
    // Cash found in excess of the bag's account is taken into the treasury against UCR, pending enquiry.
    postings.push(...transfer(accounts.ucr(ctx.office), treasury, counted - amount))
    discrepancies.push({ kind: 'excess', amount: paiseToString(counted - amount) })
  }
  if (p.value.sealNo !== bag.sealNo) discrepancies.push({ kind: 'seal-mismatch', amount: '0.00' })
  return ok([
    stamp(ctx, 'cashbag.received', { ...p.value, counted: paiseToString(counted), discrepancies, postings }),
  ])
}

export function carryOverBag(state: State, command: Command, ctx: CommandContext) {
  const denied = authorize(state, ctx, 'supervise.day')
  if (denied) return err(denied)
  const p = parsePayload(bagCarrySchema, command)
  if (!p.ok) return p
  const bag = state.day.bags[p.value.bagNo]
  if (!bag || (bag.from !== ctx.office && bag.to !== ctx.office) || bag.status === 'received')
    return refuse(
      'bag-not-open',
      'only a cash bag of this office still in transit may be carried over',
      `Cash bag ${p.value.bagNo} is not open for ${ctx.office}.`,
    )
  return ok([stamp(ctx, 'cashbag.carried-over', p.value)])
}

export function settleDiscrepancy(state: State, command: Command, ctx: CommandContext) {
  const denied = authorize(state, ctx, 'discrepancy.resolve')
  if (denied) return err(denied)
  const p = parsePayload(discrepancySettleSchema, command)
  if (!p.ok) return p
  const d = state.day.discrepancies[p.value.discrepancyId]
  if (!d || d.office !== ctx.office || d.settled)
    return refuse(
      'discrepancy-not-open',
      'only an open discrepancy of this office may be settled',
      `No open discrepancy ${p.value.discrepancyId} in ${ctx.office}.`,
    )
  // A short bag's missing cash leaves transit and is charged to UCP (PM V r.217) pending enquiry.
  const postings =
    d.kind === 'shortage'
      ? transfer(accounts.transit(d.bagNo), accounts.ucp(ctx.office), moneyToPaise(d.amount))
      : []
  return ok([stamp(ctx, 'cash.discrepancy.settled', { ...p.value, postings })])
}

export function explainBreach(state: State, command: Command, ctx: CommandContext) {
  const denied = authorize(state, ctx, 'supervise.day') ?? requireDayBegun(state, ctx.office, ctx.date)
  if (denied) return err(denied)
  const p = parsePayload(breachExplainSchema, command)
  if (!p.ok) return p
  const balance = paiseToString(balanceOf(state.custody, accounts.treasury(ctx.office)))
  return ok([stamp(ctx, 'balance.breach.explained', { reason: p.value.reason, balance })])
}
