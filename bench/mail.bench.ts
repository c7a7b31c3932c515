/**
 * Mail: reconciling a 10,000-article bag (hash sets) against a naive Array.includes baseline, and ordering a
 * 300-stop delivery beat (DIGIPIN sort + nearest neighbour + 2-opt) against the unsorted order and the plain
 * DIGIPIN order, in the same run.
 */
import { composeArticleId, improveRoute, orderBeat, reconcile, routeMetres } from '@dak/core'
import { encode } from '@dak/digipin'
import { type Benchmark, compare, type Sample, stats, timeMs } from './harness.ts'

/** mulberry32: a seeded PRNG so every run measures the same bags and beats. */
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

/** A 10,000-article manifest; the scan misses 1 %, adds 0.5 % strays, marks 0.2 % damaged, in shuffled order. */
function bag(n: number) {
  const r = prng(8)
  const manifest = Array.from({ length: n }, (_, i) => composeArticleId('EK', 10_000_000 + i * 3, 'IN'))
  const scanned = manifest.filter(() => r() > 0.01)
  for (let i = 0; i < n / 200; i++) scanned.push(composeArticleId('CP', 20_000_000 + i, 'IN'))
  for (let i = scanned.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1))
    ;[scanned[i], scanned[j]] = [scanned[j]!, scanned[i]!]
  }
  const damaged = scanned.filter(() => r() < 0.002)
  return { manifest, scanned, damaged }
}

/** The obvious implementation: Array.includes for every membership test (quadratic). */
function naiveReconcile(manifest: string[], scanned: string[], damaged: string[]) {
  const all = [...scanned]
  for (const d of damaged) if (!all.includes(d)) all.push(d)
  return {
    matched: manifest.filter((id) => all.includes(id)),
    missing: manifest.filter((id) => !all.includes(id)),
    excess: all.filter((id) => !manifest.includes(id)),
    damaged: all.filter((id) => damaged.includes(id)),
  }
}

/** A 300-stop beat scattered over ~4 km around NDC Guntur (16.314427, 80.429925). */
function beat(seed: number, n = 300) {
  const r = prng(seed)
  return Array.from({ length: n }, (_, i) => ({
    articleId: composeArticleId('EK', 30_000_000 + seed * 1000 + i, 'IN'),
    digipin: encode(16.314427 + (r() - 0.5) * 0.04, 80.429925 + (r() - 0.5) * 0.04),
  }))
}

const START = { lat: 16.314427, lon: 80.429925 }

const mail: Benchmark = {
  name: 'mail',
  title: 'Mail: bag reconciliation and beat ordering',
  description:
    'Reconciling a 10,000-article bag (1 % short, 0.5 % excess, 0.2 % damaged) with hash sets vs Array.includes; ' +
    'ordering five 300-stop beats near NDC Guntur (DIGIPIN sort + nearest neighbour + 2-opt) vs the unsorted and DIGIPIN-sorted orders.',
  async run(): Promise<Sample[]> {
    const b = bag(10_000)
    const fast = await timeMs(() => reconcile(b.manifest, b.scanned, b.damaged), { runs: 41, warmup: 5 })
    const naive = await timeMs(() => naiveReconcile(b.manifest, b.scanned, b.damaged), { runs: 5, warmup: 1 })
    const check = reconcile(b.manifest, b.scanned, b.damaged)
    const slow = naiveReconcile(b.manifest, b.scanned, b.damaged)
    if (check.missing.length !== slow.missing.length || check.excess.length !== slow.excess.length) {
      throw new Error('reconcile and the naive baseline disagree')
    }

    const beats = [1, 2, 3, 4, 5].map((s) => beat(s))
    const sortedOf = (stops: ReturnType<typeof beat>) =>
      [...stops].sort((x, y) => (x.digipin < y.digipin ? -1 : x.digipin > y.digipin ? 1 : 0))
    const ordered = beats.map((s) => orderBeat(s, START).metres)
    const unsorted = beats.map((s) => routeMetres(s, START))
    const digipinOnly = beats.map((s) => routeMetres(sortedOf(s), START))
    const orderTime = await timeMs(() => beats.map((s) => orderBeat(s, START)), { runs: 7, warmup: 1 })
    const twoOptOnly = beats.map((s) => improveRoute(s, START).metres)
    const twoOptTime = await timeMs(() => beats.map((s) => improveRoute(s, START)), { runs: 5, warmup: 1 })
    const perBeat = (s: ReturnType<typeof stats>) => ({
      ...s,
      median: s.median / 5,
      min: s.min / 5,
      max: s.max / 5,
    })

    return [
      compare(
        'reconcile a 10,000-article bag',
        'ms',
        false,
        fast,
        { ...naive, label: 'naive Array.includes' },
        { text: '≤ 5 ms', met: (s) => s.subject.median <= 5 },
      ),
      compare(
        '300-stop beat route length',
        'm',
        false,
        stats(ordered),
        { ...stats(unsorted), label: 'unsorted order' },
        undefined,
        'median of five seeded beats; open path from the office',
      ),
      compare('300-stop beat route length vs DIGIPIN order', 'm', false, stats(ordered), {
        ...stats(digipinOnly),
        label: 'DIGIPIN sort only',
      }),
      compare('300-stop beat route length vs plain 2-opt', 'm', false, stats(ordered), {
        ...stats(twoOptOnly),
        label: '2-opt from the unsorted order',
      }),
      compare(
        'order one 300-stop beat',
        'ms',
        false,
        perBeat(orderTime),
        { ...perBeat(twoOptTime), label: '2-opt from the unsorted order' },
        { text: '≤ 50 ms per beat (interactive on a phone)', met: (s) => s.subject.median <= 50 },
        'per beat: DIGIPIN sort + nearest neighbour + two 2-opt runs, vs one 2-opt run from the raw order',
      ),
    ]
  },
}

export default mail
