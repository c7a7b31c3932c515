/**
 * The `mail` slice: published tariffs, articles from booking to delivery, outbound bags, inbound bags with
 * their receipts and reconciliations, irregularity (error) records, beats and COD. Plain data only: the
 * journal copies and compares it.
 */
import type { BagType } from './bag-id.ts'
import type { Manifest } from './manifest.ts'
import type { Reconciliation } from './reconcile.ts'
import type { BookingOptions, CustomerType, Service, Tariff } from './tariff.ts'

/** Where an article is in its life (domain.md b5). */
export type ArticleStatus =
  | 'booked'
  | 'bagged'
  | 'in-transit'
  | 'received'
  | 'out-for-delivery'
  | 'attempted'
  | 'delivered'
  | 'returned'

export interface Party {
  readonly name: string
  readonly address: string
  readonly pincode: string
  readonly mobile?: string | undefined
}

/** The receipt's figures as money strings ("96.76"). */
export interface PriceStrings {
  readonly tariffVersion: string
  readonly tableId: string | null
  readonly band: string | null
  readonly postage: string
  readonly discount: string
  readonly fees: Readonly<Record<string, string>>
  readonly taxable: string
  readonly gst: string
  readonly total: string
}

export interface CodRecord {
  readonly amount: string
  readonly billerId: string
  status: 'due' | 'collected' | 'deposited' | 'remitted'
  collectedBy: string | null
  collectedEvent: string | null
  depositedEvent: string | null
  remittedEvent: string | null
}

/**
 * The ID document as the proof of delivery keeps it: its type and only the last 4 characters of its number
 * (UIDAI's masked-Aadhaar practice; the journal is replicated to every device of the office).
 */
export interface IdDocumentRecord {
  readonly type: string
  readonly last4: string
}

export interface ProofOfDelivery {
  readonly at: number
  readonly digipin: string
  readonly method: 'otp' | 'id-document' | 'authorised-person'
  readonly recipientName: string
  readonly idDocument: IdDocumentRecord | null
  readonly authorisation: string | null
  readonly deliveredBy: string
  readonly office: string
  /** The `article.delivered` event. */
  readonly event: string
}

/** One unsuccessful delivery attempt (EMH): why, what happens next, who, when and on which beat. */
export interface DeliveryAttempt {
  readonly event: string
  readonly reason: string
  readonly action: string
  readonly by: string
  /** Epoch ms of the attempt (the event's time). */
  readonly at: number
  readonly beat: string | null
  readonly office: string
  readonly digipin: string | null
}

/** Where a redirection sends the article: a new address (with its PIN code) or another delivery office. */
export type RedirectTarget =
  | {
      readonly kind: 'address'
      readonly address: string
      readonly pincode: string
      readonly digipin: string | null
    }
  | { readonly kind: 'office'; readonly office: string }

/** A redirection as recorded; `after` is the redirection its device knew as standing (null: none). */
export interface Redirection {
  readonly event: string
  readonly to: RedirectTarget
  readonly reason: string
  readonly by: string
  readonly at: number
  readonly office: string
  readonly after: string | null
}

/**
 * Two things done to one article on devices that did not see each other: two redirections, or a redirection
 * and a delivery. The first redirection in fold order (or the delivery) stands until a supervisor resolves.
 */
export interface ArticleClash {
  readonly kind:
    | 'article-redirected-twice'
    | 'article-redirected-and-delivered'
    | 'article-redirected-and-returned'
  readonly articleId: string
  readonly events: string[]
  resolved: boolean
}

export interface ArticleRecord {
  readonly id: string
  readonly bookedAt: string
  readonly bookedOn: string
  readonly bookedEvent: string
  readonly service: Service
  readonly customerType: CustomerType
  readonly sender: Party
  readonly addressee: Party & { readonly digipin: string }
  readonly weightGrams: number
  readonly options: BookingOptions
  readonly declaredValue: string | null
  /** The booking's price; null at an office that learnt the article from a pre-advice (not its money). */
  readonly price: PriceStrings | null
  readonly otpKeyId: string | null
  /** The article's OTP key (hex) carried from the booking; null when not booked with OTP delivery. */
  readonly otpKey: string | null
  status: ArticleStatus
  /** Office that holds the article now (booking office, then each receiving office). */
  office: string
  /** Key of the open or closed outbound bag holding it, while it is in one. */
  bag: string | null
  beat: string | null
  /** Every unsuccessful attempt, in fold order (the last one says what happens next). */
  attempts: DeliveryAttempt[]
  /** Every redirection recorded, in fold order, including those held by a clash. */
  redirections: Redirection[]
  /** The event id of the redirection that stands (its target is where the article goes), or null. */
  redirect: string | null
  pod: ProofOfDelivery | null
  /** The `article.returned` event, once returned to the sender. */
  returnedEvent: string | null
  cod: CodRecord | null
}

export interface OutboundBag {
  readonly key: string
  readonly from: string
  readonly to: string
  readonly bagType: BagType
  readonly openedOn: string
  status: 'open' | 'closed' | 'dispatched'
  /** Articles while open (in adding order); the manifest's sorted list once closed. */
  articleIds: string[]
  manifest: Manifest | null
  /** The encoded manifest (QR text) once closed. */
  manifestText: string | null
}

export interface Receipt {
  readonly event: string
  readonly office: string
  readonly device: string
  readonly sealNo: string
  readonly sealIntact: boolean
  readonly manifestSource: 'pre-advice' | 'qr'
  readonly manifestDigest: string
  readonly scanned: readonly string[]
  readonly damaged: readonly string[]
}

export interface InboundBag {
  readonly bagId: string
  /** The pre-advice (PREDES-like) once it reached this office's inbox, and the manifest it carries. */
  preAdvice: { event: string; manifest: Manifest; manifestText: string } | null
  /** Receipts in fold order; the first counts, any other is a conflict until resolved. */
  receipts: Receipt[]
  /** Index into `receipts` of the receipt that counts. */
  counted: number
  /** Manifest used for the reconciliation: the pre-advice when present, else the QR read at receipt. */
  manifest: Manifest | null
  reconciliation: Reconciliation | null
  /** Set when the QR read at receipt and the pre-advice disagree (digest differs). */
  manifestMismatch: boolean
  resolved: boolean
}

export type IrregularityKind =
  | 'missing'
  | 'excess'
  | 'damaged'
  | 'seal-mismatch'
  | 'seal-broken'
  | 'manifest-mismatch'

/** An error-book entry (PM Vol V r.144): a difference found on receipt, reported to the office at fault. */
export interface Irregularity {
  readonly id: string
  readonly bagId: string
  readonly kind: IrregularityKind
  readonly articleId: string | null
  readonly atFault: string
  readonly reportedBy: string
  readonly event: string
}

export interface BeatRecord {
  readonly id: string
  readonly office: string
  readonly date: string
  readonly postman: string
  readonly order: readonly string[]
  readonly metres: number
}

export interface MailState {
  /** Published tariffs by version, and the version published last (what booking uses). */
  tariffs: Record<string, Tariff>
  currentTariff: string | null
  articles: Record<string, ArticleRecord>
  bags: Record<string, OutboundBag>
  inbound: Record<string, InboundBag>
  irregularities: Irregularity[]
  beats: Record<string, BeatRecord>
  /** The same article id booked by more than one event (devices offline): a conflict until resolved. */
  duplicateBookings: Record<string, { events: string[]; resolved: boolean }>
  /** Concurrent redirections, or a redirection and a delivery or return, of one article, by conflict id. */
  articleClashes: Record<string, ArticleClash>
}

export function createMailState(): MailState {
  return {
    tariffs: {},
    currentTariff: null,
    articles: {},
    bags: {},
    inbound: {},
    irregularities: [],
    beats: {},
    duplicateBookings: {},
    articleClashes: {},
  }
}
