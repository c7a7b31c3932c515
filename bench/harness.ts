/**
 * The benchmark harness: every benchmark measures a subject against a named baseline in the same run,
 * over at least five runs, and reports medians, min, max and the ratio.
 */
import { cpus, totalmem } from 'node:os'

/** One measured quantity, e.g. "encode ops/s" for the subject and the baseline. */
export interface Sample {
  /** What was measured, e.g. "encode (single point)". */
  name: string
  /** Unit of the figures: 'ops/s' (higher is better) or 'ms' / 'µs' / 'bytes' (lower is better). */
  unit: string
  higherIsBetter: boolean
  subject: Stats
  /** The baseline measured in the same run, when the measurement has one. */
  baseline?: Stats & { label: string }
  /** subject / baseline, oriented so that > 1 means the subject is better. */
  ratio?: number
  /** A target from the issue, e.g. "≥ 10× baseline", and whether it was met. */
  target?: { text: string; met: boolean }
  notes?: string
}

export interface Stats {
  median: number
  min: number
  max: number
  runs: number
}

export interface BenchResult {
  name: string
  title: string
  description: string
  samples: Sample[]
  machine: { cpus: string; cores: number; memoryGiB: number; node: string; platform: string }
  date: string
}

export function stats(values: number[]): Stats {
  if (values.length === 0) throw new Error('stats of no values')
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: values.length }
}

/**
 * Runs `fn` repeatedly for about `minMs` per run, `runs` times (≥ 5), and returns ops/s per run.
 * `fn` returns a value that is kept alive so the work cannot be optimised away.
 */
export function opsPerSecond(
  fn: () => unknown,
  opts: { runs?: number; minMs?: number; batch?: number } = {},
): Stats {
  const runs = Math.max(5, opts.runs ?? 7)
  const minMs = opts.minMs ?? 150
  const batch = opts.batch ?? 1
  let sink: unknown
  // warm-up so the JIT has compiled the hot path before timing
  const warmEnd = performance.now() + minMs
  while (performance.now() < warmEnd) sink = fn()
  const out: number[] = []
  for (let r = 0; r < runs; r++) {
    let n = 0
    const start = performance.now()
    let now = start
    while (now - start < minMs) {
      sink = fn()
      n += batch
      now = performance.now()
    }
    out.push((n * 1000) / (now - start))
  }
  keep(sink)
  return stats(out)
}

/** Times `fn` (one call per run) `runs` times (≥ 5) and returns milliseconds per run. */
export async function timeMs(
  fn: () => unknown | Promise<unknown>,
  opts: { runs?: number; warmup?: number; setup?: () => unknown | Promise<unknown> } = {},
): Promise<Stats> {
  const runs = Math.max(5, opts.runs ?? 7)
  for (let i = 0; i < (opts.warmup ?? 1); i++) {
    await opts.setup?.()
    keep(await fn())
  }
  const out: number[] = []
  for (let r = 0; r < runs; r++) {
    await opts.setup?.()
    const start = performance.now()
    keep(await fn())
    out.push(performance.now() - start)
  }
  return stats(out)
}

let kept: unknown
function keep(v: unknown): void {
  kept = v
}
export function lastKept(): unknown {
  return kept
}

/** Builds a sample with the ratio oriented so > 1 means the subject is better than the baseline. */
export function compare(
  name: string,
  unit: string,
  higherIsBetter: boolean,
  subject: Stats,
  baseline?: Stats & { label: string },
  target?: { text: string; met: (s: Sample) => boolean },
  notes?: string,
): Sample {
  const s: Sample = { name, unit, higherIsBetter, subject }
  if (baseline) {
    s.baseline = baseline
    s.ratio = higherIsBetter ? subject.median / baseline.median : baseline.median / subject.median
  }
  if (notes) s.notes = notes
  if (target) s.target = { text: target.text, met: target.met(s) }
  return s
}

export function machine(): BenchResult['machine'] {
  const c = cpus()
  return {
    cpus: c[0]?.model ?? 'unknown',
    cores: c.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  }
}

/** What each `*.bench.ts` file default-exports. */
export interface Benchmark {
  name: string
  title: string
  description: string
  run(): Promise<Sample[]>
}
