/**
 * The fold of the cash request and cash bag events (b3): request and approval states, bags, receipts and their
 * discrepancies, with the money posted to custody only for events accepted here (a second receipt of a bag is
 * held in a conflict and posts nothing).
 */
import { postTransaction, reverseTransaction } from '../custody/custody-module.ts'
import type { DakEvent } from '../events/envelope.ts'
import type { State } from '../journal/state.ts'
import { holdConflict } from './day-conflicts.ts'
import { type DayState, type Denominations, postingsOf } from './day-state.ts'

/** Posts a receipt and opens its discrepancies (also used when a conflict resolution swaps the receipt). */
export function postReceipt(slice: DayState, event: DakEvent, state: State): void {
  const p = event.payload as {
    bagNo: string
    discrepancies: { kind: 'shortage' | 'excess' | 'seal-mismatch'; amount: string }[]
  }
  const bag = slice.bags[p.bagNo]
  if (!bag) return
  postTransaction(state.custody, event.id, postingsOf(event), { office: event.office, date: event.date })
  bag.status = 'received'
  bag.receivedEvent = event.id
  for (const d of p.discrepancies ?? []) {
    const id = `${bag.bagNo}:${d.kind}`
    slice.discrepancies[id] = {
      id,
      office: event.office,
      bagNo: bag.bagNo,
      kind: d.kind,
      amount: d.amount,
      receiptEvent: event.id,
      settled: false,
    }
  }
}

/** Undoes a standing receipt that lost its conflict: reverses its money and withdraws its discrepancies. */
export function undoReceipt(slice: DayState, receiptId: string, by: DakEvent, state: State): void {
  reverseTransaction(state.custody, receiptId, `${by.id}:undo:${receiptId}`, {
    office: by.office,
    date: by.date,
  })
  for (const id of Object.keys(slice.discrepancies))
    if (slice.discrepancies[id]?.receiptEvent === receiptId) delete slice.discrepancies[id]
}

export function applyCashEvent(slice: DayState, event: DakEvent, state: State): void {
  const p = event.payload as Record<string, unknown>
  const meta = { office: event.office, date: event.date }
  switch (event.type) {
    case 'cash.requested':
      slice.cashRequests[event.id] ??= {
        id: event.id,
        office: event.office,
        accountOffice: p.accountOffice as string,
        amount: p.amount as string,
        denominations: p.denominations as Denominations,
        remark: p.remark as string,
        declaredBalance: event.v >= 2 && typeof p.treasuryBalance === 'string' ? p.treasuryBalance : null,
        status: 'requested',
        approvedAmount: null,
        approvals: [],
      }
      return
    case 'cash.approved': {
      const req = slice.cashRequests[p.requestId as string]
      if (!req) return
      if (req.approvals.length > 0) {
        holdConflict(slice, {
          id: `cash-approved-twice:${req.id}`,
          kind: 'cash-approved-twice',
          subject: req.id,
          standingId: req.approvals[0]!,
          event,
          resolutions: ['keep-first', 'keep-second'],
          message: `Cash request ${req.id} was approved twice (offline); keep one approval before the bag is packed.`,
        })
        return
      }
      if (req.status !== 'requested') return
      req.approvals.push(event.id)
      req.status = 'approved'
      req.approvedAmount = p.amount as string
      return
    }
    case 'cash.refused': {
      const req = slice.cashRequests[p.requestId as string]
      if (req?.status === 'requested') req.status = 'refused'
      return
    }
    case 'cashbag.packed': {
      if (slice.bags[p.bagNo as string]) return
      if (!postTransaction(state.custody, event.id, postingsOf(event), meta).posted) return
      slice.bags[p.bagNo as string] = {
        bagNo: p.bagNo as string,
        sealNo: p.sealNo as string,
        from: p.from as string,
        to: p.to as string,
        requestId: (p.requestId as string | null) ?? null,
        amount: p.amount as string,
        denominations: p.denominations as Denominations,
        date: event.date,
        carrier: p.carrier as string,
        confirmationSecret: (p.confirmationSecret as string | null | undefined) ?? null,
        status: 'packed',
        receivedEvent: null,
        carriedOver: [],
      }
      const req = p.requestId ? slice.cashRequests[p.requestId as string] : undefined
      if (req?.status === 'approved') req.status = 'packed'
      return
    }
    case 'cashbag.dispatched': {
      const bag = slice.bags[p.bagNo as string]
      if (bag?.status === 'packed') bag.status = 'in-transit'
      return
    }
    case 'cashbag.received': {
      const bag = slice.bags[p.bagNo as string]
      if (!bag) return
      if (bag.status === 'received' && bag.receivedEvent) {
        holdConflict(slice, {
          id: `cashbag-received-twice:${bag.bagNo}`,
          kind: 'cashbag-received-twice',
          subject: bag.bagNo,
          standingId: bag.receivedEvent,
          event,
          resolutions: ['keep-first', 'keep-second'],
          message: `Cash bag ${bag.bagNo} was received twice (two devices offline); keep the receipt whose count is right. Its cash is counted once.`,
        })
        return
      }
      postReceipt(slice, event, state)
      return
    }
    case 'cashbag.carried-over': {
      const bag = slice.bags[p.bagNo as string]
      if (bag && !bag.carriedOver.includes(event.date)) bag.carriedOver.push(event.date)
      return
    }
    case 'cash.discrepancy.settled': {
      const d = slice.discrepancies[p.discrepancyId as string]
      if (!d || d.settled) return
      postTransaction(state.custody, event.id, postingsOf(event), meta)
      d.settled = true
      return
    }
    case 'balance.breach.explained': {
      const day = slice.days[`${event.office}/${event.date}`]
      day?.breachReasons.push(p.reason as string)
      return
    }
  }
}
