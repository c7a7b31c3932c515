/**
 * The mail fold: applies one event to the `mail` slice in place, and posts the event's money (bookings, COD
 * collection, deposit, remittance) to the custody ledger through `postTransaction`, only when mail accepts
 * the event. Deterministic and order-tolerant: duplicates are ignored by id, a second booking of one id or a
 * second add of one article keeps the first in fold order, and a second receipt of one bag is held as a
 * conflict (its articles are not counted twice).
 */
import { postTransaction } from '../custody/custody-module.ts'
import type { DakEvent } from '../events/envelope.ts'
import type { State } from '../journal/state.ts'
import { applyPreAdvised, applyReceived, manifestOf, resolveConflict } from './mail-inbound.ts'
import type { ArticleRecord, IdDocumentRecord, IrregularityKind, MailState } from './mail-state.ts'
import { applyRedirected, deliveredOverRedirect } from './redirect.ts'
import type { Tariff } from './tariff.ts'

type P = Record<string, unknown>
type Postings = { account: string; commodity: string; amount: string }[]

function post(state: State, event: DakEvent, postings: unknown): void {
  if (Array.isArray(postings) && postings.length > 0) {
    postTransaction(state.custody, event.id, postings as Postings, { office: event.office, date: event.date })
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
    otpKey: p.otpKey ?? null,
    status: 'booked',
    office: event.office,
    bag: null,
    beat: null,
    attempts: [],
    redirections: [],
    redirect: null,
    pod: null,
    returnedEvent: null,
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
    a.attempts ??= []
    if (a.attempts.some((x) => x.event === event.id)) return
    a.status = 'attempted'
    a.attempts.push({
      event: event.id,
      reason: p.reason as string,
      action: p.action as string,
      by: event.actor,
      at: event.at,
      beat: a.beat,
      office: event.office,
      digipin: (p.digipin as string | null | undefined) ?? null,
    })
  } else if (event.type === 'article.returned') {
    a.status = 'returned'
    a.returnedEvent = event.id
  } else if (event.type === 'article.delivered') {
    const pod = p.pod as P
    deliveredOverRedirect(slice, a, event)
    a.status = 'delivered'
    a.pod = {
      ...(pod as object),
      idDocument: idDocumentRecord(pod.idDocument),
      deliveredBy: event.actor,
      office: event.office,
      event: event.id,
    } as ArticleRecord['pod']
    if (a.cod && a.cod.status === 'due' && p.cod) {
      a.cod.status = 'collected'
      a.cod.collectedBy = event.actor
      a.cod.collectedEvent = event.id
      post(state, event, p.postings)
    }
  }
}

/**
 * The ID document as the state keeps it, from a v2 payload (`{ type, last4 }`) or a v1 payload (`{ type, number }`
 * as typed, perhaps whole): only the last 4 characters are kept either way.
 */
function idDocumentRecord(doc: unknown): IdDocumentRecord | null {
  if (!doc || typeof doc !== 'object') return null
  const d = doc as { type?: unknown; last4?: unknown; number?: unknown }
  const raw = typeof d.last4 === 'string' ? d.last4 : typeof d.number === 'string' ? d.number : ''
  return { type: String(d.type), last4: raw.replace(/[\s-]/g, '').toUpperCase().slice(-4) }
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
    case 'bag.pre-advised':
      applyPreAdvised(slice, event)
      return
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
    case 'article.redirected':
      applyRedirected(slice, event)
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

export { mailConflicts, openIrregularities } from './mail-conflicts.ts'
