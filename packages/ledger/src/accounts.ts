/**
 * Custody and nominal accounts. An account id is `kind:key`, e.g. `treasury:HO-110001`, `counter:SHIFT-7`,
 * `transit:BAG-42`, `revenue:postage`. Custody accounts hold something you can count (cash, stamps) and are
 * always in somebody's charge; nominal accounts record where value came from or went to (revenue, a
 * biller, the outside world, UCP/UCR) and are never counted.
 */
import { LedgerError, show } from './ledger-error.ts'
import { err, ok, type Result } from './result.ts'

/** Every kind of account, with what it holds. */
export const ACCOUNT_KINDS = [
  /** Counter wallet of one shift (key: shift id). Custody. */
  'counter',
  /** Treasury (cash chest) of an office (key: office id). Custody. */
  'treasury',
  /** A sealed cash bag in transit, in the carrier's charge (key: bag id). Custody. */
  'transit',
  /** A postman's cash-on-delivery pouch (key: staff id). Custody. */
  'cod-pouch',
  /** Money owed to a COD biller until remitted (key: biller id). Nominal. */
  'biller',
  /** Revenue by head (key: `postage`, `fees`, `gst`, `cod-fee`, …). Nominal. */
  'revenue',
  /** Savings deposits and withdrawals passing through the counter (key: scheme or direction). Nominal. */
  'savings',
  /** Unclassified payments: shortages charged pending recovery (key: office id). Nominal. */
  'ucp',
  /** Unclassified receipts: shortages made good, excess found (key: office id). Nominal. */
  'ucr',
  /** Balances brought forward and opening differences (key: office id). Nominal. */
  'opening',
  /** The outside world: customers, stamp depot, other bodies (key: a party name). Nominal. */
  'outside',
] as const

/** One of {@link ACCOUNT_KINDS}. */
export type AccountKind = (typeof ACCOUNT_KINDS)[number]

/** Kinds whose balance is physical cash or stock in somebody's hands, and so can be counted. */
export const CUSTODY_KINDS: ReadonlySet<AccountKind> = new Set<AccountKind>([
  'counter',
  'treasury',
  'transit',
  'cod-pouch',
])

const KIND_SET: ReadonlySet<string> = new Set(ACCOUNT_KINDS)
const KEY = /^[A-Za-z0-9][A-Za-z0-9._:@/+-]{0,127}$/

/** An account id taken apart. */
export interface ParsedAccount {
  readonly kind: AccountKind
  readonly key: string
}

/** Takes `kind:key` apart; the key may itself contain colons. */
export function parseAccountId(id: unknown): Result<ParsedAccount, LedgerError> {
  if (typeof id !== 'string') return err(badAccount(id, 'it is not a string'))
  const colon = id.indexOf(':')
  if (colon < 0) return err(badAccount(id, 'it has no "kind:" prefix'))
  const kind = id.slice(0, colon)
  const key = id.slice(colon + 1)
  if (!KIND_SET.has(kind)) {
    return err(
      new LedgerError(
        'unknown-account-kind',
        `Account ${show(id)} has unknown kind ${show(kind)}; kinds are ${ACCOUNT_KINDS.join(', ')}.`,
        { id, kind },
      ),
    )
  }
  if (!KEY.test(key)) return err(badAccount(id, 'its key must be 1–128 letters, digits or . _ : @ / + -'))
  return ok({ kind: kind as AccountKind, key })
}

function badAccount(id: unknown, why: string): LedgerError {
  return new LedgerError(
    'invalid-account',
    `Account id ${show(id)} is invalid: ${why}. Use "kind:key", e.g. "treasury:HO-110001".`,
    { id },
  )
}

/** Builds `kind:key`, throwing `invalid-account` / `unknown-account-kind` for a bad kind or key. */
export function accountId(kind: AccountKind, key: string): string {
  const id = `${kind}:${key}`
  const r = parseAccountId(id)
  if (!r.ok) throw r.error
  return id
}

/** True for an account that holds countable cash or stock (counter, treasury, transit, COD pouch). */
export function isCustodyAccount(id: string): boolean {
  const r = parseAccountId(id)
  return r.ok && CUSTODY_KINDS.has(r.value.kind)
}

/** The kind of an account id, or undefined when the id is invalid. */
export function accountKindOf(id: string): AccountKind | undefined {
  const r = parseAccountId(id)
  return r.ok ? r.value.kind : undefined
}

/** `counter:<shiftId>`: the counter wallet of one shift. */
export const counterAccount = (shiftId: string): string => accountId('counter', shiftId)
/** `treasury:<officeId>`. */
export const treasuryAccount = (officeId: string): string => accountId('treasury', officeId)
/** `transit:<bagId>`: a cash bag between offices. */
export const transitAccount = (bagId: string): string => accountId('transit', bagId)
/** `cod-pouch:<staffId>`: a postman's COD collections not yet deposited. */
export const codPouchAccount = (staffId: string): string => accountId('cod-pouch', staffId)
/** `biller:<billerId>`: COD owed to a biller until remitted. */
export const billerAccount = (billerId: string): string => accountId('biller', billerId)
/** `revenue:<head>`, e.g. `revenue:postage`, `revenue:gst`. */
export const revenueAccount = (head: string): string => accountId('revenue', head)
/** `savings:<head>`, e.g. `savings:deposits`, `savings:withdrawals`. */
export const savingsAccount = (head: string): string => accountId('savings', head)
/** `ucp:<officeId>`: shortages charged as unclassified payments. */
export const ucpAccount = (officeId: string): string => accountId('ucp', officeId)
/** `ucr:<officeId>`: shortages made good and excess found, as unclassified receipts. */
export const ucrAccount = (officeId: string): string => accountId('ucr', officeId)
/** `opening:<officeId>`: where balances brought forward and opening differences are posted from. */
export const openingAccount = (officeId: string): string => accountId('opening', officeId)
/** `outside:<party>`, e.g. `outside:customers`, `outside:stamp-depot`. */
export const outsideAccount = (party: string): string => accountId('outside', party)
