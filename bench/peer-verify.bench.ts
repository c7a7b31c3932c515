/**
 * A PWA peer verifying what it receives (issue 10, `apps/pwa/src/state/peer-verification.ts`): a batch of
 * 1,000 signed events from an office's devices, as a device that was offline sends them in one transaction.
 * Subject: the verifier as the PWA runs it, the curve check in WebCrypto (Node's, native like a browser's).
 * Baseline in the same run: the same verifier on core's pure-JS noble verifier (its fallback where a browser
 * lacks Ed25519). Also measured: the longest the event loop was blocked during the batch (Node's event-loop delay
 * monitor), which is what a person typing would feel; target ≤ 50 ms (the long-task threshold).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { type DakEvent, ed25519PublicKey, fold, signEvent } from '@dak/core'
import { createPeerVerifier } from '../apps/pwa/src/state/peer-verification.ts'
import { type Benchmark, compare, type Sample, stats, timeMs } from './harness.ts'

const OFFICE = 'SO-600004'
const T0 = Date.UTC(2026, 10, 30, 4, 0)
const N = 1000
const SECRETS = [1, 2, 3, 4].map((n) => new Uint8Array(32).fill(n))

function event(i: number, device: number, overrides: Partial<DakEvent> = {}): DakEvent {
  const at = T0 + i * 1000
  return {
    id: `dev-${device}:${i.toString().padStart(6, '0')}`,
    type: 'mail.article-booked',
    v: 1,
    office: OFFICE,
    date: '2026-11-30',
    actor: 'pa-1',
    device: `dev-${device}`,
    duty: null,
    hlc: `${new Date(at).toISOString()}-0000-dev-${device}`,
    at,
    payload: { article: `RR${String(28704377 + i).padStart(8, '0')}5IN`, weightG: 250, amount: '41.00' },
    ...overrides,
  }
}

const enrolments = SECRETS.map((secret, d) =>
  signEvent(
    event(d, d, {
      id: `enrol-${d}`,
      type: 'device.enrolled',
      hlc: `2026-11-30T00:00:0${d}.000Z-0000-dev-${d}`,
      payload: { device: `dev-${d}`, label: `d${d}`, publicKey: ed25519PublicKey(secret), enrolment: null },
    }),
    secret,
  ),
)
const state = fold(enrolments)
const received = Array.from({ length: N }, (_, i) => signEvent(event(i + 10, i % 4), SECRETS[i % 4]!))

/** WebCrypto as in a browser without Ed25519: the verifier falls back to noble. */
function withoutEd25519(): SubtleCrypto {
  const real = globalThis.crypto.subtle
  return new Proxy(real, {
    get(target, prop) {
      if (prop === 'importKey')
        return () => Promise.reject(new DOMException('no Ed25519', 'NotSupportedError'))
      const value = Reflect.get(target, prop, target) as unknown
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

/**
 * Verifies the batch once and returns the longest the event loop was blocked meanwhile (ms): how late a
 * keystroke's handler could run. Throws unless every event verified.
 */
async function verifyBatch(subtle: SubtleCrypto): Promise<number> {
  const v = createPeerVerifier({
    ownDevice: 'me',
    state: () => state,
    dbName: null,
    subtle,
    yieldToUi: () => new Promise((r) => setImmediate(r)),
  })
  const delay = monitorEventLoopDelay({ resolution: 1 })
  delay.enable()
  await v.check(received)
  delay.disable()
  const r = v.report()
  if (r.verified !== N || r.flags.length > 0)
    throw new Error(`expected ${N} verified, got ${JSON.stringify(r)}`)
  return delay.max / 1e6
}

const bench: Benchmark = {
  name: 'peer-verify',
  title: 'PWA peer verification of received events',
  description:
    'A batch of 1,000 signed events received at once, verified by the PWA peer verifier with WebCrypto, against the same verifier on pure-JS noble; and the longest event-loop block while verifying.',
  async run(): Promise<Sample[]> {
    const slicesWeb: number[] = []
    const slicesNoble: number[] = []
    const web = await timeMs(async () => slicesWeb.push(await verifyBatch(globalThis.crypto.subtle)), {
      runs: 5,
    })
    const noble = await timeMs(async () => slicesNoble.push(await verifyBatch(withoutEd25519())), { runs: 5 })
    const perEvent = (s: typeof web) => ({
      median: (s.median * 1000) / N,
      min: (s.min * 1000) / N,
      max: (s.max * 1000) / N,
      runs: s.runs,
    })
    return [
      compare(
        `verify ${N} received events (per event)`,
        'µs',
        false,
        perEvent(web),
        { ...perEvent(noble), label: 'same verifier on noble (pure JS)' },
        undefined,
        'WebCrypto Ed25519 in Node; in a browser the WebCrypto path is native too',
      ),
      compare(
        'longest event-loop block while verifying (slices of ≤ 25 events, ~10 ms)',
        'ms',
        false,
        stats(slicesWeb),
        { ...stats(slicesNoble), label: 'same slices on noble' },
        { text: '≤ 50 ms (long-task threshold)', met: (s) => s.subject.max <= 50 },
      ),
    ]
  },
}

export default bench
