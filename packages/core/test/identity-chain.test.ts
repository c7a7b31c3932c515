import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { DakEvent } from '../src/events/envelope.ts'
import { eventHash, formatPrev, linkEvent, parsePrev, verifyChains } from '../src/identity/chain.ts'
import { verifyDayJournal } from '../src/identity/day-journal-check.ts'
import { daySealDigest, sealDigest, sealOfHashes, verifySeal } from '../src/identity/seal.ts'
import { signEvent } from '../src/identity/signatures.ts'
import { createDevice } from './identity-helpers.ts'

const SEED = Number(process.env.FC_SEED ?? 100_011)

/** A day of two devices, interleaved: 5 events each. */
function day(): { a: DakEvent[]; b: DakEvent[]; all: DakEvent[] } {
  const devA = createDevice('dev-a', 1, 'pa-1')
  const devB = createDevice('dev-b', 2, 'pa-2')
  for (let i = 0; i < 5; i++) {
    devA.emit('counter.deposit', { amount: `${100 + i}.00` })
    devB.emit('counter.deposit', { amount: `${200 + i}.00` })
  }
  return { a: devA.events, b: devB.events, all: [...devA.events, ...devB.events] }
}

const codes = (events: readonly DakEvent[]) => verifyChains(events).map((i) => `${i.code}@${i.event}`)

describe('per-device hash chain', () => {
  it('links each event to the previous one of the same device and day', () => {
    const { a } = day()
    expect(a[0]?.prev).toBeUndefined()
    const link = parsePrev(a[1]?.prev ?? '')
    expect(link).toEqual({ hash: eventHash(a[0] as DakEvent), id: a[0]?.id })
    expect(verifyChains(day().all)).toEqual([])
  })

  it('detects a gap: an event removed from the middle', () => {
    const { a, all } = day()
    const without = all.filter((e) => e.id !== a[2]?.id)
    expect(codes(without)).toEqual([`chain-gap@${a[3]?.id}`])
  })

  it('detects an edit: an event altered after its successor was chained to it', () => {
    const { a, all } = day()
    const target = a[1] as DakEvent
    // Even re-signed with the device's own key (a malicious insider), the successor's link no longer matches.
    const dev = createDevice('dev-a', 1)
    const edited = signEvent({ ...target, payload: { amount: '1.00' } }, dev.secretKey)
    const tampered = all.map((e) => (e.id === target.id ? edited : e))
    expect(codes(tampered)).toEqual([`chain-edit@${a[2]?.id}`])
  })

  it('detects a fork: two events chained to the same predecessor, or two first events', () => {
    const { a, all } = day()
    const dev = createDevice('dev-a', 1)
    const twin = signEvent(linkEvent({ ...(a[3] as DakEvent), id: 'dev-a:twin' }, a[2]), dev.secretKey)
    expect(codes([...all, twin])).toEqual([`chain-fork@dev-a:twin`])
    const secondStart = signEvent(
      linkEvent({ ...(a[4] as DakEvent), id: 'dev-a:restart' }, undefined),
      dev.secretKey,
    )
    expect(codes([...all, secondStart])).toEqual([`chain-fork@dev-a:restart`])
  })

  it('detects a link to a later event and a malformed link', () => {
    const { a, b } = day()
    const dev = createDevice('dev-a', 1)
    const backwards = { ...(a[0] as DakEvent), id: 'dev-a:zzz', hlc: '2026-11-30T05:00:00.000Z-0000-dev-a' }
    const e = signEvent({ ...backwards, prev: formatPrev(a[4] as DakEvent) }, dev.secretKey)
    expect(codes([...a, e])).toContain('chain-order@dev-a:zzz')
    // Changing b1's link also changes its hash, so its successor's link shows the edit too.
    expect(codes([...b, { ...(b[1] as DakEvent), prev: 'nope' }])).toEqual([
      `chain-malformed@${b[1]?.id}`,
      `chain-edit@${b[2]?.id}`,
    ])
  })

  it('treats a link to another device as a gap, and linkEvent refuses to build one', () => {
    const { a, b } = day()
    expect(() => linkEvent(b[1] as DakEvent, a[0])).toThrow(/another device/)
    const dev = createDevice('dev-b', 2)
    const crossed = signEvent({ ...(b[1] as DakEvent), prev: formatPrev(a[0] as DakEvent) }, dev.secretKey)
    expect(codes([...a, ...b.map((e) => (e.id === crossed.id ? crossed : e))])).toContain(
      `chain-gap@${crossed.id}`,
    )
  })
})

describe('day seal', () => {
  it('is the same whatever order the events arrive in, and with duplicates (property)', () => {
    const { all } = day()
    const digest = sealDigest(all)
    expect(daySealDigest(all)).toBe(digest)
    const inFoldOrder = [...all].sort((x, y) =>
      x.hlc < y.hlc ? -1 : x.hlc > y.hlc ? 1 : x.id < y.id ? -1 : 1,
    )
    expect(sealOfHashes(inFoldOrder.map(eventHash))).toBe(digest)
    fc.assert(
      fc.property(fc.shuffledSubarray(all, { minLength: all.length }), fc.subarray(all), (shuffled, dups) => {
        expect(sealDigest([...shuffled, ...dups])).toBe(digest)
      }),
      { seed: SEED, numRuns: 100 },
    )
  })

  it('no longer verifies when the day journal is tampered with: an event altered, removed or added', () => {
    const { a, all } = day()
    const digest = sealDigest(all)
    expect(verifySeal(all, digest).ok).toBe(true)
    const altered = all.map((e) => (e.id === a[1]?.id ? { ...e, payload: { amount: '1.00' } } : e))
    const removedLast = all.filter((e) => e.id !== a[4]?.id)
    const added = [...all, createDevice('dev-c', 3).emit('counter.deposit', { amount: '5.00' })]
    for (const journal of [altered, removedLast, added]) {
      const r = verifySeal(journal, digest)
      expect(r.ok ? null : r.error.code).toBe('seal-mismatch')
    }
    const r = verifySeal(all, 'not-a-digest')
    expect(r.ok ? null : r.error.code).toBe('seal-malformed')
  })

  it('can leave out the Day End event that carries it', () => {
    const { all } = day()
    const pm = createDevice('dev-pm', 4, 'pm-1')
    const digest = sealDigest(all)
    const dayEnd = pm.emit('day.ended', { seal: digest })
    expect(verifySeal([...all, dayEnd], digest, { exclude: [dayEnd.id] }).ok).toBe(true)
    expect(verifySeal([...all, dayEnd], digest).ok).toBe(false)
  })
})

describe('checking a whole day later', () => {
  it('passes an intact day and pinpoints a forged signature, a removed event and a broken seal', () => {
    const devA = createDevice('dev-a', 1, 'pa-1')
    const devB = createDevice('dev-b', 2, 'pa-2')
    for (let i = 0; i < 3; i++) {
      devA.emit('counter.deposit', { amount: `${i}.00` })
      devB.emit('counter.deposit', { amount: `${i}.50` })
    }
    const all = [...devA.events, ...devB.events]
    const keys = new Map([
      ['dev-a', devA.publicKey],
      ['dev-b', devB.publicKey],
    ])
    const keyOf = (d: string) => keys.get(d)
    const digest = sealDigest(all)
    expect(verifyDayJournal(all, keyOf, { digest }).ok).toBe(true)
    const target = devA.events[1] as DakEvent
    const forged = all.map((e) => (e.id === target.id ? { ...e, payload: { amount: '0.01' } } : e))
    const report = verifyDayJournal(forged, keyOf, { digest })
    expect(report.ok).toBe(false)
    expect(report.signatures).toEqual([{ event: target.id, code: 'bad-signature' }])
    expect(report.chains.map((c) => c.code)).toEqual(['chain-edit'])
    expect(report.seal?.code).toBe('seal-mismatch')
    const removed = verifyDayJournal(
      all.filter((e) => e.id !== target.id),
      keyOf,
    )
    expect(removed.chains.map((c) => c.code)).toEqual(['chain-gap'])
    expect(verifyDayJournal(all, () => undefined).signatures).toHaveLength(all.length)
  })
})
