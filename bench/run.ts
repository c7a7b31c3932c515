/**
 * `pnpm bench [filter]`: runs every `*.bench.ts` in this folder (or those whose name contains the filter),
 * writes `results/<name>.json` and regenerates `docs/benchmarks.md` from all results.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { type Benchmark, type BenchResult, machine } from './harness.ts'
import { renderMarkdown } from './report.ts'

const here = dirname(fileURLToPath(import.meta.url))
const resultsDir = join(here, 'results')
mkdirSync(resultsDir, { recursive: true })
const filter = process.argv[2] ?? ''
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort()

let failed = 0
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: Benchmark }
  const bench = mod.default
  process.stdout.write(`\n▶ ${bench.name}: ${bench.title}\n`)
  try {
    const samples = await bench.run()
    const result: BenchResult = {
      name: bench.name,
      title: bench.title,
      description: bench.description,
      samples,
      machine: machine(),
      date: new Date().toISOString(),
    }
    writeFileSync(join(resultsDir, `${bench.name}.json`), `${JSON.stringify(result, null, 2)}\n`)
    for (const s of samples) {
      const ratio = s.ratio === undefined ? '' : `  ×${s.ratio.toFixed(2)} vs ${s.baseline?.label}`
      const target = s.target ? `  [${s.target.met ? 'met' : 'MISSED'}: ${s.target.text}]` : ''
      process.stdout.write(`  ${s.name}: ${fmt(s.subject.median)} ${s.unit}${ratio}${target}\n`)
    }
  } catch (err) {
    failed++
    process.stderr.write(`  ✗ ${bench.name} failed: ${(err as Error).stack}\n`)
  }
}

const all: BenchResult[] = readdirSync(resultsDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(resultsDir, f), 'utf8')) as BenchResult)
writeFileSync(join(here, '..', 'docs', 'benchmarks.md'), renderMarkdown(all))
process.stdout.write(`\nwrote ${all.length} result(s) to bench/results and docs/benchmarks.md\n`)
process.exitCode = failed ? 1 : 0

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toPrecision(3)
}
