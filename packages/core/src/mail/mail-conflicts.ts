/** The conflicts and open irregularities the mail slice holds, derived from it (never stored). */
import type { Conflict } from '../journal/module.ts'
import type { MailState } from './mail-state.ts'

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
