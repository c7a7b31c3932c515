/**
 * The few @dak/ledger functions mail uses, in one place: money is integer paise (`Money`), leaves as
 * `moneyToString` ("123.50") in event payloads, and every movement is a balanced set of postings.
 */
export type { Money, Posting, Transaction } from '@dak/ledger'
export {
  addMoney,
  billerAccount,
  cashPosting,
  codPouchAccount,
  counterAccount,
  money,
  moneyToString,
  mulRate,
  outsideAccount,
  paise,
  parseMoney,
  revenueAccount,
  subMoney,
  sumMoney,
  treasuryAccount,
  ZERO,
} from '@dak/ledger'

/** A rate in basis points (1800 = 18 %) as the decimal string `mulRate` takes ("0.1800"). */
export function bpsRate(bps: number): string {
  if (!Number.isInteger(bps) || bps < 0)
    throw new Error(`basis points must be a whole number ≥ 0; got ${bps}`)
  return `${Math.floor(bps / 10_000)}.${String(bps % 10_000).padStart(4, '0')}`
}
