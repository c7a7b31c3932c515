/**
 * Track and trace: every article event carries a UPU EMSEVT-style event code, and an article's timeline is
 * read from the journals of every office it passed through (booking office, each office that bagged,
 * dispatched or received it, the delivery office), merged in (hlc, id) order.
 *
 * | Dak event | code | UPU meaning (EMSEVT v3) |
 * |---|---|---|
 * | article.booked | EMA | posting / collection |
 * | bag.closed (article in it) | EMB | arrival at outward office — closest UPU code for "processed into a bag" |
 * | bag.dispatched | EMC | departure from outward office |
 * | bag.received at a mail office | EMJ | arrival at transit office |
 * | bag.received elsewhere | EMG | arrival at delivery office |
 * | beat.prepared | EDG | out for delivery |
 * | article.attempted | EMH | unsuccessful delivery attempt (with reason + action) |
 * | article.delivered | EMI | final delivery |
 * | article.returned | RTS | domestic extension (not UPU): returned to sender |
 * | article.redirected | RDR | domestic extension (not UPU): redirected to a new address or office |
 */
import type { DakEvent } from '../events/envelope.ts'
import { decodeManifest } from './manifest.ts'

export type TrackingCode = 'EMA' | 'EMB' | 'EMC' | 'EMJ' | 'EMG' | 'EDG' | 'EMH' | 'EMI' | 'RTS' | 'RDR'

export const TRACKING_LABELS: Readonly<Record<TrackingCode, string>> = {
  EMA: 'Booked',
  EMB: 'Bagged',
  EMC: 'Dispatched',
  EMJ: 'Arrived at mail office',
  EMG: 'Arrived at delivery office',
  EDG: 'Out for delivery',
  EMH: 'Delivery attempted',
  EMI: 'Delivered',
  RTS: 'Returned to sender',
  RDR: 'Redirected',
}

export interface TimelineEntry {
  readonly code: TrackingCode
  readonly label: string
  readonly office: string
  readonly date: string
  readonly at: number
  readonly hlc: string
  readonly event: string
  readonly actor: string
  /** Event-specific facts: bag id, attempt reason and action, recipient, DIGIPIN of delivery… */
  readonly details: Readonly<Record<string, unknown>>
}

type P = Record<string, unknown>

/** The article ids an event concerns, each with its code and details. */
export function trackingEntries(event: DakEvent): { articleId: string; code: TrackingCode; details: P }[] {
  const p = event.payload as P
  const one = (code: TrackingCode, details: P = {}) => [{ articleId: p.articleId as string, code, details }]
  const many = (ids: readonly string[], code: TrackingCode, details: P) =>
    ids.map((articleId) => ({ articleId, code, details }))
  switch (event.type) {
    case 'article.booked':
      return one('EMA', { service: p.service })
    case 'bag.closed': {
      try {
        return many(decodeManifest(p.manifest as string).articleIds, 'EMB', { bagId: p.bagId })
      } catch {
        // A corrupt manifest is reported by the journal's payload check; tracking just has nothing to add.
        return []
      }
    }
    case 'bag.dispatched':
      return many(p.articleIds as string[], 'EMC', { bagId: p.bagId, to: p.to })
    case 'bag.received': {
      const ids = [...new Set([...(p.scanned as string[]), ...((p.damaged as string[] | undefined) ?? [])])]
      return many(ids, (p.arrivalCode as TrackingCode) === 'EMJ' ? 'EMJ' : 'EMG', { bagId: p.bagId })
    }
    case 'beat.prepared':
      return many(p.order as string[], 'EDG', { beat: event.id, postman: p.postman })
    case 'article.attempted':
      return one('EMH', { reason: p.reason, action: p.action })
    case 'article.delivered': {
      const pod = p.pod as P
      return one('EMI', { method: pod.method, recipientName: pod.recipientName, digipin: pod.digipin })
    }
    case 'article.returned':
      return one('RTS', { reason: p.reason })
    case 'article.redirected':
      return one('RDR', { to: p.to, reason: p.reason })
    default:
      return []
  }
}

/**
 * An article's timeline from any mix of offices' journals (arrays of events, duplicates allowed), in
 * (hlc, id) order. A damaged or excess article shows where it was actually scanned.
 */
export function articleTimeline(
  journals: Iterable<DakEvent> | Iterable<Iterable<DakEvent>>,
  articleId: string,
): TimelineEntry[] {
  const byId = new Map<string, DakEvent>()
  for (const item of journals as Iterable<DakEvent | Iterable<DakEvent>>) {
    if (item && typeof (item as DakEvent).type === 'string') byId.set((item as DakEvent).id, item as DakEvent)
    else for (const e of item as Iterable<DakEvent>) byId.set(e.id, e)
  }
  const events = [...byId.values()].sort((a, b) =>
    a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  )
  const out: TimelineEntry[] = []
  for (const e of events) {
    for (const t of trackingEntries(e)) {
      if (t.articleId !== articleId) continue
      out.push({
        code: t.code,
        label: TRACKING_LABELS[t.code],
        office: e.office,
        date: e.date,
        at: e.at,
        hlc: e.hlc,
        event: e.id,
        actor: e.actor,
        details: t.details,
      })
    }
  }
  return out
}
