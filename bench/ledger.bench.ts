/**
 * @dak/ledger: tallying a busy office's day (100,000 postings over 50 accounts) and applying one more
 * transaction incrementally, against a naive ledger that does decimal.js arithmetic on every posting.
 * Both sides validate each transaction (balanced per commodity) and apply it; neither parses strings (the
 * subject's amounts are parsed once when an event is decoded, the baseline's Decimals are pre-built).
 */

import { cpus, loadavg } from 'node:os'
import {
  applyTransaction,
  type BalanceSheet,
  createBalances,
  type Money,
  type Posting,
  type Transaction,
  tally,
} from '@dak/ledger'
import Decimal from 'decimal.js'
import { type Benchmark, compare, type Stats, stats } from './harness.ts'

const ACCOUNTS = 50
const TRANSACTIONS = 50_000 // two postings each: 100,000 postings
const STOCK = ['stamp-5', 'stamp-10', 'stamp-25', 'postcard', 'inland-letter']

/** A small seeded PRNG (mulberry32) so every run tallies the same day. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function accountNames(): string[] {
  const names = ['treasury:SO-1', 'revenue:postage', 'revenue:fees', 'revenue:gst', 'ucp:SO-1', 'ucr:SO-1']
  names.push('savings:deposits', 'savings:withdrawals', 'biller:AMZ', 'outside:customers')
  for (let i = 0; names.length < ACCOUNTS; i++) {
    names.push(i % 4 === 0 ? `cod-pouch:PM-${i}` : i % 4 === 1 ? `transit:BAG-${i}` : `counter:SHIFT-${i}`)
  }
  return names
}

interface Day {
  opening: BalanceSheet
  txs: Transaction[]
  /** The same postings for the baseline: [account, commodity, Decimal amount]. */
  naive: { postings: [string, string, Decimal][] }[]
}

function makeDay(seed: number): Day {
  const rnd = prng(seed)
  const names = accountNames()
  const opening: Record<string, Record<string, number>> = {}
  for (const a of names) opening[a] = { cash: Math.floor(rnd() * 1e7), 'stamp-5': Math.floor(rnd() * 500) }
  const txs: Transaction[] = []
  const naive: Day['naive'] = []
  for (let i = 0; i < TRANSACTIONS; i++) {
    const from = names[Math.floor(rnd() * names.length)]!
    let to = names[Math.floor(rnd() * names.length)]!
    if (to === from) to = names[(names.indexOf(from) + 1) % names.length]!
    const isStock = rnd() < 0.1
    const commodity = isStock ? STOCK[Math.floor(rnd() * STOCK.length)]! : 'cash'
    const units = isStock ? 1 + Math.floor(rnd() * 50) : 1 + Math.floor(rnd() * 500_000)
    const postings: Posting[] = isStock
      ? [
          { account: from, commodity, quantity: -units },
          { account: to, commodity, quantity: units },
        ]
      : [
          { account: from, commodity: 'cash', amount: -units as Money },
          { account: to, commodity: 'cash', amount: units as Money },
        ]
    txs.push({ id: `tx-${i}`, postings })
    // decimal.js works in rupees, as a naive ledger holding "123.45" strings would.
    const scale = isStock ? 1 : 100
    naive.push({
      postings: [
        [from, commodity, new Decimal(-units).div(scale)],
        [to, commodity, new Decimal(units).div(scale)],
      ],
    })
  }
  return { opening, txs, naive }
}

/** The baseline: balances as Decimals in nested maps (account → commodity), each transaction checked with Decimals. */
type NaiveBalances = Map<string, Map<string, Decimal>>

function naiveTally(opening: BalanceSheet, day: Day['naive']): NaiveBalances {
  const balances: NaiveBalances = new Map()
  for (const [account, lines] of Object.entries(opening)) {
    const m = new Map<string, Decimal>()
    for (const [c, u] of Object.entries(lines)) m.set(c, new Decimal(u).div(c === 'cash' ? 100 : 1))
    balances.set(account, m)
  }
  for (const tx of day) naiveApply(balances, tx)
  return balances
}

function naiveApply(balances: NaiveBalances, tx: Day['naive'][number]): void {
  let sum = new Decimal(0)
  const first = tx.postings[0]![1]
  for (const [, c, amount] of tx.postings) {
    if (c !== first) throw new Error('the baseline handles one commodity per transaction')
    sum = sum.plus(amount)
  }
  if (!sum.isZero()) throw new Error('unbalanced')
  for (const [account, c, amount] of tx.postings) {
    let m = balances.get(account)
    if (m === undefined) {
      m = new Map()
      balances.set(account, m)
    }
    m.set(c, (m.get(c) ?? new Decimal(0)).plus(amount))
  }
}

/**
 * Times `subject` and `baseline` alternately (`subjectRepeat` subject runs, then one baseline run, per
 * round) and returns milliseconds per call of each, by the wall clock and in CPU time of this process.
 * Alternating keeps a noisy, shared machine from favouring one side; CPU time leaves out the time the
 * process spent waiting for a core while other jobs ran.
 */
function interleaved(
  subject: () => unknown,
  baseline: () => unknown,
  opts: { rounds: number; warmup: number; subjectRepeat: number },
): { wall: [Stats, Stats]; cpu: [Stats, Stats] } {
  const s: number[] = []
  const n: number[] = []
  const sc: number[] = []
  const nc: number[] = []
  const cpuMs = () => {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1000
  }
  for (let r = 0; r < opts.warmup + opts.rounds; r++) {
    for (let k = 0; k < opts.subjectRepeat; k++) {
      const c0 = cpuMs()
      const t0 = performance.now()
      sink.value = subject()
      if (r >= opts.warmup) {
        s.push(performance.now() - t0)
        sc.push(cpuMs() - c0)
      }
    }
    const c1 = cpuMs()
    const t1 = performance.now()
    sink.value = baseline()
    if (r >= opts.warmup) {
      n.push(performance.now() - t1)
      nc.push(cpuMs() - c1)
    }
  }
  return { wall: [stats(s), stats(n)], cpu: [stats(sc), stats(nc)] }
}
const TALLIES_PER_BLOCK = 10

function scale(x: Stats, f: number): Stats {
  return { ...x, median: x.median * f, min: x.min * f, max: x.max * f }
}

// Results are kept here so the JIT cannot drop the work being timed.
const sink: { value: unknown } = { value: undefined }

const bench: Benchmark = {
  name: 'ledger',
  title: 'Ledger tally: 100,000 postings over 50 accounts',
  description:
    'Full tally of a busy office day (opening balances + 50,000 two-posting transactions, 10% of them stock) ' +
    'and one more transaction applied incrementally, both validating every transaction, against a naive ' +
    'ledger doing decimal.js arithmetic on every posting (Decimal balances in nested maps, same validation). ' +
    'Subject and baseline alternate run by run so that both see the same load.',
  async run() {
    const day = makeDay(20261130)

    // Same answer first: a benchmark of a wrong result is worthless.
    const subject = tally(day.opening, day.txs)
    if (!subject.ok) throw subject.error
    const reference = naiveTally(day.opening, day.naive)
    for (const [account, e] of subject.value.accounts) {
      const cash = reference.get(account)?.get('cash') ?? new Decimal(0)
      if (!cash.times(100).equals(e.cash)) throw new Error(`baseline disagrees on ${account}`)
    }

    // Subject and baseline alternate run by run, so that both see the same load on a shared machine. The
    // subject is timed in blocks of TALLIES_PER_BLOCK tallies (about as long as one baseline run) so that
    // both sides are equally exposed to being descheduled; figures are per tally.
    const fullRuns = interleaved(
      () => {
        let last: unknown
        for (let k = 0; k < TALLIES_PER_BLOCK; k++) last = tally(day.opening, day.txs)
        return last
      },
      () => naiveTally(day.opening, day.naive),
      { rounds: 15, warmup: 3, subjectRepeat: 1 },
    )
    const [full, fullNaive] = [scale(fullRuns.wall[0], 1 / TALLIES_PER_BLOCK), fullRuns.wall[1]]
    const [fullCpu, fullNaiveCpu] = [scale(fullRuns.cpu[0], 1 / TALLIES_PER_BLOCK), fullRuns.cpu[1]]

    // Incremental: one more transaction on a full day's balances; alternate a transfer and its reverse so
    // the balances stay bounded over millions of iterations.
    const b = subject.value
    const naiveBalances = reference
    const there = day.txs[0]!
    const back: Transaction = {
      id: 'back',
      postings: there.postings.map((p) =>
        'amount' in p ? { ...p, amount: -p.amount as Money } : { ...p, quantity: -p.quantity },
      ),
    }
    const nThere = day.naive[0]!
    const nBack = { postings: nThere.postings.map(([a, c, d]): [string, string, Decimal] => [a, c, d.neg()]) }
    const incRuns = interleaved(
      () => {
        for (let i = 0; i < 10_000; i++) applyTransaction(b, i % 2 ? back : there)
        return b
      },
      () => {
        for (let i = 0; i < 10_000; i++) naiveApply(naiveBalances, i % 2 ? nBack : nThere)
        return naiveBalances
      },
      { rounds: 11, warmup: 3, subjectRepeat: 5 },
    )
    const [inc, incNaive] = incRuns.wall
    const fresh = createBalances(day.opening)
    if (fresh.accounts.size !== ACCOUNTS) throw new Error('expected 50 accounts')

    // ms per 10,000 transactions → µs per transaction
    const perTx = (x: Stats): Stats => scale(x, 1 / 10)
    return [
      compare(
        'full tally, 100,000 postings (CPU time)',
        'ms',
        false,
        fullCpu,
        { ...fullNaiveCpu, label: 'naive decimal.js' },
        { text: '≥ 20× naive and < 5 ms', met: (s) => (s.ratio ?? 0) >= 20 && s.subject.median < 5 },
        'CPU time of this process per tally: what the work costs when it has a core to itself',
      ),
      compare(
        'full tally, 100,000 postings (wall clock)',
        'ms',
        false,
        full,
        { ...fullNaive, label: 'naive decimal.js' },
        { text: '≥ 20× naive and < 5 ms', met: (s) => (s.ratio ?? 0) >= 20 && s.subject.median < 5 },
        `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores during the run; best runs ` +
          `${full.min.toFixed(2)} ms vs ${fullNaive.min.toFixed(1)} ms (×${(fullNaive.min / full.min).toFixed(1)})`,
      ),
      compare(
        'incremental: one more transaction (2 postings)',
        'µs',
        false,
        perTx(inc),
        { ...perTx(incNaive), label: 'naive decimal.js' },
        { text: '< 2 µs', met: (s) => s.subject.median < 2 },
        'validation included; the balances already hold a full day (50 accounts)',
      ),
    ]
  },
}

export default bench
