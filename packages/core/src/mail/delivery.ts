/**
 * Delivery (domain.md b5, Post Office Regulations 2024 reg. 54): a postman's beat in delivery order, then per
 * article either a delivery — by OTP verified on the device with no network, by an officially valid document
 * (type and number recorded) or to an authorised person — with an electronic proof of delivery (time, DIGIPIN
 * of the place, method, recipient), or an attempt with a reason and an action. Collecting a COD amount moves
 * the cash into the postman's COD pouch, owed to the biller.
 */
import { parse as parseDigipin } from '@dak/digipin'
import type { InferOutput } from 'valibot'
import { CASH } from '../custody/custody-module.ts'
import { type DomainError, domainError } from '../events/domain-error.ts'
import { type CommandContext, type DakEvent, stamp } from '../events/envelope.ts'
import type { Command } from '../journal/module.ts'
import type { State } from '../journal/state.ts'
import { parsePayload } from '../office/parse-payload.ts'
import { err, ok, type Result } from '../result.ts'
import { orderBeat } from './beat.ts'
import { money, moneyToString } from './ledger-link.ts'
import { MAIL_PERMISSIONS, mailGuard } from './mail-guard.ts'
import { attemptSchema, beatPrepareSchema, deliverSchema, LAST4, returnSchema } from './mail-schemas.ts'
import type { ArticleRecord, IdDocumentRecord } from './mail-state.ts'
import { articleOtpKey, isOtpSecret, otpKeyId, verifyOtpWithKey } from './otp.ts'
import { deliveryDigipin, redirectedOffice } from './redirect.ts'

const RULE_DELIVER =
  'an article is delivered only to the addressee, proven by OTP, an ID document or an authorisation'
const refuse = (code: string, message: string, details?: Record<string, unknown>) =>
  err(domainError(code, RULE_DELIVER, message, details))

type Handler = (state: State, command: Command, ctx: CommandContext) => Result<DakEvent[], DomainError>
const canon = (id: string) => id.replace(/\s+/g, '').toUpperCase()

function articleHere(
  state: State,
  ctx: CommandContext,
  id: string,
  allowed: readonly string[],
): Result<ArticleRecord, DomainError> {
  const a = state.mail.articles[canon(id)]
  if (!a || a.office !== ctx.office)
    return refuse('article-not-here', `Article ${canon(id)} is not held by ${ctx.office}.`)
  if (!allowed.includes(a.status)) {
    return refuse(
      'article-wrong-status',
      `Article ${a.id} is ${a.status}; this needs it ${allowed.join(' or ')}.`,
      { status: a.status },
    )
  }
  return ok(a)
}

/** `beat.prepare` → `beat.prepared`: the postman's articles in delivery order (out for delivery, EDG). */
export const prepareBeat: Handler = (state, command, ctx) => {
  const refused = mailGuard(state, ctx, MAIL_PERMISSIONS.deliver)
  if (refused) return err(refused)
  const p = parsePayload(beatPrepareSchema, command)
  if (!p.ok) return p
  const stops = []
  for (const id of new Set(p.value.articleIds.map(canon))) {
    const a = articleHere(state, ctx, id, ['received', 'attempted'])
    if (!a.ok) return a
    const elsewhere = redirectedOffice(a.value)
    if (elsewhere && elsewhere !== ctx.office) {
      return refuse(
        'article-redirected-elsewhere',
        `Article ${a.value.id} is redirected to ${elsewhere}; bag it to that office instead of taking it out.`,
        { office: elsewhere },
      )
    }
    stops.push({ articleId: a.value.id, digipin: deliveryDigipin(a.value) })
  }
  const beat = orderBeat(stops, p.value.start)
  return ok([
    stamp(ctx, 'beat.prepared', { postman: ctx.actor, order: beat.order, metres: Math.round(beat.metres) }),
  ])
}

/**
 * The ID document the proof of delivery records: its type and the last 4 characters of its number. A command
 * carrying more (a whole number, or a masked one such as `XXXXXXXX1234`) is refused, so no device journals a
 * whole identity number; the message says what to send.
 */
export function idDocumentOf(
  doc: InferOutput<typeof deliverSchema>['idDocument'],
): Result<IdDocumentRecord | null, DomainError> {
  if (!doc) return ok(null)
  const given = (doc.last4 ?? doc.number ?? '').replace(/[\s-]/g, '').toUpperCase()
  if (given.length > 4 || (doc.number !== undefined && doc.last4 !== undefined)) {
    return refuse(
      'id-document-number-too-long',
      `Send only the last 4 characters of the ${doc.type} number, as idDocument.last4 (for example { "type": "${doc.type}", "last4": "1234" }); the whole number (${given.length} characters were given) is never recorded.`,
      { given: given.length, accepted: 4 },
    )
  }
  if (!LAST4.test(given)) {
    return refuse(
      'id-document-last4-invalid',
      'idDocument.last4 must be the last 4 letters or digits of the document number (for example "1234").',
    )
  }
  return ok({ type: doc.type, last4: given })
}

function checkIdentity(a: ArticleRecord, c: InferOutput<typeof deliverSchema>): DomainError | null {
  const fail = (code: string, message: string) => domainError(code, RULE_DELIVER, message)
  if (a.options.otpDelivery && c.method !== 'otp') {
    return fail(
      'otp-required',
      `Article ${a.id} was booked with OTP delivery: ask the addressee for the OTP.`,
    )
  }
  if (c.method === 'otp') {
    if (!a.otpKeyId)
      return fail('otp-not-booked', `Article ${a.id} was not booked with OTP delivery; use an ID document.`)
    // the key carried with the article (verified with no network, no office secret); older bookings fall
    // back to the office secret the device holds
    const key = a.otpKey ?? (isOtpSecret(c.otpSecret) ? articleOtpKey(c.otpSecret, a.id) : null)
    if (!key || (!a.otpKey && otpKeyId(c.otpSecret!) !== a.otpKeyId)) {
      return fail(
        'otp-secret-unknown',
        `This device does not hold the delivery secret ${a.otpKeyId} of ${a.id}; sync the device.`,
      )
    }
    if (!c.otp || !verifyOtpWithKey(key, c.otp)) {
      return fail(
        'otp-wrong',
        `The OTP given for ${a.id} is not right; ask again, or record an attempt (otp-not-given).`,
      )
    }
  }
  if (c.method === 'id-document' && !c.idDocument) {
    return fail('id-document-missing', 'Record the ID document type and number of the recipient.')
  }
  if (c.method === 'authorised-person' && (!c.authorisation || !c.idDocument)) {
    return fail(
      'authorisation-missing',
      'An authorised person shows the authorisation letter and an ID document: record both.',
    )
  }
  return null
}

/** `article.deliver` → `article.delivered` with its ePoD (and the COD collection posted to the pouch). */
export const deliverArticle: Handler = (state, command, ctx) => {
  const refused = mailGuard(state, ctx, MAIL_PERMISSIONS.deliver)
  if (refused) return err(refused)
  const p = parsePayload(deliverSchema, command)
  if (!p.ok) return p
  const c = p.value
  const got = articleHere(state, ctx, c.articleId, ['out-for-delivery'])
  if (!got.ok) return got
  const a = got.value
  const beat = a.beat ? state.mail.beats[a.beat] : undefined
  if (!beat || beat.postman !== ctx.actor)
    return refuse('not-on-your-beat', `Article ${a.id} is not on a beat of ${ctx.actor}.`)
  const place = parseDigipin(c.digipin)
  if (!place.ok)
    return refuse('digipin-invalid', `"${c.digipin}" is not a DIGIPIN; record where the delivery happened.`)
  const identity = checkIdentity(a, c)
  if (identity) return err(identity)
  const doc = idDocumentOf(c.method === 'otp' ? undefined : c.idDocument)
  if (!doc.ok) return doc
  const pod = {
    at: ctx.now,
    digipin: place.code,
    method: c.method,
    recipientName: c.recipientName,
    idDocument: doc.value,
    authorisation: c.authorisation ?? null,
  }
  const cod = a.cod && a.cod.status === 'due' ? a.cod : null
  const postings = cod
    ? [
        { account: `cod-pouch:${ctx.actor}`, commodity: CASH, amount: cod.amount },
        {
          account: `biller:${cod.billerId}`,
          commodity: CASH,
          amount: moneyToString(money(`-${cod.amount}`)),
        },
      ]
    : []
  const payload = cod
    ? { articleId: a.id, pod, cod: { amount: cod.amount, billerId: cod.billerId }, postings }
    : { articleId: a.id, pod }
  // v2: the ID document is `{ type, last4 }` (v1 carried the number as given)
  return ok([stamp(ctx, 'article.delivered', payload, 2)] as DakEvent[])
}

/** `article.attempt` → `article.attempted` (EMH): a reason and an action are both required. */
export const attemptDelivery: Handler = (state, command, ctx) => {
  const refused = mailGuard(state, ctx, MAIL_PERMISSIONS.deliver)
  if (refused) return err(refused)
  const p = parsePayload(attemptSchema, command)
  if (!p.ok) return p
  const got = articleHere(state, ctx, p.value.articleId, ['out-for-delivery'])
  if (!got.ok) return got
  const payload = {
    articleId: got.value.id,
    reason: p.value.reason,
    action: p.value.action,
    digipin: p.value.digipin ?? null,
  }
  return ok([stamp(ctx, 'article.attempted', payload)] as DakEvent[])
}

/** `article.return` → `article.returned`: an undeliverable article goes back to the sender. */
export const returnArticle: Handler = (state, command, ctx) => {
  const refused = mailGuard(state, ctx, MAIL_PERMISSIONS.deliver)
  if (refused) return err(refused)
  const p = parsePayload(returnSchema, command)
  if (!p.ok) return p
  const got = articleHere(state, ctx, p.value.articleId, ['attempted', 'received'])
  if (!got.ok) return got
  return ok([
    stamp(ctx, 'article.returned', { articleId: got.value.id, reason: p.value.reason }),
  ] as DakEvent[])
}
