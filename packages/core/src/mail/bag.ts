/**
 * Making up and dispatching bags (domain.md b4): open a bag for a destination office and a bag type, add and
 * remove articles (an article is in at most one open bag), close it with the S9-style bag id, seal number and
 * weight — which fixes its manifest — and dispatch it, which sends the manifest ahead as a pre-advice
 * (`bag.pre-advised`, PREDES-like) to the destination office's inbox.
 */
import { type DomainError, domainError } from '../events/domain-error.ts'
import { type CommandContext, type DakEvent, stamp } from '../events/envelope.ts'
import type { Command } from '../journal/module.ts'
import type { State } from '../journal/state.ts'
import { parsePayload } from '../office/parse-payload.ts'
import { err, ok, type Result } from '../result.ts'
import { formatBagId } from './bag-id.ts'
import { MAIL_PERMISSIONS, mailGuard } from './mail-guard.ts'
import { articleSummary } from './mail-inbound.ts'
import { bagArticleSchema, bagCloseSchema, bagDispatchSchema, bagOpenSchema } from './mail-schemas.ts'
import type { OutboundBag } from './mail-state.ts'
import { createManifest, encodeManifest } from './manifest.ts'

const RULE_BAG =
  'a bag is opened, filled, closed with seal and weight, then dispatched, by the office that owns it'
const refuse = (code: string, message: string, details?: Record<string, unknown>) =>
  err(domainError(code, RULE_BAG, message, details))

type Handler = (state: State, command: Command, ctx: CommandContext) => Result<DakEvent[], DomainError>

function ownBag(
  state: State,
  ctx: CommandContext,
  bagKey: string,
  status: OutboundBag['status'],
): Result<OutboundBag, DomainError> {
  const bag = state.mail.bags[bagKey]
  if (!bag || bag.from !== ctx.office)
    return refuse('bag-unknown', `No bag ${bagKey} of ${ctx.office}; open a bag first.`)
  if (bag.status !== status)
    return refuse(`bag-not-${status}`, `Bag ${bagKey} is ${bag.status}; this needs it ${status}.`)
  return ok(bag)
}

export const openBag: Handler = (state, command, ctx) => {
  const refused = mailGuard(state, ctx, MAIL_PERMISSIONS.bag)
  if (refused) return err(refused)
  const p = parsePayload(bagOpenSchema, command)
  if (!p.ok) return p
  if (p.value.to === ctx.office)
    return refuse('bag-to-self', 'A bag is made up for another office; pick the destination office.')
  if (!state.office.offices[p.value.to])
    return refuse('office-unknown', `Office ${p.value.to} is not registered; check the destination.`)
  return ok([stamp(ctx, 'bag.opened', { to: p.value.to, bagType: p.value.bagType })])
}

export const addToBag: Handler = (state, command, ctx) => {
  const refused = mailGuard(state, ctx, MAIL_PERMISSIONS.bag)
  if (refused) return err(refused)
  const p = parsePayload(bagArticleSchema, command)
  if (!p.ok) return p
  const bag = ownBag(state, ctx, p.value.bagKey, 'open')
  if (!bag.ok) return bag
  const articleId = p.value.articleId.replace(/\s+/g, '').toUpperCase()
  const article = state.mail.articles[articleId]
  if (!article || article.office !== ctx.office) {
    return refuse(
      'article-not-here',
      `Article ${articleId} is not held by ${ctx.office}; book or receive it first.`,
    )
  }
  if (article.bag !== null)
    return refuse(
      'article-in-other-bag',
      `Article ${articleId} is already in bag ${article.bag}; remove it there first.`,
    )
  if (!['booked', 'received', 'attempted'].includes(article.status)) {
    return refuse('article-not-baggable', `Article ${articleId} is ${article.status} and cannot go in a bag.`)
  }
  return ok([stamp(ctx, 'bag.article-added', { bagKey: p.value.bagKey, articleId })])
}

export const removeFromBag: Handler = (state, command, ctx) => {
  const refused = mailGuard(state, ctx, MAIL_PERMISSIONS.bag)
  if (refused) return err(refused)
  const p = parsePayload(bagArticleSchema, command)
  if (!p.ok) return p
  const bag = ownBag(state, ctx, p.value.bagKey, 'open')
  if (!bag.ok) return bag
  const articleId = p.value.articleId.replace(/\s+/g, '').toUpperCase()
  if (!bag.value.articleIds.includes(articleId))
    return refuse('article-not-in-bag', `Article ${articleId} is not in bag ${p.value.bagKey}.`)
  return ok([stamp(ctx, 'bag.article-removed', { bagKey: p.value.bagKey, articleId })])
}

/** Dispatch number of a new bag: one more than the bags already closed on this route this year. */
function nextDispatchNumber(state: State, bag: OutboundBag, year: string): number {
  let n = 0
  for (const b of Object.values(state.mail.bags)) {
    if (b.from === bag.from && b.to === bag.to && b.manifest?.closedOn.startsWith(year)) n++
  }
  return (n % 9999) + 1
}

export const closeBag: Handler = (state, command, ctx) => {
  const refused = mailGuard(state, ctx, MAIL_PERMISSIONS.bag)
  if (refused) return err(refused)
  const p = parsePayload(bagCloseSchema, command)
  if (!p.ok) return p
  const got = ownBag(state, ctx, p.value.bagKey, 'open')
  if (!got.ok) return got
  const bag = got.value
  if (bag.articleIds.length === 0)
    return refuse('bag-empty', `Bag ${bag.key} holds no article; add articles or leave it open.`)
  const origin = state.office.offices[bag.from]
  const destination = state.office.offices[bag.to]
  if (!origin || !destination)
    return refuse('office-unknown', `Offices ${bag.from} → ${bag.to} must be registered to label a bag.`)
  const registeredOrInsured = bag.articleIds.some((id) => {
    const o = state.mail.articles[id]?.options
    return Boolean(o?.registration || o?.insurance)
  })
  const bagId = formatBagId({
    originPin: origin.pincode,
    destinationPin: destination.pincode,
    category: p.value.category ?? (bag.bagType === 'speed-post' ? 'A' : 'C'),
    bagType: bag.bagType,
    year: Number(ctx.date.slice(0, 4)),
    dispatchNumber: nextDispatchNumber(state, bag, ctx.date.slice(0, 4)),
    receptacleSerial: 1,
    last: true,
    registeredOrInsured,
    weightGrams: p.value.weightGrams,
  })
  const manifest = createManifest({
    bagId,
    from: bag.from,
    to: bag.to,
    bagType: bag.bagType,
    sealNo: p.value.sealNo,
    weightGrams: p.value.weightGrams,
    closedOn: ctx.date,
    articleIds: bag.articleIds,
  })
  const payload = {
    bagKey: bag.key,
    bagId,
    sealNo: p.value.sealNo,
    weightGrams: p.value.weightGrams,
    manifest: encodeManifest(manifest),
  }
  return ok([stamp(ctx, 'bag.closed', payload)])
}

export const dispatchBag: Handler = (state, command, ctx) => {
  const refused = mailGuard(state, ctx, MAIL_PERMISSIONS.bag)
  if (refused) return err(refused)
  const p = parsePayload(bagDispatchSchema, command)
  if (!p.ok) return p
  const got = ownBag(state, ctx, p.value.bagKey, 'closed')
  if (!got.ok) return got
  const bag = got.value
  const manifest = bag.manifest!
  const dispatched = stamp(ctx, 'bag.dispatched', {
    bagKey: bag.key,
    bagId: manifest.bagId,
    to: bag.to,
    carrier: p.value.carrier ?? null,
    articleIds: manifest.articleIds,
  })
  // The pre-advice goes to the destination office's inbox document; it is the same manifest as the label QR.
  const preAdvice = stamp(ctx, 'bag.pre-advised', {
    bagId: manifest.bagId,
    from: bag.from,
    to: bag.to,
    manifest: bag.manifestText!,
    // what the receiving office needs to deliver each article it has never seen booked (mail.md)
    articles: manifest.articleIds.flatMap((id) => {
      const a = state.mail.articles[id]
      return a ? [articleSummary(a)] : []
    }),
  })
  return ok([dispatched, preAdvice] as DakEvent[])
}
