/**
 * The mail module (issue 8): slice `mail` — tariffs, articles from booking to delivery, bags out and in,
 * irregularities, beats and COD — with its commands and payload schemas. See docs/domain/mail.md.
 */

import { domainError } from '../events/domain-error.ts'
import { type DakEvent, stamp } from '../events/envelope.ts'
import type { DomainModule } from '../journal/module.ts'
import { parsePayload } from '../office/parse-payload.ts'
import { authorize } from '../office/permissions.ts'
import { err, ok } from '../result.ts'
import { addToBag, closeBag, dispatchBag, openBag, removeFromBag } from './bag.ts'
import { bookArticle } from './booking.ts'
import { depositCod, remitCod } from './cod.ts'
import { attemptDelivery, deliverArticle, prepareBeat, returnArticle } from './delivery.ts'
import { applyMail, mailConflicts } from './mail-apply.ts'
import { MAIL_PERMISSIONS } from './mail-guard.ts'
import { mailPayloadSchemas, tariffPublishSchema } from './mail-schemas.ts'
import { createMailState, type MailState } from './mail-state.ts'
import { receiveBag } from './receipt.ts'
import { redirectArticle } from './redirect.ts'
import { isTariff } from './tariff.ts'

export type { MailState }

export const mailModule: DomainModule<'mail'> = {
  name: 'mail',
  init: createMailState,
  apply: applyMail,
  conflicts: mailConflicts,
  commands: {
    'tariff.publish': (state, command, ctx) => {
      const refused = authorize(state, ctx, MAIL_PERMISSIONS.tariff)
      if (refused) return err(refused)
      const p = parsePayload(tariffPublishSchema, command)
      if (!p.ok) return p
      if (!isTariff(p.value.tariff)) {
        return err(
          domainError(
            'tariff-invalid',
            MAIL_PERMISSIONS.tariff.rule,
            'The tariff is not a complete dak.tariff/1 document.',
          ),
        )
      }
      return ok([stamp(ctx, 'tariff.published', { tariff: p.value.tariff })] as DakEvent[])
    },
    'article.book': bookArticle,
    'bag.open': openBag,
    'bag.add': addToBag,
    'bag.remove': removeFromBag,
    'bag.close': closeBag,
    'bag.dispatch': dispatchBag,
    'bag.receive': receiveBag,
    'beat.prepare': prepareBeat,
    'article.deliver': deliverArticle,
    'article.attempt': attemptDelivery,
    'article.return': returnArticle,
    'article.redirect': redirectArticle,
    'cod.deposit': depositCod,
    'cod.remit': remitCod,
  },
  payloadSchemas: mailPayloadSchemas,
}
