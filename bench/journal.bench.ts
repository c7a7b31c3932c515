/**
 * The journal through its Yjs binding: appending and folding 100,000 events, the encoded size of the day's
 * document per event, the incremental fold per new event (in order and late), and loading a persisted day from
 * its encoded update. Baselines, in the same run: re-folding the whole journal on each event, plain JSON, and a
 * Y.Array of the same events (the shape sync.md measured against).
 */
import { type CommandContext, createHlc, type DakEvent, type Kernel, stamp, uuidV7 } from '@dak/core'
import { createPrng, createTestKernel, type TestState } from '@dak/core/testing'
import { createJournal, type EntryEncoding, inspectUpdate } from '@dak/core/yjs'
import * as Y from 'yjs'
import { type Benchmark, compare, type Sample, stats, timeMs } from './harness.ts'

const N = Number(process.env.JOURNAL_BENCH_N ?? 100_000)
/** Journal size for the re-fold-everything baseline (its per-event cost grows with N, so it runs smaller). */
const BASELINE_N = 5_000
const T0 = Date.UTC(2026, 10, 30, 3, 30)

/**
 * A day of events from 4 devices in HLC order: accounts opened and funded, then moves between them. UUIDv7 ids,
 * real HLC stamps; no signatures yet (they would add the same incompressible bytes to JSON and Yjs alike).
 */
function makeDay(n: number): DakEvent[] {
  const rng = createPrng(42)
  const accounts = ['cash', 'stamps', 'treasury', 'cod', 'mo', 'rpli']
  const devices = ['dev-a', 'dev-b', 'dev-c', 'dev-d'].map((device, i) => {
    const hlc = createHlc(device)
    let now = T0
    const ctx = (): CommandContext => ({
      office: 'PO-110001',
      date: '2026-11-30',
      actor: `staff-${i + 1}`,
      device,
      duty: `duty-${i + 1}`,
      now,
      newId: () => uuidV7(now, rng.bytes),
      nextHlc: () => {
        const s = hlc.send(now)
        if (!s.ok) throw new Error(s.error.message)
        return s.value
      },
    })
    return { advance: (ms: number) => (now += ms), ctx }
  })
  const out: DakEvent[] = []
  const d0 = devices[0]!
  for (const account of accounts) out.push(stamp(d0.ctx(), 'test-ledger.opened', { account }))
  for (const account of accounts)
    out.push(stamp(d0.ctx(), 'test-ledger.minted', { account, amount: 10_000_000 }))
  while (out.length < n) {
    const d = rng.pick(devices)
    d.advance(rng.int(50, 800))
    const from = rng.pick(accounts)
    const to = rng.pick(accounts.filter((a) => a !== from))
    out.push(stamp(d.ctx(), 'test-ledger.moved', { from, to, amount: rng.int(1, 5_000) }))
  }
  return out.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0))
}

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8')

function appendAll(
  kernel: Kernel<TestState>,
  events: readonly DakEvent[],
  encoding: EntryEncoding = 'object',
) {
  const j = createJournal<TestState>(new Y.Doc(), { kernel, encoding })
  // One transaction per event: the cost a device pays per business action.
  for (const e of events) {
    const r = j.append([e])
    if (!r.ok) throw new Error(r.error.message)
  }
  return j
}

const bench: Benchmark = {
  name: 'journal',
  title: 'Journal over Yjs: append, fold, size, load',
  description: `${N.toLocaleString('en-US')} events of one office day from 4 devices (UUIDv7 ids, HLC stamps, small ledger payloads) through the Yjs journal (Y.Map keyed by event id, entries validated with valibot, folded incrementally). Baselines: re-folding the whole journal per event (at ${BASELINE_N.toLocaleString('en-US')} events), plain JSON, and a Y.Array of the same events.`,
  async run() {
    const kernel = createTestKernel()
    const events = makeDay(N)
    const samples: Sample[] = []
    const jsonBytes = utf8(JSON.stringify(events))

    // 1. Append + fold through the binding, per event, vs Y.Array pushes of the same objects (no checks, no fold).
    const append = await timeMs(() => appendAll(kernel, events), { runs: 5, warmup: 0 })
    const arrayPush = await timeMs(
      () => {
        const doc = new Y.Doc()
        const arr = doc.getArray<DakEvent>('events')
        for (const e of events) doc.transact(() => arr.push([e]))
        return doc
      },
      { runs: 5, warmup: 0 },
    )
    const perEvent = (s: ReturnType<typeof stats>) =>
      stats([s.median, s.min, s.max].map((ms) => (ms * 1000) / N))
    samples.push(
      compare(
        `append + validate + fold, one transaction per event (${N.toLocaleString('en-US')} events)`,
        'µs/event',
        false,
        perEvent(append),
        { ...perEvent(arrayPush), label: 'Y.Array push, no validation or fold' },
        undefined,
        `total ${(append.median / 1000).toFixed(2)} s for ${N.toLocaleString('en-US')} events`,
      ),
    )

    // 2. Encoded size per event vs the JSON of the events; entries as objects (default) and as JSON strings.
    const journal = appendAll(kernel, events)
    const encoded = Y.encodeStateAsUpdate(journal.doc)
    const jsonEncoded = Y.encodeStateAsUpdate(appendAll(kernel, events, 'json').doc)
    const one = (x: number) => stats([x])
    samples.push(
      compare(
        'encoded day document (Y.Map of objects), bytes per event',
        'bytes',
        false,
        one(encoded.length / N),
        { ...one(jsonBytes / N), label: 'JSON of the events' },
        { text: '≤ 1.5× JSON', met: (s) => s.subject.median <= 1.5 * (s.baseline?.median ?? 0) },
        `${(encoded.length / 1e6).toFixed(2)} MB encoded vs ${(jsonBytes / 1e6).toFixed(2)} MB JSON; entries stored as JSON strings instead: ${(jsonEncoded.length / N).toFixed(1)} bytes/event`,
      ),
    )

    // 3. Incremental fold per new event (journal of N) vs re-folding everything on each event (journal of BASELINE_N).
    const folder = kernel.createFolder()
    const head = events.slice(0, N - 2_000)
    const tail = events.slice(N - 2_000)
    folder.add(head)
    const incremental: number[] = []
    for (let r = 0; r < 5; r++) {
      const f = kernel.createFolder()
      f.add(head)
      const start = performance.now()
      for (const e of tail) f.add([e])
      incremental.push(((performance.now() - start) * 1000) / tail.length)
    }
    // Where the per-event time goes: each module's apply over the same events (the kernel adds the rest).
    const perModule = kernel.modules.map((m) => {
      const s = kernel.init()
      const sample = events.slice(0, 5_000)
      const start = performance.now()
      for (const e of sample) m.apply(s[m.name], e, s)
      return `${String(m.name)} ${(((performance.now() - start) * 1000) / sample.length).toFixed(2)}`
    })
    const small = events.slice(0, BASELINE_N)
    const refold = await timeMs(() => kernel.fold(small), { runs: 5 })
    samples.push(
      compare(
        `incremental fold per new event (in order, journal of ${N.toLocaleString('en-US')})`,
        'µs/event',
        false,
        stats(incremental),
        {
          ...stats([refold.median * 1000, refold.min * 1000, refold.max * 1000]),
          label: `re-fold of ${BASELINE_N.toLocaleString('en-US')} events per event`,
        },
        { text: '≤ 20 µs/event', met: (s) => s.subject.median <= 20 },
        `every module's apply runs on every event; µs/event by module: ${perModule.join(', ')}`,
      ),
    )

    // 4. A late event (an offline device reconnecting) 500 events behind the tip of a 100k journal vs a full fold.
    const lateAt = N - 500
    const withoutLate = [...events.slice(0, lateAt), ...events.slice(lateAt + 1)]
    const late: number[] = []
    for (let r = 0; r < 5; r++) {
      const f = kernel.createFolder()
      f.add(withoutLate)
      const start = performance.now()
      f.add([events[lateAt]!])
      late.push(performance.now() - start)
    }
    const full = await timeMs(() => kernel.fold(events), { runs: 5, warmup: 0 })
    samples.push(
      compare(
        'late event 500 behind the tip: re-fold from the nearest checkpoint',
        'ms',
        false,
        stats(late),
        { ...full, label: `full fold of ${N.toLocaleString('en-US')} events` },
      ),
    )

    // 5. Loading a persisted day: apply its encoded update to a fresh doc, validate and fold every event.
    const load = await timeMs(
      () => {
        const doc = new Y.Doc()
        Y.applyUpdate(doc, encoded)
        return createJournal<TestState>(doc, { kernel }).state
      },
      { runs: 5, warmup: 0 },
    )
    const jsonText = JSON.stringify(events)
    const loadJson = await timeMs(
      () => {
        const parsed = JSON.parse(jsonText) as unknown[]
        const valid: DakEvent[] = []
        for (const x of parsed) {
          const r = kernel.parseEvent(x)
          if (r.ok) valid.push(r.value)
        }
        return kernel.fold(valid)
      },
      { runs: 5, warmup: 0 },
    )
    const loadStrings = await timeMs(
      () => {
        const doc = new Y.Doc()
        Y.applyUpdate(doc, jsonEncoded)
        return createJournal<TestState>(doc, { kernel, encoding: 'json' }).state
      },
      { runs: 5, warmup: 0 },
    )
    samples.push(
      compare(
        `load a persisted day (${N.toLocaleString('en-US')} events): applyUpdate + validate + fold`,
        'ms',
        false,
        load,
        { ...loadJson, label: 'JSON.parse + validate + fold of the same events' },
        undefined,
        `entries stored as JSON strings load in ${loadStrings.median.toFixed(0)} ms`,
      ),
    )

    // 6. What the sync server runs on every live update before relaying it: core's inspectUpdate of one
    // device's append (one event per update) against a loaded day, read in one pass, vs the same update read
    // through Yjs's own decoding (the path any other shape takes; its v2 copy, made beforehand).
    const day = appendAll(kernel, events.slice(0, 20_000)).doc
    const device = new Y.Doc()
    const live: Uint8Array[] = []
    device.on('update', (u: Uint8Array) => live.push(u))
    for (const e of events.slice(20_000, 22_000)) device.getMap('events').set(e.id, e)
    const liveV2 = live.map((u) => Y.convertUpdateFormatV1ToV2(u))
    const validate = kernel.parseEvent
    const perUpdate = (inspect: (i: number) => boolean) => {
      const runs: number[] = []
      for (let r = 0; r < 5; r++) {
        const start = performance.now()
        for (let i = 0; i < live.length; i++) if (!inspect(i)) throw new Error('refused')
        runs.push(((performance.now() - start) * 1000) / live.length)
      }
      return stats(runs)
    }
    const onePass = perUpdate((i) => inspectUpdate(day, live[i]!, { validate }).ok)
    const decoded = perUpdate((i) => inspectUpdate(day, liveV2[i]!, { validate, updateFormat: 'v2' }).ok)
    samples.push(
      compare(
        "server check of a device's live update (inspectUpdate, day of 20,000 events)",
        'µs/update',
        false,
        onePass,
        { ...decoded, label: 'the same check over a full Yjs decoding' },
        undefined,
        'the same verdicts (property-tested in read-append.test.ts); event validation is included in both',
      ),
    )
    return samples
  },
}

export default bench
