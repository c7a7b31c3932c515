/**
 * The account office approves a cash request on its own device, which holds its own day and its inbox, not
 * the requesting office's treasury. Its limit check uses the balance the requester declared (v2 requests);
 * a balance it does not know is never taken as ₹0 (that demanded a limits reason for every approval).
 */
import { describe, expect, it } from 'vitest'
import type { DakEvent } from '../src/index.ts'
import { decide, fold } from '../src/journal/journal.ts'
import { beginAll, HO, SO } from './day-setup.ts'
import { createWorld, DATE, type World } from './day-world.ts'

/** What the HO's device holds: the reference data, its own office's events and the SO's request (its inbox). */
function hoView(w: World, extra: DakEvent[] = []) {
  return fold([
    ...w.events.filter((e) => e.device === 'seed' || e.office === HO || e.type === 'cash.requested'),
    ...extra,
  ])
}

const approve = (w: World, requestId: string, amount: string, view = hoView(w)) =>
  decide(
    view,
    { type: 'cash.approve', payload: { requestId, amount } },
    {
      office: HO,
      date: DATE,
      actor: 'ho-pm',
      device: 'dev-ho-pm',
      duty: null,
      now: Date.parse(`${DATE}T09:00:00.000Z`),
      newId: () => 'approval-1',
      nextHlc: () => `${DATE}T09:00:00.000Z-0000-dev-ho-pm`,
    },
  )

function requested(amount: string) {
  const w = createWorld()
  beginAll(w) // SO opens with ₹1,10,000 (limits ₹20,000 – ₹3,00,000)
  const [req] = w.act('so-spm', SO, 'cash.request', {
    amount,
    denominations: { '500': Number(amount) / 500 },
    remark: 'pension day tomorrow',
  })
  return { w, req: req! }
}

describe('approving a cash request against the requester’s limits', () => {
  it('the request declares the SO treasury balance (schema v2)', () => {
    const { req } = requested('10000.00')
    expect(req.v).toBe(2)
    expect((req.payload as { treasuryBalance: string }).treasuryBalance).toBe('110000.00')
  })

  it('the HO device, without the SO balance, approves within limits with no reason', () => {
    const { w, req } = requested('10000.00')
    expect(hoView(w).day.days[`${SO}/${DATE}`]).toBeUndefined() // the HO device never saw the SO day
    const r = approve(w, req.id, '10000.00')
    expect(r.ok).toBe(true)
  })

  it('still demands a reason when the declared balance plus the amount breaks the maximum', () => {
    const { w, req } = requested('200000.00')
    const r = approve(w, req.id, '200000.00')
    expect(r.ok ? null : r.error.code).toBe('authorised-balance-breach')
  })

  it('a v1 request (no declared balance) seen only through the inbox skips the limit check', () => {
    const { w, req } = requested('200000.00')
    const v1: DakEvent = { ...req, v: 1, payload: { ...(req.payload as object), treasuryBalance: undefined } }
    delete (v1.payload as { treasuryBalance?: string }).treasuryBalance
    const view = fold([...w.events.filter((e) => e.device === 'seed' || e.office === HO), v1])
    expect(view.day.cashRequests[req.id]?.declaredBalance).toBeNull()
    expect(approve(w, req.id, '200000.00', view).ok).toBe(true)
    // a device that holds the SO day checks the ledger's balance instead: ₹1,10,000 + ₹2,00,000 is over the max
    expect(approve(w, req.id, '200000.00', fold([...w.events.filter((e) => e.id !== req.id), v1])).ok).toBe(
      false,
    )
  })
})
