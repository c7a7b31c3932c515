/**
 * Policy as data: an office's authorised maximum and minimum cash balance (fixed by the divisional head,
 * memo Pa-15(s); FHB Vol I r.128), limits on single custody accounts (e.g. a postman's cash), and the
 * difference each role may close with (Odoo's "authorised difference"). {@link checkPolicy} returns every
 * breached rule with a reason a person can read; it never stops at the first.
 */
import { ACCOUNT_KINDS, type AccountKind } from './accounts.ts'
import type { ReadonlyBalances } from './balances.ts'
import { LedgerError, show } from './ledger-error.ts'
import { formatMoney, type Money, ZERO } from './money.ts'
import { CASH } from './postings.ts'
import { err, ok, type Result } from './result.ts'
import type { StockCatalog } from './stock.ts'
import type { Difference } from './tally.ts'
import { holdingsValue, officeRollup, ROLLUP_KINDS } from './tally.ts'

/** The cash rules of one office. All amounts are optional; an absent rule is not checked. */
export interface CashPolicy {
  /** Authorised maximum cash the office may hold (counters + treasury); excess must be remitted. */
  readonly maxCash?: Money
  /** Authorised minimum cash the office should hold to meet payments. */
  readonly minCash?: Money
  /** Authorised maximum value of stamps and other stock the office may hold (counters + treasury, at face value). */
  readonly maxStockValue?: Money
  /** Maximum cash in any single account of a kind, e.g. `{ 'cod-pouch': money('50000') }`. */
  readonly accountLimits?: Readonly<Partial<Record<AccountKind, Money>>>
  /** Role → the largest total cash difference a person in that role may close with; absent roles: ₹0. */
  readonly closeTolerance?: Readonly<Record<string, Money>>
}

/** One breached rule. */
export interface PolicyBreach {
  readonly rule: 'max-cash' | 'min-cash' | 'max-stock-value' | 'account-limit' | 'close-tolerance'
  /** A sentence for the person who must act. */
  readonly reason: string
  readonly limit: Money
  readonly actual: Money
  readonly account?: string
  /** True for a max-cash breach when a reason for holding the excess was recorded (it is still listed). */
  readonly justified?: boolean
}

/** What {@link checkPolicy} looks at. */
export interface PolicySituation {
  /** The office's balances (counters, treasury, pouches); the roll-up gives the office's cash. */
  readonly balances: ReadonlyBalances
  /** When closing with differences: who closes, and the differences found. */
  readonly closing?: { readonly role: string; readonly differences: readonly Difference[] }
  /** Face values of stock items, needed when the policy has `maxStockValue`. */
  readonly catalog?: StockCatalog
  /** A recorded reason for holding more than the maximum (e.g. the day before pay or pension day). */
  readonly excessReason?: string
}

/** Checks a policy given as data: every amount a whole number of paise ≥ 0, min ≤ max, known kinds. */
export function validatePolicy(policy: CashPolicy): Result<CashPolicy, LedgerError> {
  const amounts: [string, unknown][] = [
    ['maxCash', policy.maxCash],
    ['minCash', policy.minCash],
    ['maxStockValue', policy.maxStockValue],
    ...Object.entries(policy.accountLimits ?? {}).map(([k, v]): [string, unknown] => [
      `accountLimits.${k}`,
      v,
    ]),
    ...Object.entries(policy.closeTolerance ?? {}).map(([k, v]): [string, unknown] => [
      `closeTolerance.${k}`,
      v,
    ]),
  ]
  for (const [name, v] of amounts) {
    if (v !== undefined && (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)) {
      return err(bad(`${name} must be an amount of 0 or more (use money()); got ${show(v)}`))
    }
  }
  const unknownKind = Object.keys(policy.accountLimits ?? {}).find(
    (k) => !(ACCOUNT_KINDS as readonly string[]).includes(k),
  )
  if (unknownKind) return err(bad(`accountLimits has unknown account kind ${show(unknownKind)}`))
  if (policy.maxCash !== undefined && policy.minCash !== undefined && policy.minCash > policy.maxCash) {
    return err(bad(`minCash ${formatMoney(policy.minCash)} is above maxCash ${formatMoney(policy.maxCash)}`))
  }
  return ok(policy)
}

function bad(why: string): LedgerError {
  return new LedgerError('invalid-policy', `Invalid cash policy: ${why}.`, {})
}

/** Every rule of `policy` that `situation` breaches, each with a readable reason; empty when all is well. */
export function checkPolicy(policy: CashPolicy, situation: PolicySituation): PolicyBreach[] {
  const breaches: PolicyBreach[] = []
  const officeCash = (officeRollup(situation.balances)[CASH] ?? 0) as Money
  if (policy.maxCash !== undefined && officeCash > policy.maxCash) {
    const justified = Boolean(situation.excessReason)
    breaches.push({
      rule: 'max-cash',
      limit: policy.maxCash,
      actual: officeCash,
      justified,
      reason:
        `Office cash ${formatMoney(officeCash)} is above the authorised maximum ${formatMoney(policy.maxCash)}: ` +
        (justified
          ? `held with the recorded reason "${situation.excessReason}".`
          : `remit the excess of ${formatMoney((officeCash - policy.maxCash) as Money)} or record a reason.`),
    })
  }
  if (policy.minCash !== undefined && officeCash < policy.minCash) {
    breaches.push({
      rule: 'min-cash',
      limit: policy.minCash,
      actual: officeCash,
      reason: `Office cash ${formatMoney(officeCash)} is below the authorised minimum ${formatMoney(policy.minCash)}: request cash from the account office.`,
    })
  }
  const stock = stockBreach(policy, situation)
  if (stock) breaches.push(stock)
  breaches.push(...accountLimitBreaches(policy, situation.balances))
  const tolerance = situation.closing && toleranceBreach(policy, situation.closing)
  if (tolerance) breaches.push(tolerance)
  return breaches
}

function stockBreach(policy: CashPolicy, situation: PolicySituation): PolicyBreach | undefined {
  const limit = policy.maxStockValue
  if (limit === undefined) return undefined
  const office = [...situation.balances.accounts.values()].filter((e) => ROLLUP_KINDS.includes(e.kind))
  const value = situation.catalog
    ? holdingsValue(
        situation.balances,
        office.map((e) => e.id),
        situation.catalog,
      )
    : undefined
  if (value?.ok) {
    if (value.value.stock <= limit) return undefined
    return {
      rule: 'max-stock-value',
      limit,
      actual: value.value.stock,
      reason: `Stock worth ${formatMoney(value.value.stock)} is above the authorised ${formatMoney(limit)}: return the excess to the account office.`,
    }
  }
  const why = value ? value.error.message : 'no stock catalog was given to value it'
  return {
    rule: 'max-stock-value',
    limit,
    actual: ZERO,
    reason: `The stock balance could not be checked against ${formatMoney(limit)}: ${why}`,
  }
}

function accountLimitBreaches(policy: CashPolicy, b: ReadonlyBalances): PolicyBreach[] {
  const limits = policy.accountLimits ?? {}
  const out: PolicyBreach[] = []
  for (const id of [...b.accounts.keys()].sort()) {
    const e = b.accounts.get(id)!
    const limit = limits[e.kind]
    if (limit === undefined || e.cash <= limit) continue
    out.push({
      rule: 'account-limit',
      account: id,
      limit,
      actual: e.cash as Money,
      reason: `${id} holds ${formatMoney(e.cash as Money)}, above the ${e.kind} limit of ${formatMoney(limit)}: deposit the excess.`,
    })
  }
  return out
}

function toleranceBreach(
  policy: CashPolicy,
  closing: { readonly role: string; readonly differences: readonly Difference[] },
): PolicyBreach | undefined {
  const limit = (policy.closeTolerance?.[closing.role] ?? 0) as Money
  let total = 0
  const unvalued: string[] = []
  for (const d of closing.differences) {
    if (d.value === undefined) unvalued.push(`${d.account} ${d.commodity}`)
    else total += Math.abs(d.value)
  }
  if (total <= limit && unvalued.length === 0) return undefined
  const valued = `differences of ${formatMoney(total as Money)} exceed what a ${closing.role} may close with (${formatMoney(limit)})`
  const stock = unvalued.length ? `stock differences that cannot be valued: ${unvalued.join(', ')}` : ''
  return {
    rule: 'close-tolerance',
    limit,
    actual: total as Money,
    reason: `Cannot close: ${[total > limit ? valued : '', stock].filter(Boolean).join('; ')}. Settle them (UCP/UCR) or ask a supervisor.`,
  }
}
