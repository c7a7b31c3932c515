import { hexToBytes } from '@noble/hashes/utils.js'
import { describe, expect, it } from 'vitest'
import { cashBagQr } from '../src/day/cash-movement.ts'
import type { CashBag } from '../src/day/day-state.ts'
import { confirmationCode } from '../src/identity/confirmation.ts'
import { openConflicts } from '../src/journal/journal.ts'
import { BO, beginAll, custodyCash, HO, onDuty, rupees, SO } from './day-setup.ts'
import { createWorld, type World } from './day-world.ts'

const qr = (w: World, bagNo: string) => cashBagQr(w.state().day.bags[bagNo] as CashBag)

/** SO requests ₹50,000 from the HO; returns the request id. */
function request(
  w: World,
  amount = '50000.00',
  denominations: Record<string, number> = { '500': 100 },
): string {
  const [e] = w.act('so-spm', SO, 'cash.request', { amount, denominations, remark: 'pension day tomorrow' })
  return e!.id
}

function packAndDispatch(w: World, requestId: string, bagNo = 'CB-HO-0001'): void {
  w.act('ho-spm', HO, 'cashbag.pack', {
    bagNo,
    sealNo: 'S-77812',
    requestId,
    to: SO,
    denominations: { '500': 100 },
    carrier: 'so-postman',
  })
  w.act('ho-spm', HO, 'cashbag.dispatch', { bagNo })
}

describe('cash request → approve → pack → dispatch → receive', () => {
  it('moves the cash HO treasury → bag in transit → SO treasury, conserving custody', () => {
    const w = createWorld()
    beginAll(w)
    const total = custodyCash(w.state())
    const id = request(w)
    expect(w.state().day.cashRequests[id]?.accountOffice).toBe(HO)
    expect(w.refused('so-spm', HO, 'cash.approve', { requestId: id, amount: '50000.00' }).code).toBe(
      'role-not-permitted',
    )
    w.act('ho-spm', HO, 'cash.approve', { requestId: id, amount: '50000.00' })
    packAndDispatch(w, id)
    let s = w.state()
    expect(rupees(s, 'transit:CB-HO-0001')).toBe('50000.00')
    expect(rupees(s, `treasury:${HO}`)).toBe('450000.00')
    expect(custodyCash(s)).toBe(total)
    w.act('so-spm', SO, 'cashbag.receive', {
      bagNo: 'CB-HO-0001',
      sealNo: 'S-77812',
      denominations: { '500': 100 },
      confirmation: { method: 'qr', code: qr(w, 'CB-HO-0001') },
    })
    s = w.state()
    expect(rupees(s, 'transit:CB-HO-0001')).toBe('0.00')
    expect(rupees(s, `treasury:${SO}`)).toBe('160000.00')
    expect(s.day.bags['CB-HO-0001']?.status).toBe('received')
    expect(custodyCash(s)).toBe(total)
  })

  it('never dispatches unapproved, nor another amount than approved', () => {
    const w = createWorld()
    beginAll(w)
    const id = request(w)
    const pack = (denominations: Record<string, number>) =>
      w.refused('ho-spm', HO, 'cashbag.pack', {
        bagNo: 'CB1',
        sealNo: 'S1',
        requestId: id,
        to: SO,
        denominations,
        carrier: 'so-postman',
      })
    expect(pack({ '500': 100 }).code).toBe('cash-request-not-approved')
    w.act('ho-spm', HO, 'cash.approve', { requestId: id, amount: '40000.00' })
    expect(pack({ '500': 100 }).code).toBe('amount-not-approved')
    expect(w.refused('ho-spm', HO, 'cash.approve', { requestId: id, amount: '40000.00' }).code).toBe(
      'cash-request-decided',
    )
  })

  it('a refused request cannot be packed', () => {
    const w = createWorld()
    beginAll(w)
    const id = request(w)
    w.act('ho-pm', HO, 'cash.refuse', { requestId: id, reason: 'balance sufficient' })
    expect(w.state().day.cashRequests[id]?.status).toBe('refused')
  })

  it('approving above the authorised maximum needs a recorded reason', () => {
    const w = createWorld()
    beginAll(w)
    const id = request(w, '200000.00', { '500': 400 })
    const e = w.refused('ho-spm', HO, 'cash.approve', { requestId: id, amount: '200000.00' })
    expect(e.code).toBe('authorised-balance-breach')
    expect(e.message).toMatch(/authorised maximum 300000.00/)
    const [ev] = w.act('ho-spm', HO, 'cash.approve', {
      requestId: id,
      amount: '200000.00',
      reason: 'pension day before holiday',
    })
    expect((ev!.payload as { breachReason: string }).breachReason).toBe('pension day before holiday')
  })

  it('refuses a wrong QR and a malformed OTP; records the OTP used', () => {
    const w = createWorld()
    beginAll(w)
    const id = request(w)
    w.act('ho-spm', HO, 'cash.approve', { requestId: id, amount: '50000.00' })
    packAndDispatch(w, id)
    const receive = (confirmation: { method: string; code: string }) =>
      w.try('so-spm', SO, 'cashbag.receive', {
        bagNo: 'CB-HO-0001',
        sealNo: 'S-77812',
        denominations: { '500': 100 },
        confirmation,
      })
    const a = receive({ method: 'qr', code: 'DAKCASH|CB-HO-0002|x' })
    expect(!a.ok && a.error.code).toBe('qr-mismatch')
    const b = receive({ method: 'otp', code: '12ab' })
    expect(!b.ok && b.error.code).toBe('otp-malformed')
    const c = receive({ method: 'otp', code: '482913' })
    expect(c.ok && (c.events[0]!.payload as { confirmation: { code: string } }).confirmation.code).toBe(
      '482913',
    )
  })

  it('a short bag becomes a shortage; settling charges it to UCP', () => {
    const w = createWorld()
    beginAll(w)
    const id = request(w)
    w.act('ho-spm', HO, 'cash.approve', { requestId: id, amount: '50000.00' })
    packAndDispatch(w, id)
    w.act('so-spm', SO, 'cashbag.receive', {
      bagNo: 'CB-HO-0001',
      sealNo: 'S-77812',
      denominations: { '500': 98 },
      confirmation: { method: 'otp', code: '000111' },
    })
    let s = w.state()
    expect(s.day.discrepancies['CB-HO-0001:shortage']).toMatchObject({
      kind: 'shortage',
      amount: '1000.00',
      settled: false,
    })
    expect(rupees(s, 'transit:CB-HO-0001')).toBe('1000.00')
    expect(
      w.refused('so-pa1', SO, 'cash.discrepancy.settle', {
        discrepancyId: 'CB-HO-0001:shortage',
        reason: 'x',
      }).code,
    ).toBe('role-not-permitted')
    w.act('so-spm', SO, 'cash.discrepancy.settle', {
      discrepancyId: 'CB-HO-0001:shortage',
      reason: 'reported to HO, enquiry',
    })
    s = w.state()
    expect(rupees(s, 'transit:CB-HO-0001')).toBe('0.00')
    expect(rupees(s, `ucp:${SO}`)).toBe('1000.00')
  })

  it('an excess is taken in against UCR and a wrong seal is recorded', () => {
    const w = createWorld()
    beginAll(w)
    const id = request(w)
    w.act('ho-spm', HO, 'cash.approve', { requestId: id, amount: '50000.00' })
    packAndDispatch(w, id)
    w.act('so-spm', SO, 'cashbag.receive', {
      bagNo: 'CB-HO-0001',
      sealNo: 'S-00000',
      denominations: { '500': 101 },
      confirmation: { method: 'otp', code: '000111' },
    })
    const s = w.state()
    expect(rupees(s, `treasury:${SO}`)).toBe('160500.00')
    expect(rupees(s, `ucr:${SO}`)).toBe('-500.00')
    expect(Object.keys(s.day.discrepancies).sort()).toEqual(['CB-HO-0001:excess', 'CB-HO-0001:seal-mismatch'])
  })
})

describe('one-time code checked offline against the bag’s secret', () => {
  it('accepts the carrier’s code for this bag and refuses any other', () => {
    const w = createWorld()
    beginAll(w)
    const secret = '5a'.repeat(32)
    w.act('bo-bpm', BO, 'cashbag.pack', {
      bagNo: 'BO-R7',
      sealNo: 'S7',
      requestId: null,
      to: SO,
      denominations: { '100': 10 },
      carrier: 'bo-abpm',
      confirmationSecret: secret,
    })
    w.act('bo-bpm', BO, 'cashbag.dispatch', { bagNo: 'BO-R7' })
    const body = (code: string) => ({
      bagNo: 'BO-R7',
      sealNo: 'S7',
      denominations: { '100': 10 },
      confirmation: { method: 'otp', code },
    })
    const good = confirmationCode(hexToBytes(secret), 'BO-R7', 8)
    const wrong = good === '00000000' ? '00000001' : '00000000'
    expect(w.refused('so-spm', SO, 'cashbag.receive', body(wrong)).code).toBe('otp-mismatch')
    expect(w.refused('so-spm', SO, 'cashbag.receive', body('1234')).code).toBe('otp-malformed')
    w.act('so-spm', SO, 'cashbag.receive', body(good))
    expect(w.state().day.bags['BO-R7']?.status).toBe('received')
  })
})

describe('remittance upward', () => {
  it('surplus goes up to the account office only, and not below the authorised minimum without a reason', () => {
    const w = createWorld()
    beginAll(w)
    const pack = (bagNo: string, to: string, denominations: Record<string, number>, reason?: string) =>
      w.try('bo-bpm', BO, 'cashbag.pack', {
        bagNo,
        sealNo: 'S9',
        requestId: null,
        to,
        denominations,
        carrier: 'bo-abpm',
        ...(reason ? { reason } : {}),
      })
    const a = pack('BO-R1', HO, { '500': 2 })
    expect(!a.ok && a.error.code).toBe('not-account-office')
    const b = pack('BO-R1', SO, { '500': 10, '100': 5 })
    expect(!b.ok && b.error.code).toBe('authorised-balance-breach')
    expect(pack('BO-R1', SO, { '500': 8 }).ok).toBe(true)
    w.act('bo-bpm', BO, 'cashbag.dispatch', { bagNo: 'BO-R1' })
    w.act('so-spm', SO, 'cashbag.receive', {
      bagNo: 'BO-R1',
      sealNo: 'S9',
      denominations: { '500': 8 },
      confirmation: { method: 'qr', code: qr(w, 'BO-R1') },
    })
    const s = w.state()
    expect(rupees(s, `treasury:${BO}`)).toBe('3000.00')
    expect(rupees(s, `treasury:${SO}`)).toBe('114000.00')
  })

  it('a bag is received only by the office it was sent to, once dispatched', () => {
    const w = createWorld()
    beginAll(w)
    w.act('bo-bpm', BO, 'cashbag.pack', {
      bagNo: 'BO-R2',
      sealNo: 'S9',
      requestId: null,
      to: SO,
      denominations: { '100': 10 },
      carrier: 'bo-abpm',
    })
    const body = {
      bagNo: 'BO-R2',
      sealNo: 'S9',
      denominations: { '100': 10 },
      confirmation: { method: 'otp', code: '123456' },
    }
    expect(w.refused('so-spm', SO, 'cashbag.receive', body).code).toBe('bag-not-in-transit')
    w.act('bo-bpm', BO, 'cashbag.dispatch', { bagNo: 'BO-R2' })
    expect(w.refused('ho-spm', HO, 'cashbag.receive', body).code).toBe('unknown-bag')
    w.act('so-spm', SO, 'cashbag.receive', body)
    expect(w.refused('so-spm', SO, 'cashbag.receive', body).code).toBe('bag-not-in-transit')
  })
})

describe('offline cash conflicts', () => {
  it('two devices receiving the same bag: one conflict, the cash counted once', () => {
    const w = createWorld()
    beginAll(w)
    const id = request(w)
    w.act('ho-spm', HO, 'cash.approve', { requestId: id, amount: '50000.00' })
    packAndDispatch(w, id)
    const trr = onDuty(w, 'so-trr', SO, 'treasury', null, 'so-spm')
    const total = custodyCash(w.state())
    const a = w.goOffline()
    const b = w.goOffline()
    const body = (n: number) => ({
      bagNo: 'CB-HO-0001',
      sealNo: 'S-77812',
      denominations: { '500': n },
      confirmation: { method: 'otp', code: '123456' },
    })
    w.act('so-spm', SO, 'cashbag.receive', body(99), { offline: a })
    w.act('so-trr', SO, 'cashbag.receive', body(100), { offline: b, duty: trr })
    w.sync(a)
    w.sync(b)
    let s = w.state()
    const conflicts = openConflicts(s)
    expect(conflicts.map((c) => c.kind)).toEqual(['cashbag-received-twice'])
    expect(rupees(s, `treasury:${SO}`)).toBe('159500.00')
    expect(custodyCash(s)).toBe(total)
    // A postal assistant may not resolve it: the command is refused (a forged resolution event would be
    // journaled but change nothing).
    const notPermitted = w.refused('so-pa1', SO, 'conflict.resolve', {
      conflictId: conflicts[0]!.id,
      resolution: 'keep-first',
      reason: 'me',
    })
    expect(notPermitted.code).toBe('resolution-not-permitted')
    expect(openConflicts(w.state()).map((c) => c.id)).toEqual([conflicts[0]!.id])
    // The recount shows the treasurer was right: keep the second receipt.
    w.act('so-spm', SO, 'conflict.resolve', {
      conflictId: conflicts[0]!.id,
      resolution: 'keep-second',
      reason: 'recount 100 notes',
    })
    s = w.state()
    expect(openConflicts(s)).toEqual([])
    expect(rupees(s, `treasury:${SO}`)).toBe('160000.00')
    expect(rupees(s, 'transit:CB-HO-0001')).toBe('0.00')
    expect(s.day.discrepancies['CB-HO-0001:shortage']).toBeUndefined()
    expect(custodyCash(s)).toBe(total)
  })

  it('two offline approvals of one request: a conflict that blocks packing until resolved', () => {
    const w = createWorld()
    beginAll(w)
    const id = request(w)
    const a = w.goOffline()
    const b = w.goOffline()
    w.act('ho-spm', HO, 'cash.approve', { requestId: id, amount: '50000.00' }, { offline: a })
    w.act('ho-pm', HO, 'cash.approve', { requestId: id, amount: '30000.00' }, { offline: b })
    w.sync(a)
    w.sync(b)
    const [c] = openConflicts(w.state())
    expect(c?.kind).toBe('cash-approved-twice')
    const pack = {
      bagNo: 'CB1',
      sealNo: 'S1',
      requestId: id,
      to: SO,
      denominations: { '500': 60 },
      carrier: 'so-postman',
    }
    expect(w.refused('ho-spm', HO, 'cashbag.pack', pack).code).toBe('approval-in-conflict')
    w.act('ho-pm', HO, 'conflict.resolve', {
      conflictId: c!.id,
      resolution: 'keep-second',
      reason: 'PM approval stands',
    })
    expect(w.state().day.cashRequests[id]?.approvedAmount).toBe('30000.00')
    w.act('ho-spm', HO, 'cashbag.pack', pack)
  })
})
