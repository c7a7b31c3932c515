/** Shared set-ups for the day tests: days begun in the demo chain, staff on duty. */
import { balanceOf, CASH } from '../src/custody/custody-module.ts'
import type { State } from '../src/index.ts'
import type { World } from './day-world.ts'

export const HO = 'nandyal-ho'
export const SO = 'panem-so'
export const BO = 'pinnapuram-bo'

/** Opening cash of each office on its first day. */
export const OPENING = {
  [HO]: { '500': 1000 }, // 5,00,000.00
  [SO]: { '500': 200, '100': 100 }, // 1,10,000.00
  [BO]: { '500': 10, '100': 20 }, // 7,000.00
} as const

export function beginAll(w: World): void {
  w.act('ho-pm', HO, 'day.begin', { cash: OPENING[HO], stock: { 'stamp-5': 2000 } })
  w.act('so-spm', SO, 'day.begin', { cash: OPENING[SO], stock: { 'stamp-5': 500, 'stamp-10': 300 } })
  w.act('bo-bpm', BO, 'day.begin', { cash: OPENING[BO], stock: { 'stamp-5': 100 } })
}

/** Asks for a duty, has `approver` approve it and begins the shift; returns the duty id. */
export function onDuty(
  w: World,
  staff: string,
  office: string,
  kind: string,
  counter: string | null,
  approver: string,
): string {
  const [req] = w.act(staff, office, 'duty.request', { kind, counter })
  const dutyId = req!.id
  w.act(approver, office, 'duty.approve', { dutyId })
  w.act(staff, office, 'shift.begin', { dutyId }, { duty: dutyId })
  return dutyId
}

/** Balance in rupees with paise as a string, for readable assertions. */
export function rupees(state: State, account: string, commodity = CASH): string {
  const p = balanceOf(state.custody, account, commodity)
  if (commodity !== CASH) return String(p)
  const sign = p < 0 ? '-' : ''
  const a = Math.abs(p)
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`
}

/** Σ of every account per commodity: zero when every transaction balanced (double entry). */
export function ledgerSums(state: State): Record<string, number> {
  const sums: Record<string, number> = {}
  for (const held of Object.values(state.custody.balances))
    for (const [c, n] of Object.entries(held)) sums[c] = (sums[c] ?? 0) + n
  return sums
}

/** Σ cash in physical custody: treasuries, counters, bags and advances in transit. */
export function custodyCash(state: State): number {
  let sum = 0
  for (const [account, held] of Object.entries(state.custody.balances))
    if (/^(treasury|counter|transit):/.test(account)) sum += held[CASH] ?? 0
  return sum
}
