import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatBagId, parseBagId } from '../src/mail/bag-id.ts'
import { createManifest, decodeManifest, encodeManifest, ManifestError } from '../src/mail/manifest.ts'
import { isClean, reconcile } from '../src/mail/reconcile.ts'
import { composeArticleId } from '../src/mail/s10.ts'

const SEED = Number(process.env.FC_SEED ?? 80_811)
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort()

describe('reconcile', () => {
  it('splits a bag into matched, missing, excess and damaged', () => {
    const r = reconcile(['A', 'B', 'C'], ['C', 'B', 'X', 'B'], ['C'])
    expect(r).toEqual({ matched: ['B', 'C'], missing: ['A'], excess: ['X'], damaged: ['C'] })
    expect(isClean(r)).toBe(false)
    expect(isClean(reconcile(['A'], ['A']))).toBe(true)
  })

  it('a damaged article that was not scanned still counts as received', () => {
    expect(reconcile(['A'], [], ['A'])).toEqual({ matched: ['A'], missing: [], excess: [], damaged: ['A'] })
  })

  it('property: matched + missing = manifest and matched + excess = scanned, all disjoint, for any sets', () => {
    const id = fc.string({ minLength: 1, maxLength: 3, unit: fc.constantFrom('a', 'b', 'c', 'd') })
    fc.assert(
      fc.property(fc.array(id), fc.array(id), fc.array(id), (manifest, scanned, damagedIn) => {
        const r = reconcile(manifest, scanned, damagedIn)
        const scannedAll = new Set([...scanned, ...damagedIn])
        expect(sorted([...r.matched, ...r.missing])).toEqual(sorted(manifest))
        expect(r.matched.length + r.missing.length).toBe(new Set(manifest).size)
        expect(sorted([...r.matched, ...r.excess])).toEqual(sorted(scannedAll))
        expect(r.matched.length + r.excess.length).toBe(scannedAll.size)
        expect(sorted(r.damaged)).toEqual(sorted(damagedIn))
        for (const x of r.missing) expect(scannedAll.has(x)).toBe(false)
        for (const x of r.excess) expect(manifest.includes(x)).toBe(false)
      }),
      { seed: SEED, numRuns: 500 },
    )
  })
})

describe('reconcile on S10 ids against an oracle', () => {
  /** The obvious oracle: sets and filters. */
  const oracle = (m: string[], sc: string[], dm: string[]) => {
    const all = [...new Set([...sc, ...dm])]
    const listed = [...new Set(m)]
    return {
      matched: listed.filter((x) => all.includes(x)),
      missing: listed.filter((x) => !all.includes(x)),
      excess: all.filter((x) => !listed.includes(x)),
      damaged: all.filter((x) => dm.includes(x)),
    }
  }
  const s10 = fc
    .tuple(fc.constantFrom('EK', 'CP', 'RR'), fc.integer({ min: 0, max: 40 }), fc.constantFrom('IN', 'GB'))
    .map(([si, n, c]) => composeArticleId(si, 10_000_000 + n, c))
  const scanArb = fc.oneof(
    { weight: 9, arbitrary: s10 },
    { weight: 1, arbitrary: fc.constantFrom('garbage', 'EK1000000O5IN', '') },
  )

  it('property: equals the set oracle for any manifest, scans (with misreads) and damaged ids', () => {
    fc.assert(
      fc.property(
        fc.array(s10, { maxLength: 40 }),
        fc.array(scanArb, { maxLength: 40 }),
        fc.array(s10, { maxLength: 5 }),
        (m, sc, dm) => {
          expect(reconcile(m, sc, dm)).toEqual(oracle(m, sc, dm))
        },
      ),
      { seed: SEED, numRuns: 500 },
    )
  })

  it('ids differing only in the check digit or country are different keys', () => {
    const a = 'RR287043775IN'
    expect(reconcile([a], ['RR287043770IN', 'RR287043775IM'])).toEqual({
      matched: [],
      missing: [a],
      excess: ['RR287043770IN', 'RR287043775IM'],
      damaged: [],
    })
  })
})

describe('bag id', () => {
  it('formats the S9-style domestic layout and parses it back', () => {
    const id = formatBagId({
      originPin: '416115',
      destinationPin: '416001',
      category: 'A',
      bagType: 'speed-post',
      year: 2026,
      dispatchNumber: 12,
      receptacleSerial: 1,
      last: true,
      registeredOrInsured: true,
      weightGrams: 3_850,
    })
    expect(id).toBe('416115416001AEN6001200111' + '0039')
    expect(id).toHaveLength(29)
    expect(parseBagId(id)).toMatchObject({
      originPin: '416115',
      bagType: 'speed-post',
      dispatchNumber: 12,
      weightTenthsKg: 39,
    })
    expect(parseBagId('DEFRAAUSDFWAACA01200120001200')).toBeNull()
  })
})

describe('manifest codec', () => {
  const ids = (n: number, start = 10_000_000) =>
    Array.from({ length: n }, (_, i) => composeArticleId('EK', start + i * 7, 'IN'))
  const make = (articleIds: string[]) =>
    createManifest({
      bagId: '416115416001AEN60012001110039',
      from: 'SO-416115',
      to: 'DC-416001',
      bagType: 'speed-post',
      sealNo: 'S|77 21',
      weightGrams: 3850,
      closedOn: '2026-11-30',
      articleIds,
    })

  it('round-trips and a 100-article manifest fits a version-25 QR (≤ 1,200 bytes)', () => {
    const m = make(ids(100))
    const text = encodeManifest(m)
    expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(1200)
    expect(decodeManifest(text)).toEqual(m)
  })

  it('even 100 articles with scattered serials from four series fit', () => {
    const scattered = Array.from({ length: 100 }, (_, i) =>
      composeArticleId(['EK', 'CM', 'RR', 'EE'][i % 4]!, (i * 9_999_991) % 100_000_000, 'IN'),
    )
    const text = encodeManifest(make(scattered))
    expect(text.length).toBeLessThanOrEqual(1200)
    expect(decodeManifest(text).count).toBe(100)
  })

  it('property: any set of S10 ids round-trips', () => {
    const idArb = fc
      .tuple(
        fc.constantFrom('EK', 'CM', 'RR'),
        fc.integer({ min: 0, max: 99_999_999 }),
        fc.constantFrom('IN', 'GB'),
      )
      .map(([si, s, c]) => composeArticleId(si, s, c))
    fc.assert(
      fc.property(fc.array(idArb, { maxLength: 60 }), (list) => {
        const m = make(list)
        expect(decodeManifest(encodeManifest(m))).toEqual(m)
      }),
      { seed: SEED, numRuns: 200 },
    )
  })

  it('refuses an altered or misread manifest with a typed code', () => {
    const text = encodeManifest(make(ids(3)))
    const code = (t: string) => {
      try {
        decodeManifest(t)
        return 'accepted'
      } catch (e) {
        return e instanceof ManifestError ? e.code : 'other'
      }
    }
    expect(code(text.replace('3850', '3851'))).toBe('manifest-digest')
    expect(code(text.replace('|3|', '|4|'))).toBe('manifest-count')
    expect(code(`X${text}`)).toBe('manifest-version')
    expect(code('DAK1|a|b')).toBe('manifest-format')
  })
})
