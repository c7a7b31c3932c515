import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { bounds, DigipinError, decode, encode, normalize } from './index.ts'

// A copy of ../shared/digipin/vectors.json (see test-vectors/README.md), read here so CI clones work.
const vectors = JSON.parse(
  readFileSync(new URL('../test-vectors/vectors.json', import.meta.url), 'utf8'),
) as {
  header: { counts: Record<string, number> }
  encode: { lat: number; lon: number; digipin: string; tag: string }[]
  decode: {
    digipin: string
    latStr: string
    lonStr: string
    centerLat: number
    centerLon: number
    bounds: { minLat: number; maxLat: number; minLon: number; maxLon: number }
  }[]
  prefixes: {
    prefix: string
    length: number
    bounds: { minLat: number; maxLat: number; minLon: number; maxLon: number }
    centerLat: number
    centerLon: number
  }[]
  invalid: { op: 'encode' | 'decode'; call: string; errorMessage: string; reason: string }[]
  quirks: { op: 'encode' | 'decode'; call: string; note: string }[]
}

/**
 * Runs a vector's `call` (JavaScript source such as `getDigiPin(2.5-1e-15, 77)`) against our functions.
 * The source comes from our own committed vectors file; evaluating it keeps expressions like `2.5-1e-15`
 * and `NaN` exactly as the official run saw them.
 */
function run(call: string): unknown {
  const fn = new Function('getDigiPin', 'getLatLngFromDigiPin', `return ${call}`) as (
    e: typeof encode,
    d: typeof decode,
  ) => unknown
  return fn(encode, decode)
}
function runArgs(call: string): unknown[] {
  const fn = new Function('getDigiPin', 'getLatLngFromDigiPin', `return ${call}`) as (
    e: (...a: unknown[]) => unknown[],
    d: (...a: unknown[]) => unknown[],
  ) => unknown[]
  return fn(
    (...a) => a,
    (...a) => a,
  )
}
function thrown(f: () => unknown): unknown {
  try {
    f()
  } catch (e) {
    return e
  }
  return undefined
}

describe('vectors.json', () => {
  it('has the counts its header announces', () => {
    for (const k of ['encode', 'decode', 'prefixes', 'invalid', 'quirks'] as const) {
      expect(vectors[k].length, k).toBe(vectors.header.counts[k])
    }
  })

  it.each(vectors.encode.map((v) => [`${v.tag} ${v.lat},${v.lon}`, v] as const))('encode %s', (_, v) => {
    expect(encode(v.lat, v.lon)).toBe(v.digipin)
  })

  it.each(vectors.decode.map((v) => [v.digipin, v] as const))('decode %s', (_, v) => {
    const d = decode(v.digipin)
    expect(d.lat.toFixed(6)).toBe(v.latStr)
    expect(d.lon.toFixed(6)).toBe(v.lonStr)
    expect(d).toEqual({ lat: v.centerLat, lon: v.centerLon })
    expect(bounds(v.digipin)).toEqual(v.bounds)
  })

  it.each(vectors.prefixes.map((v) => [v.prefix, v] as const))('prefix %s', (_, v) => {
    expect(decode(v.prefix)).toEqual({ lat: v.centerLat, lon: v.centerLon })
    expect(bounds(v.prefix)).toEqual(v.bounds)
    expect(normalize(v.prefix).replace(/-/g, '')).toBe(v.prefix)
    // the prefix is what encode gives at that precision for the centre of the full code's cell
    expect(encode(v.centerLat, v.centerLon, v.length)).toBe(normalize(v.prefix))
  })
})

/**
 * What our API does with each input the official code rejects. `accept` = accepted on purpose (lowercase,
 * spaces, surrounding whitespace, prefixes): must equal what the canonical form gives. Otherwise the
 * DigipinError code we promise.
 */
const INVALID: Record<string, { accept: string } | { code: string }> = {
  'getDigiPin(NaN, 77)': { code: 'not-a-number' },
  'getDigiPin(undefined, 77)': { code: 'not-a-number' },
  'getDigiPin("abc", 77)': { code: 'not-a-number' },
  'getDigiPin(null, 77)': { code: 'not-a-number' },
  'getDigiPin(20, null)': { code: 'not-a-number' },
  'getDigiPin(true, 77)': { code: 'not-a-number' },
  'getLatLngFromDigiPin("")': { code: 'empty' },
  'getLatLngFromDigiPin("39J-49L-L8T")': { accept: '39J49LL8T' },
  'getLatLngFromDigiPin("39J-49L-L8T44")': { code: 'invalid-length' },
  'getLatLngFromDigiPin("39J")': { accept: '39J' },
  'getLatLngFromDigiPin("39J 49L L8T4")': { accept: '39J49LL8T4' },
  'getLatLngFromDigiPin(" 39J49LL8T4")': { accept: '39J49LL8T4' },
  'getLatLngFromDigiPin("39J49LL8T4\\n")': { accept: '39J49LL8T4' },
  'getLatLngFromDigiPin("39j-49l-l8t4")': { accept: '39J49LL8T4' },
  'getLatLngFromDigiPin("39J49LL8TG")': { code: 'beta-symbol' },
  'getLatLngFromDigiPin("39J49LL8TW")': { code: 'beta-symbol' },
  'getLatLngFromDigiPin("39J49LL8TX")': { code: 'beta-symbol' },
  'getLatLngFromDigiPin(3949)': { code: 'not-a-string' },
  'getLatLngFromDigiPin(null)': { code: 'not-a-string' },
  'getLatLngFromDigiPin(undefined)': { code: 'not-a-string' },
}

describe('invalid vectors: rejected with a DigipinError, or accepted on purpose', () => {
  it.each(vectors.invalid.map((v) => [v.call, v] as const))('%s', (call, v) => {
    const rule = INVALID[call]
    if (rule && 'accept' in rule) {
      expect(run(call)).toEqual(decode(rule.accept))
      return
    }
    const err = thrown(() => run(call))
    expect(err).toBeInstanceOf(DigipinError)
    const e = err as DigipinError
    expect(e.message.length).toBeGreaterThan(20)
    if (rule) expect(e.code).toBe(rule.code)
    else if (v.op === 'encode') {
      // a number outside the box: the range code of the axis the official message names
      expect(e.code).toBe(v.errorMessage.startsWith('Latitude') ? 'lat-out-of-range' : 'lon-out-of-range')
      expect(e.value).toBe(runArgs(call)[v.errorMessage.startsWith('Latitude') ? 0 : 1])
    } else {
      expect(e.code).toBe('invalid-character')
      expect(e.position).toBeTypeOf('number')
    }
    if (e.code === 'beta-symbol') expect(e.message).toMatch(/beta/)
  })
})

/** Our own behaviour for the official quirks: never coerce, and reject stray separators at the ends. */
const QUIRKS: Record<string, { accept: string } | { code: string }> = {
  'getDigiPin(20, NaN)': { code: 'not-a-number' },
  'getDigiPin("28.622788", "77.213033")': { code: 'not-a-number' },
  'getDigiPin(20, " 70 ")': { code: 'not-a-number' },
  'getDigiPin(20, [70])': { code: 'not-a-number' },
  'getLatLngFromDigiPin("--39J49LL8T4--")': { code: 'invalid-separator' },
  'getLatLngFromDigiPin("3-9-J-4-9-L-L-8-T-4")': { accept: '39J-49L-L8T4' },
  'getLatLngFromDigiPin("39-J49L-L8T4")': { accept: '39J-49L-L8T4' },
  'getLatLngFromDigiPin("39J49LL8T4")': { accept: '39J-49L-L8T4' },
}

describe('quirks: official behaviours we do not copy', () => {
  it.each(vectors.quirks.map((v) => [v.call, v] as const))('%s', (call) => {
    const rule = QUIRKS[call]
    expect(rule, `no expectation written for quirk ${call}`).toBeDefined()
    if (rule && 'accept' in rule) {
      expect(run(call)).toEqual(decode(rule.accept))
      return
    }
    const err = thrown(() => run(call))
    expect(err).toBeInstanceOf(DigipinError)
    expect((err as DigipinError).code).toBe(rule && 'code' in rule ? rule.code : '')
  })
})
