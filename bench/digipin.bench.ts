/**
 * @dak/digipin speed and size against a literal transcription of the Technical Document's floating-point
 * procedure (bench/digipin-reference.ts) and the npm packages digitalpin and digipinjs, all in this run.
 */
import { gzipSync } from 'node:zlib'
import { decode, decodeBatch, encode, encodeBatch } from '@dak/digipin'
import * as digipinjs from 'digipinjs'
import * as digitalpin from 'digitalpin'
import { build } from 'esbuild'
import { referenceDecode, referenceEncode } from './digipin-reference.ts'
import { type Benchmark, compare, opsPerSecond, type Sample, stats } from './harness.ts'

const N = 4096
const BATCH_N = 1 << 20

/** mulberry32: a seeded PRNG so every run measures the same points. */
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

function points(n: number): { lats: Float64Array; lons: Float64Array } {
  const r = prng(20251130)
  const lats = new Float64Array(n)
  const lons = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    lats[i] = 2.5 + 36 * r()
    lons[i] = 63.5 + 36 * r()
  }
  return { lats, lons }
}

function loopEncode(f: (lat: number, lon: number) => unknown, lats: Float64Array, lons: Float64Array) {
  return () => {
    let last: unknown
    for (let i = 0; i < lats.length; i++) last = f(lats[i]!, lons[i]!)
    return last
  }
}
function loopDecode(f: (code: string) => unknown, codes: string[]) {
  return () => {
    let last: unknown
    for (let i = 0; i < codes.length; i++) last = f(codes[i]!)
    return last
  }
}

async function coreBytes(): Promise<number> {
  const out = await build({
    stdin: {
      contents: "export { encode, decode, isValid } from './src/index.ts'",
      resolveDir: new URL('../packages/digipin/', import.meta.url).pathname,
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    write: false,
  })
  return gzipSync(out.outputFiles[0]!.text, { level: 9 }).length
}

const bench: Benchmark = {
  name: 'digipin',
  title: 'DIGIPIN encode / decode',
  description:
    'Single-call encode and decode over 4,096 seeded random points in the box, and the batch codecs over 1,048,576 points, ' +
    'against a literal transcription of the Technical Document floating-point procedure (the baseline) and the npm packages ' +
    'digitalpin 1.1 and digipinjs 1.1. Core size: esbuild minify + tree-shake of { encode, decode, isValid }, gzip -9.',
  async run(): Promise<Sample[]> {
    const { lats, lons } = points(N)
    const codes = Array.from(lats, (lat, i) => encode(lat, lons[i]!))
    for (let i = 0; i < N; i++) {
      if (referenceEncode(lats[i]!, lons[i]!) !== codes[i])
        throw new Error(`reference disagrees at point ${i}`)
    }
    const opt = { batch: N }
    const samples: Sample[] = []

    const encOurs = opsPerSecond(loopEncode(encode, lats, lons), opt)
    const encRef = opsPerSecond(loopEncode(referenceEncode, lats, lons), opt)
    const encDigitalpin = opsPerSecond(loopEncode(digitalpin.getDigiPin, lats, lons), opt)
    const encDigipinjs = opsPerSecond(loopEncode(digipinjs.getDigiPin, lats, lons), opt)
    samples.push(
      compare(
        'encode, single point',
        'ops/s',
        true,
        encOurs,
        { ...encRef, label: 'Technical Document procedure' },
        {
          text: '≥ 10× baseline',
          met: (s) => (s.ratio ?? 0) >= 10,
        },
      ),
      compare('encode vs digitalpin', 'ops/s', true, encOurs, {
        ...encDigitalpin,
        label: 'digitalpin getDigiPin',
      }),
      compare('encode vs digipinjs', 'ops/s', true, encOurs, {
        ...encDigipinjs,
        label: 'digipinjs getDigiPin',
      }),
    )

    const decOurs = opsPerSecond(loopDecode(decode, codes), opt)
    const decRef = opsPerSecond(loopDecode(referenceDecode, codes), opt)
    const decDigitalpin = opsPerSecond(loopDecode(digitalpin.getLatLngFromDigiPin, codes), opt)
    const decDigipinjs = opsPerSecond(loopDecode(digipinjs.getLatLngFromDigiPin, codes), opt)
    samples.push(
      compare(
        'decode to numbers',
        'ops/s',
        true,
        decOurs,
        { ...decRef, label: 'Technical Document procedure' },
        { text: '≥ 15× baseline', met: (s) => (s.ratio ?? 0) >= 15 },
        'the baseline ends as the Technical Document does, with toFixed(6) strings; digipinjs returns numbers without toFixed',
      ),
      compare('decode vs digitalpin', 'ops/s', true, decOurs, {
        ...decDigitalpin,
        label: 'digitalpin getLatLngFromDigiPin',
      }),
      compare('decode vs digipinjs', 'ops/s', true, decOurs, {
        ...decDigipinjs,
        label: 'digipinjs getLatLngFromDigiPin',
      }),
    )

    const big = points(BATCH_N)
    const out = new Uint8Array(BATCH_N * 10)
    const bl = new Float64Array(BATCH_N)
    const bo = new Float64Array(BATCH_N)
    const batchEnc = opsPerSecond(() => encodeBatch(big.lats, big.lons, out), { batch: BATCH_N, minMs: 300 })
    const batchDec = opsPerSecond(() => decodeBatch(out, bl, bo), { batch: BATCH_N, minMs: 300 })
    samples.push(
      compare(
        'encodeBatch (Float64Array → ASCII bytes)',
        'codes/s',
        true,
        batchEnc,
        { ...encRef, label: 'Technical Document procedure, one call per point' },
        {
          text: '≥ 20 M codes/s',
          met: (s) => s.subject.median >= 20e6,
        },
      ),
      compare(
        'decodeBatch (ASCII bytes → Float64Array)',
        'codes/s',
        true,
        batchDec,
        { ...decRef, label: 'Technical Document procedure, one call per code' },
        {
          text: '≥ 20 M codes/s',
          met: (s) => s.subject.median >= 20e6,
        },
      ),
    )

    const bytes = await coreBytes()
    samples.push(
      compare('core size (encode, decode, isValid), min+gzip', 'bytes', false, stats([bytes]), undefined, {
        text: '< 2,048 bytes',
        met: (s) => s.subject.median < 2048,
      }),
    )
    return samples
  },
}
export default bench
