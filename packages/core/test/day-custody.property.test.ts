/**
 * Property: custody is conserved by every command. Random sequences of day commands (most refused, many
 * accepted) run against the real journal; after each accepted command the ledger still balances and the cash
 * in custody (treasuries, counters, bags, advances in hand) changed by exactly what the event says came in from
 * or went out to the outside world — computed here from the events, independently of the postings.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { moneyToPaise } from '../src/day/cash-count.ts'
import { cashBagQr } from '../src/day/cash-movement.ts'
import type { DakEvent, State } from '../src/index.ts'
import { fold } from '../src/journal/journal.ts'
import { BO, beginAll, custodyCash, HO, ledgerSums, onDuty, SO } from './day-setup.ts'
import { createWorld, type World } from './day-world.ts'

const SEED = Number(process.env.FC_SEED ?? 20261201)

/** What an event brings into (+) or takes out of (−) physical custody, in paise, by its meaning. */
function externalFlow(e: DakEvent, before: State): number {
  const p = e.payload as Record<string, unknown>
  switch (e.type) {
    case 'counter.transacted':
      return (p.kind === 'deposit' ? 1 : -1) * moneyToPaise(p.amount as string)
    case 'day.begun':
      return before.day.latest[e.office] === undefined ? moneyToPaise(p.openingCash as string) : 0
    case 'day.opening-difference.recorded':
      return (
        moneyToPaise((p.difference as string).replace('-', '')) *
        ((p.difference as string).startsWith('-') ? -1 : 1)
      )
    case 'cashbag.received': {
      const bag = before.day.bags[p.bagNo as string]
      if (!bag || bag.status === 'received') return 0
      return Math.max(0, moneyToPaise(p.counted as string) - moneyToPaise(bag.amount))
    }
    case 'cash.discrepancy.settled': {
      const d = before.day.discrepancies[p.discrepancyId as string]
      return d?.kind === 'shortage' ? -moneyToPaise(d.amount) : 0
    }
    case 'shift.ended':
      return before.day.duties[p.dutyId as string]?.account?.differencePaise ?? 0
    case 'ucp.made-good':
      return moneyToPaise(p.amount as string)
    default:
      return 0
  }
}

type Op = { op: string; n: number; amt: number }

const OPS = [
  'deposit',
  'withdraw',
  'advance',
  'issue',
  'ack',
  'request',
  'approve',
  'pack',
  'dispatch',
  'receive',
  'receive-twice',
  'remit',
  'submit',
  'verify',
  'end-shift',
  'force-end',
  'settle',
] as const

function pick<T>(xs: T[], n: number): T | undefined {
  return xs.length === 0 ? undefined : xs[n % xs.length]
}

function runOp(w: World, duties: { staff: string; id: string }[], trr: string, o: Op): void {
  const s = w.state()
  const amount = `${(o.amt % 40) * 50 + 50}.00`
  const d = pick(duties, o.n)!
  const bags = Object.values(s.day.bags)
  switch (o.op) {
    case 'deposit':
      w.try(d.staff, SO, 'counter.deposit', { amount, reference: 'SB' }, { duty: d.id })
      return
    case 'withdraw':
      w.try(d.staff, SO, 'counter.withdraw', { amount, reference: 'SB' }, { duty: d.id })
      return
    case 'advance':
      w.try(d.staff, SO, 'advance.request', { amount, stock: {} }, { duty: d.id })
      return
    case 'issue': {
      const a = pick(
        Object.values(s.day.advances).filter((x) => x.status === 'requested'),
        o.n,
      )
      if (a) w.try('so-trr', SO, 'advance.issue', { advanceId: a.id }, { duty: trr })
      return
    }
    case 'ack': {
      const a = pick(
        Object.values(s.day.advances).filter((x) => x.status === 'issued'),
        o.n,
      )
      const holder = a && s.day.duties[a.duty]
      if (a && holder) w.try(holder.staff, SO, 'advance.acknowledge', { advanceId: a.id }, { duty: a.duty })
      return
    }
    case 'advance-flow': {
      const r = w.try(d.staff, SO, 'advance.request', { amount, stock: {} }, { duty: d.id })
      if (!r.ok || o.n % 3 === 0) return
      const i = w.try('so-trr', SO, 'advance.issue', { advanceId: r.events[0]!.id }, { duty: trr })
      if (i.ok && o.n % 3 === 2)
        w.try(d.staff, SO, 'advance.acknowledge', { advanceId: r.events[0]!.id }, { duty: d.id })
      return
    }
    case 'cash-flow': {
      const r = w.try('so-spm', SO, 'cash.request', {
        amount: '5000.00',
        denominations: { '500': 10 },
        remark: '',
      })
      if (!r.ok || o.n % 4 === 0) return
      const requestId = r.events[0]!.id
      if (!w.try('ho-spm', HO, 'cash.approve', { requestId, amount: '5000.00' }).ok || o.n % 4 === 1) return
      const bag = {
        bagNo: `F${w.events.length}`,
        sealNo: 'S',
        requestId,
        to: SO,
        denominations: { '500': 10 },
        carrier: 'so-postman',
      }
      if (w.try('ho-spm', HO, 'cashbag.pack', bag).ok && o.n % 4 === 3)
        w.try('ho-spm', HO, 'cashbag.dispatch', { bagNo: bag.bagNo })
      return
    }
    case 'close-flow': {
      const cash = { '50': o.amt % 60 }
      if (
        !w.try(
          d.staff,
          SO,
          'account.submit',
          { cash, stock: {}, deposits: '0.00', withdrawals: '0.00' },
          { duty: d.id },
        ).ok
      )
        return
      if (o.n % 3 === 0) return
      w.try('so-spm', SO, 'account.witness-count', { dutyId: d.id, witnesses: ['so-pa3', 'so-postman'] })
      if (w.try('so-spm', SO, 'account.verify', { dutyId: d.id, acceptDifference: true }).ok && o.n % 3 === 2)
        w.try('so-spm', SO, 'shift.end', { dutyId: d.id })
      return
    }
    case 'request':
      w.try('so-spm', SO, 'cash.request', { amount: '5000.00', denominations: { '500': 10 }, remark: '' })
      return
    case 'approve': {
      const r = pick(
        Object.values(s.day.cashRequests).filter((x) => x.status === 'requested'),
        o.n,
      )
      if (r) w.try('ho-spm', HO, 'cash.approve', { requestId: r.id, amount: r.amount })
      return
    }
    case 'pack': {
      const r = pick(
        Object.values(s.day.cashRequests).filter((x) => x.status === 'approved'),
        o.n,
      )
      if (r)
        w.try('ho-spm', HO, 'cashbag.pack', {
          bagNo: `B${o.n}`,
          sealNo: 'S',
          requestId: r.id,
          to: SO,
          denominations: { '500': 10 },
          carrier: 'so-postman',
        })
      return
    }
    case 'remit':
      w.try('bo-bpm', BO, 'cashbag.pack', {
        bagNo: `R${o.n}`,
        sealNo: 'S',
        requestId: null,
        to: SO,
        denominations: { '100': (o.amt % 5) + 1 },
        carrier: 'bo-abpm',
      })
      return
    case 'dispatch': {
      const b = pick(
        bags.filter((x) => x.status === 'packed'),
        o.n,
      )
      if (b) w.try(b.from === HO ? 'ho-spm' : 'bo-bpm', b.from, 'cashbag.dispatch', { bagNo: b.bagNo })
      return
    }
    case 'receive':
    case 'receive-twice': {
      const b = pick(
        bags.filter((x) => x.status === 'in-transit'),
        o.n,
      )
      if (!b) return
      const count = (k: number) =>
        b.from === HO ? { '500': 10 + k } : { '100': Math.max(0, moneyToPaise(b.amount) / 10000 + k) }
      const body = (k: number) => ({
        bagNo: b.bagNo,
        sealNo: 'S',
        denominations: count(k),
        confirmation: { method: 'qr', code: cashBagQr(b) },
      })
      if (o.op === 'receive') {
        const k = [-1, -1, 0, 1][o.amt % 4] ?? 0
        const r = w.try('so-spm', SO, 'cashbag.receive', body(k))
        const short = `${b.bagNo}:shortage`
        if (r.ok && k < 0 && o.n % 4 !== 0)
          w.try('so-spm', SO, 'cash.discrepancy.settle', {
            discrepancyId: short,
            reason: 'charged pending enquiry',
          })
        return
      }
      const a = w.goOffline()
      const c = w.goOffline()
      w.try('so-spm', SO, 'cashbag.receive', body(0), { offline: a })
      w.try('so-trr', SO, 'cashbag.receive', body(-1), { offline: c, duty: trr })
      w.sync(a)
      w.sync(c)
      return
    }
    case 'submit':
      w.try(
        d.staff,
        SO,
        'account.submit',
        { cash: { '50': o.amt % 60 }, stock: {}, deposits: '0.00', withdrawals: '0.00' },
        { duty: d.id },
      )
      return
    case 'verify': {
      const x = pick(
        Object.values(s.day.duties).filter((y) => y.status === 'submitted'),
        o.n,
      )
      if (!x) return
      w.try('so-spm', SO, 'account.witness-count', { dutyId: x.id, witnesses: ['so-pa3', 'so-postman'] })
      w.try('so-spm', SO, 'account.verify', { dutyId: x.id, acceptDifference: true })
      return
    }
    case 'end-shift': {
      const x = pick(
        Object.values(s.day.duties).filter((y) => y.status === 'verified'),
        o.n,
      )
      if (x) w.try('so-spm', SO, 'shift.end', { dutyId: x.id })
      return
    }
    case 'force-end':
      w.try('so-spm', SO, 'shift.force-end', { dutyId: d.id, reason: 'random' })
      return
    case 'settle': {
      const x = pick(
        Object.values(s.day.discrepancies).filter((y) => !y.settled),
        o.n,
      )
      if (x) w.try('so-spm', x.office, 'cash.discrepancy.settle', { discrepancyId: x.id, reason: 'random' })
      return
    }
  }
}

// Steps that move a flow forward come up more often, so runs reach receipts, acknowledgements and shift ends.
const FLOW: readonly string[] = [
  'advance-flow',
  'advance-flow',
  'cash-flow',
  'cash-flow',
  'cash-flow',
  'receive',
  'receive',
  'close-flow',
  'close-flow',
]
const opArb = fc.record({
  op: fc.constantFrom(...OPS, ...FLOW),
  n: fc.nat({ max: 50 }),
  amt: fc.nat({ max: 200 }),
})

/** A run that reaches every money-moving event whatever the seed (advance, bag with a shortage, shift end). */
const COVERING_RUN: Op[] = [
  { op: 'advance-flow', n: 2, amt: 10 },
  { op: 'cash-flow', n: 3, amt: 0 },
  { op: 'receive', n: 2, amt: 0 },
  { op: 'deposit', n: 0, amt: 5 },
  { op: 'close-flow', n: 2, amt: 0 },
]

/** Plays `ops` and checks every event against the oracle; returns the event types the run produced. */
function checkRun(ops: readonly Op[]): Set<string> {
  const w = createWorld()
  beginAll(w)
  const trr = onDuty(w, 'so-trr', SO, 'treasury', null, 'so-spm')
  const duties = [
    { staff: 'so-pa1', id: onDuty(w, 'so-pa1', SO, 'counter', 'C1', 'so-spm') },
    { staff: 'so-pa2', id: onDuty(w, 'so-pa2', SO, 'counter', 'C2', 'so-spm') },
  ]
  for (const o of ops) {
    const before = w.state()
    const seen = w.events.length
    runOp(w, duties, trr, o)
    for (const sum of Object.values(ledgerSums(w.state()))) expect(sum).toBe(0)
    // Replay event by event so each is checked against the state just before it (offline syncs add two).
    let state = before
    let expected = custodyCash(before)
    for (const e of w.events.slice(seen)) {
      expected += externalFlow(e, state)
      state = fold(w.events.slice(0, w.events.indexOf(e) + 1))
      expect(custodyCash(state)).toBe(expected)
    }
  }
  return new Set(w.events.map((e) => e.type))
}

describe('custody conservation (property)', () => {
  it('every accepted command keeps the ledger balanced and moves custody only by its external flow', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 5, maxLength: 30 }), (ops) => {
        checkRun(ops)
      }),
      { seed: SEED, numRuns: 25 },
    )
  })

  it('the oracle is exercised on every money-moving event (a fixed covering run)', () => {
    const types = checkRun(COVERING_RUN)
    for (const t of [
      'counter.transacted',
      'advance.acknowledged',
      'cashbag.received',
      'shift.ended',
      'cash.discrepancy.settled',
    ])
      expect(types.has(t), `no ${t} in the covering run`).toBe(true)
  })

  it('the fold is the same whatever order the day’s events arrive in', () => {
    const w = createWorld()
    beginAll(w)
    const d = onDuty(w, 'so-pa1', SO, 'counter', 'C1', 'so-spm')
    w.act('so-pa1', SO, 'counter.deposit', { amount: '120.00', reference: 'x' }, { duty: d })
    w.act('so-spm', SO, 'cash.request', { amount: '5000.00', denominations: { '500': 10 }, remark: '' })
    fc.assert(
      fc.property(fc.shuffledSubarray(w.events, { minLength: w.events.length }), (shuffled) => {
        expect(fold(shuffled)).toEqual(w.state())
      }),
      { seed: SEED, numRuns: 20 },
    )
  })
})
