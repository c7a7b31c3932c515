/**
 * Redirection (domain.md b5, `Attempted → Returned/Redirected`): an article not yet delivered or returned is sent
 * to a new address (with its PIN code) or to another delivery office, for a recorded reason. The redirection
 * takes the article off the beat it was on (it goes out again to the new address, or is bagged on to the new
 * office). Two devices that redirect the same article, or redirect it while another delivers or returns it,
 * without seeing each other, raise a conflict: the first redirection in fold order stands (a delivery or a
 * return always stands — the article is gone) until a supervisor resolves it.
 */
import { parse as parseDigipin } from '@dak/digipin'
import { type DomainError, domainError } from '../events/domain-error.ts'
import { type CommandContext, type DakEvent, stamp } from '../events/envelope.ts'
import type { Command } from '../journal/module.ts'
import type { State } from '../journal/state.ts'
import { parsePayload } from '../office/parse-payload.ts'
import { err, ok, type Result } from '../result.ts'
import { MAIL_PERMISSIONS, mailGuard } from './mail-guard.ts'
import { redirectSchema } from './mail-schemas.ts'
import type { ArticleClash, ArticleRecord, MailState, Redirection, RedirectTarget } from './mail-state.ts'

const RULE_REDIRECT =
  'an article not yet delivered or returned may be redirected, by the office holding it, to a new address with a valid PIN code or to a known delivery office'
const refuse = (code: string, message: string, details?: Record<string, unknown>) =>
  err(domainError(code, RULE_REDIRECT, message, details))

/** Statuses in which the office holding an article may redirect it (not in a bag, not in transit, not closed). */
export const REDIRECTABLE = ['booked', 'received', 'out-for-delivery', 'attempted'] as const

/** The redirection that stands on an article, or null. */
export function standingRedirection(a: ArticleRecord): Redirection | null {
  if (!a.redirect) return null
  return (a.redirections ?? []).find((r) => r.event === a.redirect) ?? null
}

/** Where the article is to be delivered from: the office of a standing office redirection, else null. */
export function redirectedOffice(a: ArticleRecord): string | null {
  const r = standingRedirection(a)
  return r?.to.kind === 'office' ? r.to.office : null
}

/** The DIGIPIN the beat orders the article by: a standing address redirection's, else the addressee's. */
export function deliveryDigipin(a: ArticleRecord): string {
  const r = standingRedirection(a)
  return r?.to.kind === 'address' && r.to.digipin ? r.to.digipin : a.addressee.digipin
}

/** The addressee as the article is now to be delivered: a standing address redirection replaces the place. */
export function redirectedAddressee(a: ArticleRecord): ArticleRecord['addressee'] {
  const r = standingRedirection(a)
  if (r?.to.kind !== 'address') return a.addressee
  return { ...a.addressee, address: r.to.address, pincode: r.to.pincode, digipin: deliveryDigipin(a) }
}

const canon = (id: string) => id.replace(/\s+/g, '').toUpperCase()

/** `article.redirect` → `article.redirected`, carrying the redirection the device knew as standing (`after`). */
export function redirectArticle(
  state: State,
  command: Command,
  ctx: CommandContext,
): Result<DakEvent[], DomainError> {
  const refused = mailGuard(state, ctx, MAIL_PERMISSIONS.redirect)
  if (refused) return err(refused)
  const p = parsePayload(redirectSchema, command)
  if (!p.ok) return p
  const c = p.value
  const a = state.mail.articles[canon(c.articleId)]
  if (!a || a.office !== ctx.office)
    return refuse('article-not-here', `Article ${canon(c.articleId)} is not held by ${ctx.office}.`)
  if (!(REDIRECTABLE as readonly string[]).includes(a.status)) {
    const why =
      a.status === 'delivered' || a.status === 'returned'
        ? 'it can no longer be redirected'
        : 'take it out of its bag first, or redirect it at the office that receives it'
    return refuse('article-not-redirectable', `Article ${a.id} is ${a.status}; ${why}.`, { status: a.status })
  }
  let to: RedirectTarget
  if (c.to.kind === 'office') {
    if (!state.office.offices[c.to.office]) {
      return refuse(
        'office-unknown',
        `Office ${c.to.office} is not in the reference data; pick a registered delivery office.`,
      )
    }
    if (c.to.office === ctx.office) {
      return refuse(
        'redirect-same-office',
        `Article ${a.id} is already at ${ctx.office}; redirect it to a new address instead.`,
      )
    }
    to = { kind: 'office', office: c.to.office }
  } else {
    let digipin: string | null = null
    if (c.to.digipin !== undefined && c.to.digipin.trim() !== '') {
      const place = parseDigipin(c.to.digipin)
      if (!place.ok) {
        return refuse(
          'digipin-invalid',
          `"${c.to.digipin}" is not a DIGIPIN; give the new address's DIGIPIN (e.g. 4P3-JK8-52C9) or leave it out.`,
        )
      }
      digipin = place.code
    }
    to = { kind: 'address', address: c.to.address, pincode: c.to.pincode, digipin }
  }
  return ok([
    stamp(ctx, 'article.redirected', { articleId: a.id, to, reason: c.reason, after: a.redirect ?? null }),
  ] as DakEvent[])
}

/**
 * Holds (or adds to) the clash of `kind` on an article. An event that joins a clash already resolved reopens
 * it: the supervisor did not see that event when resolving.
 */
function hold(slice: MailState, kind: ArticleClash['kind'], articleId: string, events: string[]): void {
  const id = `${kind}:${articleId}`
  slice.articleClashes ??= {}
  slice.articleClashes[id] ??= { kind, articleId, events: [], resolved: false }
  const clash = slice.articleClashes[id]
  for (const e of events) {
    if (clash.events.includes(e)) continue
    clash.events.push(e)
    clash.resolved = false
  }
}

/** Takes an article off its beat when a redirection stands: it goes out again (or on) from the office. */
function offTheBeat(a: ArticleRecord): void {
  if (a.status === 'out-for-delivery' || a.status === 'attempted') {
    a.status = 'received'
    a.beat = null
  }
}

/** Folds `article.redirected` (see the file header for which redirection stands). */
export function applyRedirected(slice: MailState, event: DakEvent): void {
  const p = event.payload as { articleId: string; to: RedirectTarget; reason: string; after: string | null }
  const a = slice.articles[p.articleId]
  if (!a) return
  a.redirections ??= []
  if (a.redirections.some((r) => r.event === event.id)) return
  a.redirections.push({
    event: event.id,
    to:
      p.to.kind === 'office'
        ? { kind: 'office', office: p.to.office }
        : { ...p.to, digipin: p.to.digipin ?? null },
    reason: p.reason,
    by: event.actor,
    at: event.at,
    office: event.office,
    after: p.after ?? null,
  })
  if (a.status === 'delivered') {
    hold(slice, 'article-redirected-and-delivered', a.id, [event.id, a.pod?.event ?? ''].filter(Boolean))
    return
  }
  if (a.status === 'returned') {
    hold(slice, 'article-redirected-and-returned', a.id, [event.id, a.returnedEvent ?? ''].filter(Boolean))
    return
  }
  // a redirection made without seeing the one that stands here was concurrent with it
  if (a.redirect && a.redirect !== p.after) {
    hold(slice, 'article-redirected-twice', a.id, [a.redirect, event.id])
    return
  }
  a.redirect = event.id
  offTheBeat(a)
}

/**
 * Called by the delivery fold before it closes an article: a delivery lands on an article a redirection took
 * off its beat (no beat since) only if the postman did not see that redirection. The delivery stands (the
 * article is handed over); the clash is held for a supervisor.
 */
export function deliveredOverRedirect(slice: MailState, a: ArticleRecord, event: DakEvent): void {
  if (a.redirect && a.beat === null)
    hold(slice, 'article-redirected-and-delivered', a.id, [a.redirect, event.id])
}

/** Applies a supervisor's resolution of an article clash; false when the conflict is not one of these. */
export function resolveArticleClash(slice: MailState, conflictId: string, resolution: string): boolean {
  const clash = slice.articleClashes?.[conflictId]
  if (!clash) return false
  if (clash.resolved) return true
  if (clash.kind === 'article-redirected-twice') {
    const a = slice.articles[clash.articleId]
    const index =
      resolution === 'keep-first' ? 0 : resolution === 'keep-second' ? 1 : Number(resolution.slice(5)) - 1
    const kept = Number.isInteger(index) ? clash.events[index] : undefined
    if (a && kept && a.status !== 'delivered' && a.status !== 'returned') a.redirect = kept
  }
  clash.resolved = true
  return true
}

/** Resolutions offered for a clash: which redirection to keep, or acknowledging the delivery/return. */
export function clashResolutions(clash: ArticleClash): string[] {
  if (clash.kind === 'article-redirected-and-delivered') return ['keep-delivery']
  if (clash.kind === 'article-redirected-and-returned') return ['keep-return']
  return clash.events.map((_, i) => (i === 0 ? 'keep-first' : i === 1 ? 'keep-second' : `keep-${i + 1}`))
}
