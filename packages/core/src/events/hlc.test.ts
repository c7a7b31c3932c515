import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createHlc, formatHlc, HLC_DEFAULT_MAX_DRIFT_MS, isCalendarDate, isHlc, parseHlc } from './hlc.ts'

const SEED = Number(process.env.FC_SEED ?? 4242)
const T0 = Date.UTC(2026, 10, 30, 6, 0)

const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

describe('hlc', () => {
  it('encodes as ISO time, 4-hex counter and node, and parses back', () => {
    const s = formatHlc({ millis: T0, counter: 10, node: 'dev-1' })
    expect(s).toBe('2026-11-30T06:00:00.000Z-000a-dev-1')
    expect(parseHlc(s)).toEqual({ ok: true, value: { millis: T0, counter: 10, node: 'dev-1' } })
  })

  it('refuses malformed stamps with a typed error', () => {
    for (const bad of [
      '',
      'x',
      '2026-13-30T06:00:00.000Z-0000-d',
      '2026-11-30T06:00:00.000Z-00g0-d',
      '2026-11-30T06:00:00Z-0000-d',
    ]) {
      const r = parseHlc(bad)
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.error.code).toBe('hlc-malformed')
    }
  })

  it('send is strictly increasing even when the wall clock stalls or goes back', () => {
    const clock = createHlc('a')
    const a = unwrap(clock.send(T0))
    const b = unwrap(clock.send(T0))
    const c = unwrap(clock.send(T0 - 10_000))
    expect(a < b && b < c).toBe(true)
    expect(unwrap(clock.send(T0 + 1))).toBe('2026-11-30T06:00:00.001Z-0000-a')
  })

  it('receive moves past the remote stamp', () => {
    const a = createHlc('a')
    const b = createHlc('b')
    const remote = unwrap(a.send(T0 + 60_000))
    const local = unwrap(b.receive(remote, T0))
    expect(local > remote).toBe(true)
    expect(unwrap(b.send(T0)) > local).toBe(true)
  })

  it('refuses a remote stamp more than 5 minutes ahead, as a typed error', () => {
    const b = createHlc('b')
    const ahead = formatHlc({ millis: T0 + HLC_DEFAULT_MAX_DRIFT_MS + 1, counter: 0, node: 'a' })
    const r = b.receive(ahead, T0)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe('hlc-clock-skew')
    // the refused stamp did not move the clock
    expect(b.last().millis).toBe(0)
    const within = formatHlc({ millis: T0 + HLC_DEFAULT_MAX_DRIFT_MS, counter: 0, node: 'a' })
    expect(b.receive(within, T0).ok).toBe(true)
  })

  it('reports counter overflow instead of wrapping', () => {
    const c = createHlc('a', { last: formatHlc({ millis: T0, counter: 0xffff, node: 'a' }) })
    const r = c.send(T0)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe('hlc-counter-overflow')
  })

  it('string order equals (millis, counter, node) order', () => {
    const stamp = fc.record({
      millis: fc.integer({ min: 0, max: 253402300799999 }),
      counter: fc.integer({ min: 0, max: 0xffff }),
      node: fc.constantFrom('a', 'b', 'dev1', 'dev10'),
    })
    fc.assert(
      fc.property(stamp, stamp, (x, y) => {
        const byParts =
          x.millis - y.millis || x.counter - y.counter || (x.node < y.node ? -1 : x.node > y.node ? 1 : 0)
        const sx = formatHlc(x)
        const sy = formatHlc(y)
        const byString = sx < sy ? -1 : sx > sy ? 1 : 0
        expect(Math.sign(byString)).toBe(Math.sign(byParts))
      }),
      { seed: SEED, numRuns: 500 },
    )
  })

  it('a clock that sends and receives in any interleaving never issues a stamp it has already passed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: -100_000, max: 100_000 })), { maxLength: 60 }),
        (ops) => {
          const a = createHlc('a')
          const b = createHlc('b')
          let last = ''
          for (const [fromB, dt] of ops) {
            const now = T0 + dt
            const s = fromB ? unwrap(a.receive(unwrap(b.send(now)), now)) : unwrap(a.send(now))
            expect(s > last).toBe(true)
            last = s
          }
        },
      ),
      { seed: SEED, numRuns: 200 },
    )
  })

  it('refuses node ids that cannot be encoded', () => {
    expect(() => createHlc('has space')).toThrow(/node id/)
  })

  it('parse inverts format for every representable stamp', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -62167219200000, max: 253402300799999 }),
        fc.integer({ min: 0, max: 0xffff }),
        (millis, counter) => {
          const stamp = { millis, counter, node: 'n1' }
          expect(parseHlc(formatHlc(stamp))).toEqual({ ok: true, value: stamp })
        },
      ),
      { seed: SEED, numRuns: 1000 },
    )
  })

  it('isCalendarDate agrees with the Date round trip', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const text = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
          const ms = Date.parse(`${text}T00:00:00.000Z`)
          const oracle = !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === text
          expect(isCalendarDate(y, m, d)).toBe(oracle)
        },
      ),
      { seed: SEED, numRuns: 2000 },
    )
  })

  it('isHlc agrees with parseHlc on stamps, near-stamps and any text', () => {
    const digits = (n: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n })
    const nearStamp = fc
      .tuple(
        digits(4),
        digits(2),
        digits(2),
        digits(2),
        digits(2),
        digits(2),
        digits(3),
        fc.string({ minLength: 1, maxLength: 6 }),
      )
      .map(([y, mo, d, h, mi, s, ms, node]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z-00af-${node}`)
    fc.assert(
      fc.property(fc.oneof(nearStamp, fc.string()), (text) => {
        expect(isHlc(text)).toBe(parseHlc(text).ok)
      }),
      { seed: SEED, numRuns: 3000 },
    )
    expect(isHlc('2026-11-30T06:34:10.000Z-0000-dev1')).toBe(true)
    expect(isHlc('2026-02-30T06:34:10.000Z-0000-dev1')).toBe(false)
    expect(isHlc('2026-11-30T24:00:00.000Z-0000-dev1')).toBe(false)
  })
})
