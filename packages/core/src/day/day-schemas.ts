/**
 * Payload schemas of the day's events, checked by the journal on every device and the server before folding.
 * They pin the fields the fold reads; money is always a string, postings always `{ account, commodity, amount }`.
 */
import * as v from 'valibot'
import { idField, moneyString, signedMoneyString } from '../office/parse-payload.ts'
import { denominationsSchema, stockSchema } from './cash-count.ts'

const postings = v.array(
  v.strictObject({
    account: v.pipe(v.string(), v.minLength(1)),
    commodity: v.pipe(v.string(), v.minLength(1)),
    amount: v.pipe(
      v.string(),
      v.regex(/^-?\d{1,13}(\.\d{1,2})?$/, 'a posting amount is a signed decimal string'),
    ),
  }),
)
const text = v.string()
const obj = <E extends v.ObjectEntries>(entries: E) => v.looseObject(entries)

export const dayPayloadSchemas: Record<string, Record<number, v.GenericSchema>> = {
  'day.begun': {
    1: obj({ cash: denominationsSchema, openingCash: moneyString, stock: stockSchema, postings }),
  },
  'day.opening-difference.recorded': {
    1: obj({
      dayBegun: idField,
      expectedCash: moneyString,
      declaredCash: moneyString,
      difference: signedMoneyString,
      postings,
    }),
  },
  'day.ended': {
    1: obj({
      digest: v.pipe(text, v.regex(/^[0-9a-f]{64}$/)),
      eventIds: v.array(idField),
      closingCash: signedMoneyString,
      closingStock: v.record(text, v.number()),
    }),
  },
  'day.reversed': { 1: obj({ date: text, reason: text }) },
  'day.holiday-permitted': { 1: obj({ date: text, reason: text }) },
  'duty.requested': { 1: obj({ kind: text, counter: v.nullable(text) }) },
  'duty.approved': { 1: obj({ dutyId: idField }) },
  'duty.refused': { 1: obj({ dutyId: idField, reason: text }) },
  'shift.begun': { 1: obj({ dutyId: idField }) },
  'advance.requested': { 1: obj({ dutyId: idField, amount: moneyString, stock: stockSchema }) },
  'advance.issued': { 1: obj({ advanceId: idField, postings }) },
  'advance.acknowledged': { 1: obj({ advanceId: idField, postings }) },
  'counter.transacted': {
    1: obj({ kind: v.picklist(['deposit', 'withdrawal']), amount: moneyString, reference: text, postings }),
  },
  'cash.requested': {
    1: obj({ accountOffice: idField, amount: moneyString, denominations: denominationsSchema, remark: text }),
    // v2 adds the requesting office's treasury balance as its device knew it, for the approver's limit check
    2: obj({
      accountOffice: idField,
      amount: moneyString,
      denominations: denominationsSchema,
      remark: text,
      treasuryBalance: moneyString,
    }),
  },
  'cash.approved': { 1: obj({ requestId: idField, amount: moneyString, breachReason: v.nullable(text) }) },
  'cash.refused': { 1: obj({ requestId: idField, reason: text }) },
  'cashbag.packed': {
    1: obj({
      bagNo: idField,
      sealNo: text,
      requestId: v.nullable(idField),
      from: idField,
      to: idField,
      amount: moneyString,
      denominations: denominationsSchema,
      carrier: idField,
      postings,
    }),
  },
  'cashbag.dispatched': { 1: obj({ bagNo: idField, carrier: idField }) },
  'cashbag.received': {
    1: obj({
      bagNo: idField,
      sealNo: text,
      counted: moneyString,
      denominations: denominationsSchema,
      confirmation: obj({ method: v.picklist(['otp', 'qr']), code: text }),
      discrepancies: v.array(
        obj({ kind: v.picklist(['shortage', 'excess', 'seal-mismatch']), amount: moneyString }),
      ),
      postings,
    }),
  },
  'cashbag.carried-over': { 1: obj({ bagNo: idField, reason: text }) },
  'cash.discrepancy.settled': { 1: obj({ discrepancyId: idField, reason: text, postings }) },
  'balance.breach.explained': { 1: obj({ reason: text, balance: signedMoneyString }) },
  'account.submitted': {
    1: obj({ dutyId: idField, account: obj({ countedCash: moneyString, differencePaise: v.number() }) }),
  },
  'account.count-witnessed': { 1: obj({ dutyId: idField, witnesses: v.array(idField) }) },
  'account.verified': { 1: obj({ dutyId: idField, acceptDifference: v.boolean() }) },
  'shift.ended': { 1: obj({ dutyId: idField, postings }) },
  'shift.force-ended': { 1: obj({ dutyId: idField, reason: text, postings }) },
  'ucp.made-good': { 1: obj({ amount: moneyString, reason: text, postings }) },
}
