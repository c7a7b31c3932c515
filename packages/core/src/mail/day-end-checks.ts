/**
 * What mail contributes to an office's Close Account / Day End checklist (domain.md e3): each item passes or
 * fails with the reason a postmaster would read. The day module decides what blocks Day End; mail only reports.
 */
import type { State } from '../journal/state.ts'
import { codReconciliation } from './cod.ts'
import { mailConflicts, openIrregularities } from './mail-apply.ts'

export interface MailCheck {
  readonly id:
    | 'bags-closed'
    | 'bags-dispatched'
    | 'cod-deposited'
    | 'irregularities-reported'
    | 'mail-conflicts'
  readonly ok: boolean
  readonly reason: string
}

/** Mail's Day End checks for `office`: bags made up and sent, COD deposited, differences reported, no conflict. */
export function mailDayEndChecks(state: State, office: string): MailCheck[] {
  const bags = Object.values(state.mail.bags).filter((b) => b.from === office)
  const open = bags.filter((b) => b.status === 'open' && b.articleIds.length > 0).map((b) => b.key)
  const closed = bags.filter((b) => b.status === 'closed').map((b) => b.manifest?.bagId ?? b.key)
  const postmen = [
    ...new Set(
      Object.values(state.mail.articles)
        .filter((a) => a.office === office && a.cod?.collectedBy)
        .map((a) => a.cod!.collectedBy!),
    ),
  ].sort()
  const owing = postmen
    .map((p) => codReconciliation(state, p, office))
    .filter((r) => r.outstanding !== '0.00')
  const irregular = openIrregularities(state.mail).filter((r) => r.reportedBy === office)
  const conflicts = mailConflicts(state.mail).filter((c) => {
    // an article's conflict (booked twice, redirected twice, redirected and delivered/returned) belongs to
    // the office that holds the article; a bag's to the office whose receipts clash
    if (c.kind.startsWith('article-')) return state.mail.articles[c.subject]?.office === office
    return c.events.some((e) =>
      Object.values(state.mail.inbound).some((b) =>
        b.receipts.some((r) => r.event === e && r.office === office),
      ),
    )
  })
  return [
    {
      id: 'bags-closed',
      ok: open.length === 0,
      reason:
        open.length === 0
          ? 'No bag is left open with articles in it.'
          : `Bags still open with articles: ${open.join(', ')}; close them or carry them over.`,
    },
    {
      id: 'bags-dispatched',
      ok: closed.length === 0,
      reason:
        closed.length === 0
          ? 'Every closed bag is dispatched.'
          : `Closed but not dispatched: ${closed.join(', ')}.`,
    },
    {
      id: 'cod-deposited',
      ok: owing.length === 0,
      reason:
        owing.length === 0
          ? 'Every postman has deposited the COD collected.'
          : `COD not deposited: ${owing.map((r) => `${r.postman} ₹${r.outstanding}`).join(', ')}.`,
    },
    {
      id: 'irregularities-reported',
      ok: true,
      reason: `${irregular.length} bag irregularit${irregular.length === 1 ? 'y' : 'ies'} recorded today and reported to the offices at fault.`,
    },
    {
      id: 'mail-conflicts',
      ok: conflicts.length === 0,
      reason:
        conflicts.length === 0
          ? 'No mail conflict is open.'
          : `Resolve first: ${conflicts.map((c) => c.id).join(', ')}.`,
    },
  ]
}
