/**
 * The mail fold: applies one event to the `mail` slice in place, and posts the event's money (bookings, COD
 * collection, deposit, remittance) to the custody ledger through `postTransaction`, only when mail accepts
 * the event. Deterministic and order-tolerant: duplicates are ignored by id, a second booking of one id or a
 * second add of one article keeps the first in fold order, and a second receipt of one bag is held as a
 * conflict (its articles are not counted twice).
 */
import { postTransaction } from '../custody/custody-module.ts'
import type { DakEvent } from '../events/envelope.ts'
import type { Conflict } from '../journal/module.ts'
import type { State } from '../journal/state.ts'
import type { ArticleRecord, InboundBag, IrregularityKind, MailState, Receipt } from './mail-state.ts'
import { decodeManifest, type Manifest } from './manifest.ts'
import { reconcile } from './reconcile.ts'
import type { Tariff } from './tariff.ts'

type P = Record<string, unknown>
type Postings = { account: string; commodity: string; amount: string }[]

function post(state: State, event: DakEvent, postings: unknown): void {
  if (Array.isArray(postings) && postings.length > 0) {
    postTransaction(state.custody, event.id, postings as Postings, { office: event.office, date: event.date })
  }
}

/**
 * Decodes a manifest carried by an event; null when it is corrupt. Handlers only emit valid manifests, so a
 * corrupt one comes from a foreign or damaged event: the fold ignores that event rather than throwing.
 */
function manifestOf(text: unknown): Manifest | null {
  if (typeof text !== 'string') return null
  try {
    return decodeManifest(text)
  } catch {
    return null
  }
}

function inboundOf(slice: MailState, bagId: string): InboundBag {
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
function refreshInbound(slice: MailState, bag: InboundBag, office: string): void {
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

function applyBooked(slice: MailState, event: DakEvent, state: State): void {
  const p = event.payload as P
  const id = p.articleId as string
  const existing = slice.articles[id]
  if (existing) {
    // Two devices booked the same label offline. The first booking in fold order stands; the second clerk
    // really took the money, so it is posted too, and a supervisor sees the clash (and refunds or re-labels).
    if (existing.bookedEvent === event.id) return
    slice.duplicateBookings[id] ??= { events: [existing.bookedEvent], resolved: false }
    const dup = slice.duplicateBookings[id]
    if (!dup.events.includes(event.id)) {
      dup.events.push(event.id)
      post(state, event, p.postings)
    }
    return
  }
  const cod = p.cod as { amount: string; billerId: string } | null
  slice.articles[id] = {
    id,
    bookedAt: event.office,
    bookedOn: event.date,
    bookedEvent: event.id,
    service: p.service,
    customerType: p.customerType,
    sender: p.sender,
    addressee: p.addressee,
    weightGrams: p.weightGrams,
    options: p.options ?? {},
    declaredValue: p.declaredValue ?? null,
    price: p.price,
    otpKeyId: p.otpKeyId ?? null,
    status: 'booked',
    office: event.office,
    bag: null,
    beat: null,
    attempts: 0,
    pod: null,
    cod: cod
      ? {
          amount: cod.amount,
          billerId: cod.billerId,
          status: 'due',
          collectedBy: null,
          collectedEvent: null,
          depositedEvent: null,
          remittedEvent: null,
        }
      : null,
  } as ArticleRecord
  post(state, event, p.postings)
}

function applyBagEvent(slice: MailState, event: DakEvent): void {
  const p = event.payload as P
  const bag = slice.bags[p.bagKey as string]
  if (!bag) return
  const article = slice.articles[p.articleId as string]
  switch (event.type) {
    case 'bag.article-added':
      // an article is in at most one open bag: a concurrent add to a second bag loses to the first in fold order
      if (bag.status !== 'open' || !article || article.bag !== null) return
      bag.articleIds.push(article.id)
      article.bag = bag.key
      article.status = 'bagged'
      return
    case 'bag.article-removed':
      if (bag.status !== 'open' || !article || article.bag !== bag.key) return
      bag.articleIds = bag.articleIds.filter((x) => x !== article.id)
      article.bag = null
      article.status = article.office === article.bookedAt ? 'booked' : 'received'
      return
    case 'bag.closed': {
      const manifest = manifestOf(p.manifest)
      if (bag.status !== 'open' || !manifest) return
      bag.status = 'closed'
      bag.manifestText = p.manifest as string
      bag.manifest = manifest
      bag.articleIds = [...manifest.articleIds]
      return
    }
    case 'bag.dispatched':
      if (bag.status !== 'closed') return
      bag.status = 'dispatched'
      for (const id of bag.articleIds) {
        const a = slice.articles[id]
        if (a && a.bag === bag.key) a.status = 'in-transit'
      }
      return
  }
}

function applyReceived(slice: MailState, event: DakEvent): void {
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

function applyIrregularities(slice: MailState, event: DakEvent): void {
  const p = event.payload as P
  const records = p.records as { kind: IrregularityKind; articleId: string | null }[]
  records.forEach((r, i) => {
    slice.irregularities.push({
      id: `${event.id}:${i}`,
      bagId: p.bagId as string,
      kind: r.kind,
      articleId: r.articleId,
      atFault: p.atFault as string,
      reportedBy: event.office,
      event: p.receipt as string,
    })
  })
}

function applyDelivery(slice: MailState, event: DakEvent, state: State): void {
  const p = event.payload as P
  if (event.type === 'beat.prepared') {
    if (slice.beats[event.id]) return
    const order = p.order as string[]
    slice.beats[event.id] = {
      id: event.id,
      office: event.office,
      date: event.date,
      postman: p.postman as string,
      order,
      metres: p.metres as number,
    }
    for (const id of order) {
      const a = slice.articles[id]
      if (a && (a.status === 'received' || a.status === 'attempted')) {
        a.status = 'out-for-delivery'
        a.beat = event.id
      }
    }
    return
  }
  const a = slice.articles[p.articleId as string]
  if (!a || a.status === 'delivered' || a.status === 'returned') return
  if (event.type === 'article.attempted') {
    a.status = 'attempted'
    a.attempts++
  } else if (event.type === 'article.returned') {
    a.status = 'returned'
  } else if (event.type === 'article.delivered') {
    const pod = p.pod as P
    a.status = 'delivered'
    a.pod = { ...(pod as object), deliveredBy: event.actor, office: event.office } as ArticleRecord['pod']
    if (a.cod && a.cod.status === 'due' && p.cod) {
      a.cod.status = 'collected'
      a.cod.collectedBy = event.actor
      a.cod.collectedEvent = event.id
      post(state, event, p.postings)
    }
  }
}

function applyCod(slice: MailState, event: DakEvent, state: State): void {
  const p = event.payload as P
  const [from, to, field] =
    event.type === 'cod.deposited'
      ? (['collected', 'deposited', 'depositedEvent'] as const)
      : (['deposited', 'remitted', 'remittedEvent'] as const)
  // all or nothing: a deposit or remittance counts only if every article in it is still at the previous step
  const articles = (p.articleIds as string[]).map((id) => slice.articles[id])
  if (!articles.every((a) => a?.cod?.status === from)) return
  for (const a of articles) {
    a!.cod!.status = to
    a!.cod![field] = event.id
  }
  post(state, event, p.postings)
}

function resolveConflict(slice: MailState, event: DakEvent): void {
  const p = event.payload as { conflictId: string; resolution: string }
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

/** The fold of every mail event (see the file header). */
export function applyMail(slice: MailState, event: DakEvent, state: State): void {
  const p = event.payload as P
  switch (event.type) {
    case 'tariff.published': {
      const t = p.tariff as Tariff
      slice.tariffs[t.version] ??= t
      slice.currentTariff = t.version
      return
    }
    case 'article.booked':
      applyBooked(slice, event, state)
      return
    case 'bag.opened':
      slice.bags[event.id] ??= {
        key: event.id,
        from: event.office,
        to: p.to as string,
        bagType: p.bagType as MailState['bags'][string]['bagType'],
        openedOn: event.date,
        status: 'open',
        articleIds: [],
        manifest: null,
        manifestText: null,
      }
      return
    case 'bag.article-added':
    case 'bag.article-removed':
    case 'bag.closed':
    case 'bag.dispatched':
      applyBagEvent(slice, event)
      return
    case 'bag.pre-advised': {
      const manifest = manifestOf(p.manifest)
      if (!manifest) return
      const bag = inboundOf(slice, p.bagId as string)
      if (bag.preAdvice) return
      bag.preAdvice = {
        event: event.id,
        manifest,
        manifestText: p.manifest as string,
      }
      const receipt = bag.receipts[bag.counted]
      if (receipt) refreshInbound(slice, bag, receipt.office)
      return
    }
    case 'bag.received':
      applyReceived(slice, event)
      return
    case 'bag.irregularities-reported':
      applyIrregularities(slice, event)
      return
    case 'beat.prepared':
    case 'article.attempted':
    case 'article.returned':
    case 'article.delivered':
      applyDelivery(slice, event, state)
      return
    case 'cod.deposited':
    case 'cod.remitted':
      applyCod(slice, event, state)
      return
    case 'conflict.resolved':
      resolveConflict(slice, event)
      return
  }
}

/** Open mail conflicts: a bag received twice (two devices, offline) until a supervisor keeps one receipt. */
export function mailConflicts(slice: MailState): Conflict[] {
  const out: Conflict[] = []
  for (const bagId of Object.keys(slice.inbound).sort()) {
    const bag = slice.inbound[bagId]!
    if (bag.receipts.length < 2 || bag.resolved) continue
    out.push({
      id: `bag-received-twice:${bagId}`,
      kind: 'bag-received-twice',
      subject: bagId,
      events: bag.receipts.map((r) => r.event),
      resolutions: bag.receipts.map((_, i) =>
        i === 0 ? 'keep-first' : i === 1 ? 'keep-second' : `keep-${i + 1}`,
      ),
      message: `Bag ${bagId} was received ${bag.receipts.length} times (devices ${bag.receipts.map((r) => r.device).join(', ')}); only the first is counted until a supervisor keeps one.`,
    })
  }
  for (const articleId of Object.keys(slice.duplicateBookings).sort()) {
    const dup = slice.duplicateBookings[articleId]!
    if (dup.resolved) continue
    out.push({
      id: `article-booked-twice:${articleId}`,
      kind: 'article-booked-twice',
      subject: articleId,
      events: dup.events,
      resolutions: ['keep-first'],
      message: `Article ${articleId} was booked ${dup.events.length} times on different devices; the first booking stands — refund or re-label the others, then resolve.`,
    })
  }
  return out
}

/** Irregularities of counted receipts only (those of a conflicting second receipt wait for its resolution). */
export function openIrregularities(slice: MailState): MailState['irregularities'] {
  return slice.irregularities.filter((r) => {
    const bag = slice.inbound[r.bagId]
    return bag?.receipts[bag.counted]?.event === r.event
  })
}
