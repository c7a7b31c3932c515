/**
 * The shape of a `dak.tariff/1` document as pricing reads it, and of a price request and its breakdown.
 * The figures themselves live only in the data (packages/core/data/tariff.json).
 */
import type { Money } from './ledger-link.ts'

export type Bands = Readonly<Record<string, number>>
export interface Slab {
  readonly upToGrams: number
  readonly bands: Bands
}
/** One priced table of a banded service (Speed Post, India Post Parcel). */
export interface TariffTable {
  readonly id: string
  readonly customerType: 'retail' | 'contractual' | 'any'
  readonly effectiveFrom: string | null
  readonly effectiveTo: string | null
  readonly bandSet: string
  readonly maxGrams: number | null
  readonly slabs: readonly Slab[]
  readonly additional: {
    readonly afterGrams: number
    readonly stepGrams: number
    readonly bands: Bands
  } | null
}
export interface SteppedService {
  readonly firstGrams: number
  readonly firstPaise: number
  readonly stepGrams: number
  readonly stepPaise: number
  readonly maxGrams: number
}
export interface ValueAdded {
  readonly feePaise?: number
  readonly contractualFeePaise?: number
  readonly appliesTo: readonly string[]
  readonly gstApplies: boolean
  readonly maxInsuredValuePaise?: number
  readonly fee?: {
    readonly upToValuePaise: number
    readonly basePaise: number
    readonly rateBpsOnExcess: number
  }
}
export interface CodSlab {
  readonly fromAmountPaise: number
  readonly toAmountPaise: number
  readonly fixedPaise: number
  readonly rateBps: number
  readonly rateAppliesTo: 'amount' | 'excessOverFrom'
}

/** The parts of `tariff.json` that pricing reads (the file holds more: sources, notes, confidence). */
export interface Tariff {
  readonly schema: 'dak.tariff/1'
  readonly version: string
  readonly gst: {
    readonly rateBps: number
    readonly taxable: readonly string[]
    readonly unclear: readonly string[]
  }
  readonly bandSets: Readonly<Record<string, { readonly bands: readonly { readonly id: string }[] }>>
  readonly services: Readonly<
    Record<string, { readonly tables?: readonly TariffTable[] } & Partial<SteppedService>>
  >
  readonly valueAdded: Readonly<Record<string, ValueAdded>>
  readonly discounts: { readonly student: { readonly rateBps: number; readonly effectiveFrom: string } }
  readonly cod: {
    readonly maxAmountPaise: number
    readonly amountMustBeWholeRupees: boolean
    readonly feeSlabs: readonly CodSlab[]
    readonly gstApplies: boolean
  }
  /** Money order / eMO commission: `perStepPaise` for every `stepAmountPaise` or part; no GST. */
  readonly moneyOrder?: {
    readonly commission: { readonly perStepPaise: number; readonly stepAmountPaise: number }
    readonly maxPerOrderPaise: number
    readonly amountMustBeWholeRupees: boolean
  }
}

/** The services the counter books. */
export const SERVICES = [
  'speed-post-document',
  'speed-post-parcel',
  'india-post-parcel',
  'letter',
  'book-post',
] as const
export type Service = (typeof SERVICES)[number]
export type CustomerType = 'retail' | 'contractual'

/** Value-added options chosen at booking (each a fee from `valueAdded`). */
export interface BookingOptions {
  readonly registration?: boolean
  readonly otpDelivery?: boolean
  readonly proofOfDelivery?: boolean
  readonly insurance?: boolean
}

export interface PriceRequest {
  readonly service: Service
  /** Business date of booking, yyyy-mm-dd: picks the table in force. */
  readonly bookingDate: string
  readonly customerType: CustomerType
  readonly weightGrams: number
  /** Band or zone id of the table's band set (e.g. `upTo2000km`, `otherStates`); not needed for letters. */
  readonly band?: string
  readonly options?: BookingOptions
  /** Declared value, for insurance. */
  readonly declaredValue?: Money
  /** Amount to collect on delivery (contractual customers only). */
  readonly codAmount?: Money
  /** Student Mail discount (Speed Post Document only). */
  readonly student?: boolean
  /** Treat services whose GST status is unclear (book post) as taxable. Default false. */
  readonly gstOnUnclear?: boolean
}

/** What the receipt shows. Every figure is exact paise; `total` = taxable + exempt + gst. */
export interface PriceBreakdown {
  readonly tariffVersion: string
  readonly tableId: string | null
  readonly band: string | null
  readonly postage: Money
  readonly discount: Money
  readonly fees: Readonly<
    Partial<Record<'registration' | 'otp-delivery' | 'proof-of-delivery' | 'insurance' | 'cod-fee', Money>>
  >
  /** Amount GST is charged on (postage after discount if the service is taxable, plus taxable fees). */
  readonly taxable: Money
  readonly gst: Money
  readonly total: Money
}
