/**
 * Inbound bags in the mail fold: the pre-advice and the receipts of a bag at its destination office, and the
 * reconciliation derived from them. The first receipt in fold order counts; a second one is held for a
 * supervisor (`bag-received-twice`), so no article is counted twice.
 */

import type { DakEvent } from '../events/envelope.ts'
import type { ArticleRecord, InboundBag, MailState, Receipt } from './mail-state.ts'
import { decodeManifest, type Manifest } from './manifest.ts'
import { reconcile } from './reconcile.ts'
import { redirectedAddressee, resolveArticleClash } from './redirect.ts'

type P = Record<string, unknown>

/**
 * Decodes a manifest carried by an event; null when it is corrupt. Handlers only emit valid manifests, so a
 * corrupt one comes from a foreign or damaged event: the fold ignores that event rather than throwing.
 */
export function manifestOf(text: unknown): Manifest | null {
  if (typeof text !== 'string') return null
  try {
    return decodeManifest(text)
  } catch {
    return null
  }
}

export function inboundOf(slice: MailState, bagId: string): InboundBag {
  const existing = slice.inbound[bagId]
  if (existing) return existing
  const created: InboundBag = {
    bagId,
    preAdvice: null,
    receipts: [],
    counted: 0,
    manifest: null,
    reconciliation: null,
    manifestMismatch: false,
    resolved: false,
  }
  slice.inbound[bagId] = created
  return created
}

/** Recomputes an inbound bag's reconciliation from its counted receipt and the best manifest known. */
export function refreshInbound(slice: MailState, bag: InboundBag, office: string): void {
  const receipt = bag.receipts[bag.counted]
  if (!receipt) return
  bag.manifest = bag.preAdvice?.manifest ?? bag.manifest
  if (!bag.manifest) return
  bag.manifestMismatch = bag.preAdvice !== null && receipt.manifestDigest !== bag.preAdvice.manifest.digest
  bag.reconciliation = reconcile(bag.manifest.articleIds, receipt.scanned, receipt.damaged)
  for (const id of [...bag.reconciliation.matched, ...bag.reconciliation.excess]) {
    const a = slice.articles[id]
    if (!a) continue
    a.status = 'received'
    a.office = office
    a.bag = null
  }
}

/** `bag.received`: a receipt; only the first of a bag is counted. */
export function applyReceived(slice: MailState, event: DakEvent): void {
  const p = event.payload as P
  const manifest = manifestOf(p.manifest)
  if (!manifest) return
  const bag = inboundOf(slice, p.bagId as string)
  if (bag.receipts.some((r) => r.event === event.id)) return
  const receipt: Receipt = {
    event: event.id,
    office: event.office,
    device: event.device,
    sealNo: p.sealNo as string,
    sealIntact: p.sealIntact as boolean,
    manifestSource: p.manifestSource as 'pre-advice' | 'qr',
    manifestDigest: manifest.digest,
    scanned: p.scanned as string[],
    damaged: (p.damaged as string[] | undefined) ?? [],
  }
  bag.receipts.push(receipt)
  if (bag.receipts.length > 1) return // a second receipt is a conflict: nothing of it is counted
  bag.manifest ??= manifest
  refreshInbound(slice, bag, event.office)
}

/**
 * What a pre-advice carries of each article: the booking facts the receiving office needs to deliver it
 * (addressee and DIGIPIN, options, COD, the article's OTP key). Not the price or the payment: the booking's
 * money stays in the booking office's ledger.
 */
export interface ArticleSummary {
  readonly id: string
  readonly bookedAt: string
  readonly bookedOn: string
  readonly bookedEvent: string
  readonly service: ArticleRecord['service']
  readonly customerType: ArticleRecord['customerType']
  readonly sender: ArticleRecord['sender']
  readonly addressee: ArticleRecord['addressee']
  readonly weightGrams: number
  readonly options: ArticleRecord['options']
  readonly declaredValue: string | null
  readonly otpKeyId: string | null
  readonly otpKey: string | null
  readonly cod: { readonly amount: string; readonly billerId: string } | null
}

/** The summary of an article carried by the pre-advice of the bag it leaves in. */
export function articleSummary(a: ArticleRecord): ArticleSummary {
  return {
    id: a.id,
    bookedAt: a.bookedAt,
    bookedOn: a.bookedOn,
    bookedEvent: a.bookedEvent,
    service: a.service,
    customerType: a.customerType,
    sender: a.sender,
    // a standing redirection to a new address travels with the article to the office that delivers it
    addressee: redirectedAddressee(a),
    weightGrams: a.weightGrams,
    options: a.options,
    declaredValue: a.declaredValue,
    otpKeyId: a.otpKeyId,
    otpKey: a.otpKey,
    cod: a.cod ? { amount: a.cod.amount, billerId: a.cod.billerId } : null,
  }
}

/** An article first known here from a pre-advice: in transit from `from` until its bag is received. */
function learnArticle(slice: MailState, s: ArticleSummary, from: string): void {
  if (typeof s?.id !== 'string' || slice.articles[s.id]) return
  slice.articles[s.id] = {
    id: s.id,
    bookedAt: s.bookedAt,
    bookedOn: s.bookedOn,
    bookedEvent: s.bookedEvent,
    service: s.service,
    customerType: s.customerType,
    sender: s.sender,
    addressee: s.addressee,
    weightGrams: s.weightGrams,
    options: s.options ?? {},
    declaredValue: s.declaredValue ?? null,
    // the price and payment belong to the booking office's day; a receiving office never posts them
    price: null,
    otpKeyId: s.otpKeyId ?? null,
    otpKey: s.otpKey ?? null,
    status: 'in-transit',
    office: from,
    bag: null,
    beat: null,
    attempts: [],
    redirections: [],
    redirect: null,
    pod: null,
    returnedEvent: null,
    cod: s.cod
      ? {
          amount: s.cod.amount,
          billerId: s.cod.billerId,
          status: 'due',
          collectedBy: null,
          collectedEvent: null,
          depositedEvent: null,
          remittedEvent: null,
        }
      : null,
  }
}

/**
 * `bag.pre-advised`: the manifest sent ahead reaches the destination's inbox, with a summary of each article
 * (so an office learns the articles booked elsewhere); a receipt is re-reconciled.
 */
export function applyPreAdvised(slice: MailState, event: DakEvent): void {
  const p = event.payload as P
  const manifest = manifestOf(p.manifest)
  if (!manifest) return
  if (Array.isArray(p.articles)) {
    const from = typeof p.from === 'string' ? p.from : event.office
    const listed = new Set(manifest.articleIds)
    for (const s of p.articles as ArticleSummary[]) if (listed.has(s?.id)) learnArticle(slice, s, from)
  }
  const bag = inboundOf(slice, p.bagId as string)
  if (bag.preAdvice) return
  bag.preAdvice = { event: event.id, manifest, manifestText: p.manifest as string }
  const receipt = bag.receipts[bag.counted]
  if (receipt) refreshInbound(slice, bag, receipt.office)
}

/** `conflict.resolved` for a mail conflict: keep one receipt of a bag, or close a duplicate booking. */
export function resolveConflict(slice: MailState, event: DakEvent): void {
  const p = event.payload as { conflictId: string; resolution: string }
  if (resolveArticleClash(slice, p.conflictId, p.resolution)) return
  if (p.conflictId.startsWith('article-booked-twice:')) {
    const dup = slice.duplicateBookings[p.conflictId.slice('article-booked-twice:'.length)]
    if (dup) dup.resolved = true
    return
  }
  const bagId = p.conflictId.replace(/^bag-received-twice:/, '')
  const bag = slice.inbound[bagId]
  if (!bag || bag.resolved || bag.receipts.length < 2) return
  const index =
    p.resolution === 'keep-second'
      ? 1
      : p.resolution.startsWith('keep-')
        ? Number(p.resolution.slice(5)) - 1
        : 0
  bag.counted = Number.isInteger(index) && index >= 0 && index < bag.receipts.length ? index : 0
  bag.resolved = true
  refreshInbound(slice, bag, bag.receipts[bag.counted]!.office)
}
