/**
 * Counting cash by denomination (domain.md e.9): totals in paise, and the schemas of counts and stock in
 * command payloads. Counts are whole notes/coins; face values are RBI's current notes and coins.
 */
import * as v from 'valibot'
import { CASH, fromMinorUnits, type PostingData, toMinorUnits } from '../custody/custody-module.ts'
import type { Denominations } from './day-state.ts'

/** Face values in rupees accepted in a count. */
export const DENOMINATIONS = ['2000', '500', '200', '100', '50', '20', '10', '5', '2', '1'] as const

export const denominationsSchema = v.pipe(
  v.record(
    v.picklist(DENOMINATIONS, `a denomination must be one of ${DENOMINATIONS.join(', ')} (rupees)`),
    v.pipe(
      v.number(),
      v.integer('a count must be whole notes or coins'),
      v.minValue(0, 'a count cannot be negative'),
    ),
  ),
)

/** Stock by commodity code ("stamp-5", "ipo-10", "rev-stamp-1"), in whole pieces. */
export const stockSchema = v.record(
  v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]{0,40}$/, 'a stock item is a code like "stamp-5"')),
  v.pipe(
    v.number(),
    v.integer('stock is counted in whole pieces'),
    v.minValue(0, 'stock cannot be negative'),
  ),
)

/** Total of a count in paise. */
export function countPaise(counts: Denominations): number {
  let total = 0
  for (const [face, n] of Object.entries(counts)) total += (toMinorUnits(CASH, face) ?? 0) * n
  return total
}

export const paiseToString = (paise: number): string => fromMinorUnits(CASH, paise)
export const moneyToPaise = (amount: string): number => toMinorUnits(CASH, amount) ?? 0

/** Builds a two-legged cash transfer (plus any stock moved along) as payload postings. */
export function transfer(
  from: string,
  to: string,
  paise: number,
  stock: Record<string, number> = {},
): PostingData[] {
  const out: PostingData[] = []
  if (paise !== 0)
    out.push(
      { account: from, commodity: CASH, amount: fromMinorUnits(CASH, -paise) },
      { account: to, commodity: CASH, amount: fromMinorUnits(CASH, paise) },
    )
  for (const item of Object.keys(stock).sort()) {
    const n = stock[item] ?? 0
    if (n !== 0)
      out.push(
        { account: from, commodity: item, amount: String(-n) },
        { account: to, commodity: item, amount: String(n) },
      )
  }
  return out
}
