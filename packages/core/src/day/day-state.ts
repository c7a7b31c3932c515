/**
 * The `day` slice: office days, duties and shifts, advances, cash requests, cash bags, discrepancies, late
 * entries and the conflicts the fold found. Plain data only (it is copied and compared by the journal).
 */
import type { PostingData } from '../custody/custody-module.ts'
import { type DomainError, domainError } from '../events/domain-error.ts'
import type { CommandContext, DakEvent } from '../events/envelope.ts'
import type { Conflict } from '../journal/module.ts'
import type { State } from '../journal/state.ts'
import type { DutyKind } from '../office/office-types.ts'

/** Cash counted by denomination: rupee face value ("500", "0.50") → number of notes/coins. */
export type Denominations = Record<string, number>

export interface OfficeDay {
  readonly office: string
  readonly date: string
  status: 'begun' | 'ended'
  begunEvent: string
  /** The `day.opening-difference.recorded` event of the standing Day Begin, if any. */
  openingDifferenceEvent: string | null
  /** Opening cash declared at Day Begin (money string) and stock (pieces by commodity). */
  openingCash: string
  openingStock: Record<string, number>
  /** Treasury balance (paise) right after Day Begin (and its opening difference). */
  treasuryOpening: number
  /** Treasury balance (paise) before the Day Begin posted: the base of the day's treasury reconciliation. */
  treasuryBefore: number
  ended: { event: string; digest: string; closingCash: string; closingStock: Record<string, number> } | null
  /** Reasons given for a treasury balance outside the authorised max/min on this day. */
  breachReasons: string[]
}

export type DutyStatus = 'requested' | 'approved' | 'refused' | 'begun' | 'submitted' | 'verified' | 'ended'

export interface CloseAccount {
  countedCash: string
  countedDenominations: Denominations
  countedStock: Record<string, number>
  /** Expected counter cash (paise) and stock from the custody ledger at submission. */
  expectedPaise: number
  expectedStock: Record<string, number>
  /** counted − expected, in paise (negative = shortage). */
  differencePaise: number
  stockDifferences: Record<string, number>
  deposits: string
  withdrawals: string
}

export interface Duty {
  readonly id: string
  readonly office: string
  readonly date: string
  readonly staff: string
  readonly kind: DutyKind
  readonly counter: string | null
  status: DutyStatus
  decidedBy: string | null
  refusal: string | null
  account: CloseAccount | null
  witnessedBy: string[] | null
  acceptedDifference: boolean
  forcedReason: string | null
  /** Deposits taken and withdrawals paid at this counter, in paise, from `counter.transacted` events. */
  depositsPaise: number
  withdrawalsPaise: number
}

export interface Advance {
  readonly id: string
  readonly duty: string
  readonly office: string
  readonly amount: string
  readonly stock: Record<string, number>
  status: 'requested' | 'issued' | 'acknowledged'
}

export interface CashRequest {
  readonly id: string
  readonly office: string
  readonly accountOffice: string
  readonly amount: string
  readonly denominations: Denominations
  readonly remark: string
  /**
   * The requesting office's treasury balance when it asked, as its own device declared it (v2 requests); null
   * for a v1 request. The account office's device does not hold that balance, so its limit check uses this.
   */
  readonly declaredBalance: string | null
  status: 'requested' | 'approved' | 'refused' | 'packed'
  approvedAmount: string | null
  approvals: string[]
}

export interface CashBag {
  readonly bagNo: string
  readonly sealNo: string
  readonly from: string
  readonly to: string
  readonly requestId: string | null
  readonly amount: string
  readonly denominations: Denominations
  readonly date: string
  carrier: string
  /** Hex secret for the carrier's one-time code, if the packing device drew one. */
  readonly confirmationSecret: string | null
  status: 'packed' | 'in-transit' | 'received'
  receivedEvent: string | null
  carriedOver: string[]
}

export interface Discrepancy {
  readonly id: string
  readonly office: string
  readonly bagNo: string
  readonly kind: 'shortage' | 'excess' | 'seal-mismatch'
  readonly amount: string
  readonly receiptEvent: string
  settled: boolean
}

export interface LateEntry {
  readonly event: string
  readonly office: string
  readonly date: string
  readonly type: string
  reviewed: boolean
}

/** A conflict plus what the fold held back until a person resolves it. */
export interface HeldConflict {
  readonly conflict: Conflict
  /** The id of the event that stands until resolved, and the events held back (not applied, nothing posted). */
  readonly standing: string
  readonly held: DakEvent[]
  resolved: boolean
}

/** The events of one office day (same office and business date) in fold order, for the Day End seal. */
export interface DayRecord {
  eventIds: string[]
  eventTypes: string[]
  eventActors: string[]
  /**
   * The events themselves, for the seal computed at Day End (`daySeal`). Shared with the journal, never
   * copied: events are immutable, and the day module's `clone` shares them so their hashes stay memoised.
   */
  events: DakEvent[]
}

export interface DayState {
  days: Record<string, OfficeDay>
  /** Sundays/holidays on which the divisional office allowed a BO to work, by `dayKey`, with the reason. */
  holidayPermits: Record<string, string>
  /** Every office day's events (also those before its Day Begin), by `dayKey`; sealed at Day End. */
  records: Record<string, DayRecord>
  /** Latest business date begun per office. */
  latest: Record<string, string>
  duties: Record<string, Duty>
  advances: Record<string, Advance>
  cashRequests: Record<string, CashRequest>
  bags: Record<string, CashBag>
  discrepancies: Record<string, Discrepancy>
  lateEntries: Record<string, LateEntry>
  conflicts: Record<string, HeldConflict>
}

export function createDayState(): DayState {
  return {
    days: {},
    holidayPermits: {},
    records: {},
    latest: {},
    duties: {},
    advances: {},
    cashRequests: {},
    bags: {},
    discrepancies: {},
    lateEntries: {},
    conflicts: {},
  }
}

/** Key of an office day in `DayState.days`. */
export const dayKey = (office: string, date: string): string => `${office}/${date}`

/**
 * Account ids used by the day, in `@dak/ledger`'s kinds (built here rather than with its throwing helpers, so a
 * fold never throws on an odd id from another device).
 */
export const accounts = {
  treasury: (office: string) => `treasury:${office}`,
  counter: (duty: string) => `counter:${duty}`,
  transit: (bagNo: string) => `transit:${bagNo}`,
  advanceInHand: (advance: string) => `transit:advance-${advance}`,
  ucp: (office: string) => `ucp:${office}`,
  ucr: (office: string) => `ucr:${office}`,
  opening: (office: string) => `opening:${office}`,
  openingDifference: (office: string) => `opening:${office}.difference`,
  deposits: (office: string) => `savings:${office}`,
}

/** Payload postings of an event, or an empty list when it carries none. */
export function postingsOf(event: DakEvent): PostingData[] {
  const p = event.payload as { postings?: PostingData[] } | null
  return Array.isArray(p?.postings) ? p.postings : []
}

/**
 * Refuses unless the office's day `date` has begun and is not ended: nothing can be booked, paid or dispatched
 * in an office whose day has not begun (or is locked). Mail and every money command call this first.
 */
export function requireDayBegun(state: State, office: string, date: string): DomainError | null {
  const day = state.day.days[dayKey(office, date)]
  if (day?.status === 'begun') return null
  const rule = 'nothing can be booked, paid or dispatched in an office whose day has not begun'
  if (day?.status === 'ended')
    return domainError(
      'day-ended',
      rule,
      `The day ${date} of ${office} is ended and locked; begin the next day.`,
    )
  return domainError(
    'day-not-begun',
    rule,
    `The day ${date} of ${office} has not begun; begin the day first.`,
    {
      office,
      date,
    },
  )
}

/** The same context acting under another duty (methods forwarded, since a context may be a class instance). */
export function withDuty(ctx: CommandContext, duty: string | null): CommandContext {
  return {
    office: ctx.office,
    date: ctx.date,
    actor: ctx.actor,
    device: ctx.device,
    duty,
    now: ctx.now,
    newId: () => ctx.newId(),
    nextHlc: () => ctx.nextHlc(),
  }
}
