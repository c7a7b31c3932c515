/** The conflicts and open irregularities the mail slice holds, derived from it (never stored). */
import type { Conflict } from '../journal/module.ts'
import type { ArticleClash, MailState } from './mail-state.ts'
import { clashResolutions } from './redirect.ts'

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
  for (const id of Object.keys(slice.articleClashes ?? {}).sort()) {
    const clash = slice.articleClashes[id]!
    if (clash.resolved) continue
    out.push({
      id,
      kind: clash.kind,
      subject: clash.articleId,
      events: [...clash.events],
      resolutions: clashResolutions(clash),
      message: CLASH_MESSAGES[clash.kind](clash.articleId, clash.events.length),
    })
  }
  return out
}

const CLASH_MESSAGES: Record<ArticleClash['kind'], (id: string, n: number) => string> = {
  'article-redirected-twice': (id, n) =>
    `Article ${id} was redirected ${n} times on devices that did not see each other; the first redirection stands until a supervisor keeps one.`,
  'article-redirected-and-delivered': (id) =>
    `Article ${id} was redirected while another device delivered it; the delivery stands — tell whoever asked for the redirection, then resolve.`,
  'article-redirected-and-returned': (id) =>
    `Article ${id} was redirected while another device returned it to the sender; the return stands — tell whoever asked for the redirection, then resolve.`,
}

/** Irregularities of counted receipts only (those of a conflicting second receipt wait for its resolution). */
export function openIrregularities(slice: MailState): MailState['irregularities'] {
  return slice.irregularities.filter((r) => {
    const bag = slice.inbound[r.bagId]
    return bag?.receipts[bag.counted]?.event === r.event
  })
}
