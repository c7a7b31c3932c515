/**
 * Booking an article at the counter (`article.book` → `article.booked`): the S10 id, sender and addressee
 * with the addressee's DIGIPIN (what delivery sorts by), weight, service, value-added options, declared value
 * and COD; priced from the published tariff; paid in cash (into the counter wallet) or by QR, posted to the
 * custody ledger with the revenue split postage / fees / GST.
 */
import { parse as parseDigipin } from '@dak/digipin'
import { CASH, type PostingData } from '../custody/custody-module.ts'
import { domainError } from '../events/domain-error.ts'
import { type CommandContext, type DakEvent, stamp } from '../events/envelope.ts'
import type { Command } from '../journal/module.ts'
import type { State } from '../journal/state.ts'
import { parsePayload } from '../office/parse-payload.ts'
import { err, ok } from '../result.ts'
import { type Money, money, moneyToString } from './ledger-link.ts'
import { MAIL_PERMISSIONS, mailGuard } from './mail-guard.ts'
import { bookSchema } from './mail-schemas.ts'
import type { PriceStrings } from './mail-state.ts'
import { articleOtpKey, isOtpSecret, otpKeyId } from './otp.ts'
import { isValidArticleId, normalizeArticleId } from './s10.ts'
import { type PriceBreakdown, priceArticle } from './tariff.ts'

const RULE_BOOK =
  'an article is booked once, with a valid S10 id, a valid DIGIPIN and a price from the tariff'

/** The receipt's figures as money strings, as events store them. */
export function priceStrings(p: PriceBreakdown): PriceStrings {
  const fees: Record<string, string> = {}
  for (const [k, m] of Object.entries(p.fees)) fees[k] = moneyToString(m as Money)
  return {
    tariffVersion: p.tariffVersion,
    tableId: p.tableId,
    band: p.band,
    postage: moneyToString(p.postage),
    discount: moneyToString(p.discount),
    fees,
    taxable: moneyToString(p.taxable),
    gst: moneyToString(p.gst),
    total: moneyToString(p.total),
  }
}

/** Where the money of a booking goes: the payer's side is the counter wallet (cash) or the QR settlement. */
export function bookingPostings(
  p: PriceBreakdown,
  method: 'cash' | 'qr',
  cashAccount: string,
  office: string,
): PostingData[] {
  const s = (m: number) => moneyToString(m as Money)
  const fees = Object.values(p.fees).reduce((a, m) => a + (m as number), 0)
  const legs: PostingData[] = [
    {
      account: method === 'cash' ? cashAccount : `outside:qr-settlement-${office}`,
      commodity: CASH,
      amount: s(p.total),
    },
    { account: 'revenue:postage', commodity: CASH, amount: s(-(p.postage - p.discount)) },
  ]
  if (fees !== 0) legs.push({ account: 'revenue:fees', commodity: CASH, amount: s(-fees) })
  if (p.gst !== 0) legs.push({ account: 'revenue:gst', commodity: CASH, amount: s(-p.gst) })
  return legs
}

/** `article.book`: refused before Day Begin, without a booking/counter duty, or when any field breaks a rule. */
export function bookArticle(state: State, command: Command, ctx: CommandContext) {
  const refused = mailGuard(state, ctx, MAIL_PERMISSIONS.book)
  if (refused) return err(refused)
  const parsed = parsePayload(bookSchema, command)
  if (!parsed.ok) return parsed
  const c = parsed.value
  const rawId = c.articleId.replace(/\s+/g, '').toUpperCase()
  if (!isValidArticleId(rawId)) {
    return err(
      domainError(
        'article-id-invalid',
        RULE_BOOK,
        `"${c.articleId}" is not a valid S10 article id; scan the label again.`,
      ),
    )
  }
  const articleId = normalizeArticleId(rawId)
  if (state.mail.articles[articleId]) {
    return err(
      domainError('article-id-taken', RULE_BOOK, `Article ${articleId} is already booked; use a new label.`),
    )
  }
  const pin = parseDigipin(c.addressee.digipin)
  if (!pin.ok || pin.precision !== 10) {
    return err(
      domainError(
        'digipin-invalid',
        RULE_BOOK,
        `The addressee DIGIPIN "${c.addressee.digipin}" is not a 10-symbol DIGIPIN (e.g. 39J-49L-L8T4).`,
      ),
    )
  }
  const tariff = state.mail.currentTariff ? state.mail.tariffs[state.mail.currentTariff] : undefined
  if (!tariff)
    return err(
      domainError(
        'tariff-missing',
        RULE_BOOK,
        'No tariff is published in this journal; ask the divisional office to publish one.',
      ),
    )
  if (c.options?.otpDelivery && !isOtpSecret(c.otpSecret)) {
    return err(
      domainError(
        'otp-secret-missing',
        RULE_BOOK,
        'OTP delivery needs the office delivery secret (32+ hex digits) from the device; set up the device and retry.',
      ),
    )
  }
  const price = priceArticle(tariff, {
    service: c.service,
    bookingDate: ctx.date,
    customerType: c.customerType,
    weightGrams: c.weightGrams,
    ...(c.band === undefined ? {} : { band: c.band }),
    ...(c.options === undefined ? {} : { options: c.options }),
    ...(c.declaredValue === undefined ? {} : { declaredValue: money(c.declaredValue) }),
    ...(c.cod === undefined ? {} : { codAmount: money(c.cod.amount) }),
    ...(c.student === undefined ? {} : { student: c.student }),
  })
  if (!price.ok) return price
  const cashAccount = ctx.duty ? `counter:${ctx.duty}` : `treasury:${ctx.office}`
  const payload = {
    articleId,
    service: c.service,
    customerType: c.customerType,
    sender: c.sender,
    addressee: { ...c.addressee, digipin: pin.code },
    weightGrams: c.weightGrams,
    options: c.options ?? {},
    declaredValue: c.declaredValue ?? null,
    cod: c.cod ?? null,
    student: c.student ?? false,
    price: priceStrings(price.value),
    payment: c.payment,
    otpKeyId: c.options?.otpDelivery && c.otpSecret ? otpKeyId(c.otpSecret) : null,
    // the article's own OTP key travels with it, so the delivering office verifies offline (mail.md)
    otpKey: c.options?.otpDelivery && c.otpSecret ? articleOtpKey(c.otpSecret, articleId) : null,
    postings: bookingPostings(price.value, c.payment.method, cashAccount, ctx.office),
  }
  return ok([stamp(ctx, 'article.booked', payload)] as DakEvent[])
}
