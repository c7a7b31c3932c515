/**
 * Cash on delivery (domain.md b5, e8): per article `due` (booked) → `collected` (by the postman, into the COD
 * pouch, owed to the biller) → `deposited` (pouch to treasury at shift end) → `remitted` (treasury to the biller
 * by ePayment). Each step is a balanced custody transaction, so Σ custody is conserved. The postman's daily COD
 * reconciliation is exported for Close Account and Day End.
 */
import { CASH } from '../custody/custody-module.ts'
import { type DomainError, domainError } from '../events/domain-error.ts'
import { type CommandContext, type DakEvent, stamp } from '../events/envelope.ts'
import type { Command } from '../journal/module.ts'
import type { State } from '../journal/state.ts'
import { parsePayload } from '../office/parse-payload.ts'
import { err, ok, type Result } from '../result.ts'
import { money, moneyToString, paise } from './ledger-link.ts'
import { MAIL_PERMISSIONS, mailGuard } from './mail-guard.ts'
import { codDepositSchema, codRemitSchema } from './mail-schemas.ts'
import type { ArticleRecord } from './mail-state.ts'

const RULE_COD =
  'COD collected is deposited the same shift and remitted to the biller; nothing is counted twice'
type Handler = (state: State, command: Command, ctx: CommandContext) => Result<DakEvent[], DomainError>

const sumPaise = (list: readonly ArticleRecord[]) => list.reduce((a, x) => a + money(x.cod!.amount), 0)
const str = (p: number) => moneyToString(paise(p))

/** `cod.deposit` → `cod.deposited`: every COD amount the postman collected here and still holds, into the treasury. */
export const depositCod: Handler = (state, command, ctx) => {
  const refused = mailGuard(state, ctx, MAIL_PERMISSIONS.deliver)
  if (refused) return err(refused)
  const p = parsePayload(codDepositSchema, command)
  if (!p.ok) return p
  const held = Object.values(state.mail.articles)
    .filter(
      (a) => a.cod?.status === 'collected' && a.cod.collectedBy === ctx.actor && a.office === ctx.office,
    )
    .sort((a, b) => (a.id < b.id ? -1 : 1))
  if (held.length === 0)
    return err(
      domainError('cod-nothing-to-deposit', RULE_COD, `${ctx.actor} holds no collected COD to deposit.`),
    )
  const total = sumPaise(held)
  return ok([
    stamp(ctx, 'cod.deposited', {
      postman: ctx.actor,
      articleIds: held.map((a) => a.id),
      amount: str(total),
      postings: [
        { account: `cod-pouch:${ctx.actor}`, commodity: CASH, amount: str(-total) },
        { account: `treasury:${ctx.office}`, commodity: CASH, amount: str(total) },
      ],
    }),
  ] as DakEvent[])
}

/** `cod.remit` → `cod.remitted`: everything deposited for one biller at this office, paid out to the biller. */
export const remitCod: Handler = (state, command, ctx) => {
  const refused = mailGuard(state, ctx, MAIL_PERMISSIONS.codRemit)
  if (refused) return err(refused)
  const p = parsePayload(codRemitSchema, command)
  if (!p.ok) return p
  const due = Object.values(state.mail.articles)
    .filter(
      (a) => a.cod?.status === 'deposited' && a.cod.billerId === p.value.billerId && a.office === ctx.office,
    )
    .sort((a, b) => (a.id < b.id ? -1 : 1))
  if (due.length === 0) {
    return err(
      domainError(
        'cod-nothing-to-remit',
        RULE_COD,
        `No deposited COD for biller ${p.value.billerId} at ${ctx.office}.`,
      ),
    )
  }
  const total = sumPaise(due)
  return ok([
    stamp(ctx, 'cod.remitted', {
      billerId: p.value.billerId,
      reference: p.value.reference,
      articleIds: due.map((a) => a.id),
      amount: str(total),
      postings: [
        { account: `treasury:${ctx.office}`, commodity: CASH, amount: str(-total) },
        { account: `biller:${p.value.billerId}`, commodity: CASH, amount: str(total) },
      ],
    }),
  ] as DakEvent[])
}

/** A postman's COD position for the day: what was collected, deposited, and what the pouch must still hold. */
export interface CodReconciliation {
  readonly postman: string
  readonly office: string
  readonly collected: readonly { articleId: string; amount: string }[]
  readonly deposited: readonly { articleId: string; amount: string }[]
  readonly collectedTotal: string
  readonly depositedTotal: string
  /** Collected and not yet deposited: what must be in the pouch (and be deposited before the shift ends). */
  readonly outstanding: string
  /** The custody ledger's balance of `cod-pouch:<postman>`. */
  readonly pouchBalance: string
  /** True when nothing is outstanding and the pouch ledger agrees. */
  readonly balanced: boolean
}

/**
 * The postman's daily COD reconciliation for Close Account / Day End: collected vs deposited, the outstanding
 * amount, and whether the custody ledger's COD pouch agrees with the articles.
 */
export function codReconciliation(state: State, postman: string, office: string): CodReconciliation {
  const mine = Object.values(state.mail.articles)
    .filter((a) => a.cod && a.cod.collectedBy === postman && a.office === office && a.cod.status !== 'due')
    .sort((a, b) => (a.id < b.id ? -1 : 1))
  const deposited = mine.filter((a) => a.cod!.status === 'deposited' || a.cod!.status === 'remitted')
  const collectedTotal = sumPaise(mine)
  const depositedTotal = sumPaise(deposited)
  const pouch = state.custody.balances[`cod-pouch:${postman}`]?.[CASH] ?? 0
  const outstanding = collectedTotal - depositedTotal
  const line = (a: ArticleRecord) => ({ articleId: a.id, amount: a.cod!.amount })
  return {
    postman,
    office,
    collected: mine.map(line),
    deposited: deposited.map(line),
    collectedTotal: str(collectedTotal),
    depositedTotal: str(depositedTotal),
    outstanding: str(outstanding),
    pouchBalance: str(pouch),
    balanced: outstanding === 0 && pouch === 0,
  }
}
