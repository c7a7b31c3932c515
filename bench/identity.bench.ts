/**
 * Identity costs on the paths that run most: the sync server verifying every incoming event
 * (`verifyIncomingEvent`), hashing events for chains and the seal, and sealing a whole day. Baselines in the
 * same run: Node's native `crypto.verify` on the same signatures (the floor a server can reach by injecting a
 * native `SignatureVerifier`), and SHA-256 of plain `JSON.stringify` with `node:crypto` (a non-canonical hash).
 * Last, the real sync server's throughput with signatures required (its default) against the same server started
 * with `requireSignatures: false`, same events, same client.
 */
import { createHash, createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto'
import {
  type DakEvent,
  ed25519PublicKey,
  eventHash,
  identityModule,
  linkEvent,
  type SignatureVerifier,
  type State,
  sealDigest,
  signEvent,
  signingPayload,
  verifyIncomingEvent,
} from '@dak/core'
import { messageSyncStatus, silentLogger, startServer } from '@dak/sync-server'
import * as decoding from 'lib0/decoding'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { type Benchmark, compare, opsPerSecond, type Sample, stats, timeMs } from './harness.ts'

const OFFICE = 'SO-600004'
const T0 = Date.UTC(2026, 10, 30, 4, 0)
const SECRET = new Uint8Array(32).fill(5)
const KEY = ed25519PublicKey(SECRET)
const DAY_EVENTS = 10_000

function event(i: number, previous: DakEvent | undefined): DakEvent {
  const at = T0 + i * 1000
  const e: DakEvent = {
    id: `counter-1:${i.toString().padStart(6, '0')}`,
    type: 'mail.article-booked',
    v: 1,
    office: OFFICE,
    date: '2026-11-30',
    actor: 'pa-1',
    device: 'counter-1',
    duty: 'duty-1',
    hlc: `${new Date(at).toISOString()}-0000-counter-1`,
    at,
    payload: {
      article: `RR${String(28704377 + i).padStart(8, '0')}5IN`,
      weightG: 250,
      amount: '41.00',
      to: { pin: '600004' },
    },
  }
  return signEvent(linkEvent(e, previous), SECRET)
}

function chain(n: number): DakEvent[] {
  const out: DakEvent[] = []
  for (let i = 0; i < n; i++) out.push(event(i, out[i - 1]))
  return out
}

/** A server state where counter-1 is enrolled and its chain head is `head`. */
function serverState(head: DakEvent | undefined): State {
  const identity = identityModule.init()
  identity.devices['counter-1'] = {
    id: 'counter-1',
    office: OFFICE,
    label: 'Counter 1',
    publicKey: KEY,
    enrolment: null,
    event: 'seed',
    hlc: '2026-11-30T00:00:00.000Z-0000-adm',
    revoked: null,
  }
  if (head)
    identity.heads[`${OFFICE}\u0000${head.date}\u0000counter-1`] = { id: head.id, hlc: head.hlc, count: 1 }
  return { identity, office: { offices: {}, staff: {}, devices: {}, grants: [] } } as unknown as State
}

/**
 * Ed25519 only (the bench's keys; the P-256 branch is in core's identity-signatures test). Imported key objects
 * are cached per key: importing a JWK costs about as much as a verification.
 */
const keyObjects = new Map<string, KeyObject>()
const nodeVerifier: SignatureVerifier = (alg, publicKey, payload, signature) => {
  if (alg !== 'Ed25519') throw new Error('bench verifier handles Ed25519 only')
  const x = Buffer.from(publicKey).toString('base64url')
  let key = keyObjects.get(x)
  if (!key) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' })
    keyObjects.set(x, key)
  }
  return cryptoVerify(null, payload, key, signature)
}

const SERVER_EVENTS = 2000

/** `n` events of one device's day, each signed and chained, as the PWA writes them. */
function serverChain(n: number): DakEvent[] {
  const out: DakEvent[] = []
  for (let i = 0; i < n; i++) {
    const at = T0 + i * 1000
    const e: DakEvent = {
      id: `counter-1:s${i.toString().padStart(6, '0')}`,
      type: 'bench.noted',
      v: 1,
      office: OFFICE,
      date: '2026-11-30',
      actor: 'pa-1',
      device: 'counter-1',
      duty: null,
      hlc: `${new Date(at).toISOString()}-0000-counter-1`,
      at,
      payload: {
        n: i,
        note: 'a booking-sized payload of about a hundred bytes, to keep the update realistic',
      },
    }
    out.push(signEvent(linkEvent(e, out[i - 1]), SECRET))
  }
  return out
}

/** The device's key as the server's reference pack would record it (an admin's direct enrolment). */
const ENROLMENT: DakEvent = {
  id: 'seed-enrol-counter-1',
  type: 'device.enrolled',
  v: 1,
  office: OFFICE,
  date: '2026-11-29',
  actor: 'da-1',
  device: 'seed',
  duty: null,
  hlc: '2026-11-29T00:00:00.000Z-0000-seed',
  at: T0 - 86_400_000,
  payload: { device: 'counter-1', label: 'Counter 1', publicKey: KEY, enrolment: null },
}

/**
 * One client writes `events` into a fresh server's day room, one update per event, as fast as the socket takes
 * them; events/s from the first write until the server's sync-status says all of them are durable.
 */
async function serverEventsPerSecond(events: readonly DakEvent[], signatures: boolean): Promise<number> {
  const server = await startServer({
    log: silentLogger,
    secret: new Uint8Array(32).fill(1),
    requireSignatures: signatures,
    ...(signatures ? { reference: () => [ENROLMENT] } : {}),
  })
  const token = server.issueToken({
    staff: 'pa-1',
    office: OFFICE,
    device: 'counter-1',
    role: 'postal-assistant',
    rooms: [`office/${OFFICE}/*`],
  })
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(server.url, `office/${OFFICE}/day/2026-11-30`, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    protocols: ['dak-sync', `yauth.${token}`],
  })
  let durable = 0
  let closed: string | null = null
  provider.messageHandlers[messageSyncStatus] = (_enc, dec) => {
    durable = Y.decodeStateVector(decoding.readVarUint8Array(dec)).get(doc.clientID) ?? 0
  }
  provider.on('connection-close', (e: { code: number; reason: string } | null) => {
    if (e && e.code >= 4000) closed = `${e.code} ${e.reason}`
  })
  const until = async (cond: () => boolean, what: string) => {
    const end = Date.now() + 60_000
    while (!cond()) {
      if (closed) throw new Error(`the server refused the bench's events: ${closed}`)
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
      await new Promise((r) => setTimeout(r, 2))
    }
  }
  try {
    await until(() => provider.synced, 'the first sync')
    const map = doc.getMap('events')
    const start = performance.now()
    for (const e of events) map.set(e.id, e)
    const mine = Y.getState(doc.store, doc.clientID)
    await until(() => durable >= mine, 'the events to be durable')
    return (events.length * 1000) / (performance.now() - start)
  } finally {
    provider.destroy()
    doc.destroy()
    await server.close()
  }
}

const bench: Benchmark = {
  name: 'identity',
  title: 'Identity: verifying incoming events, hashing, sealing a day',
  description:
    'verifyIncomingEvent (signature, device, chain link with getEvent) per event, with the default pure-JS noble verifier and with an injected native one, against Node crypto.verify alone; eventHash and sealDigest of a 10,000-event day against SHA-256 of JSON.stringify.',
  async run(): Promise<Sample[]> {
    const [first, second] = chain(2) as [DakEvent, DakEvent]
    const state = serverState(first)
    const held = new Map([[first.id, first]])
    const options = { getEvent: (id: string) => held.get(id) }
    const check = (r: ReturnType<typeof verifyIncomingEvent>) => {
      if (!r.ok) throw new Error(`bench event refused: ${r.error.code}`)
      return r
    }
    check(verifyIncomingEvent(state, second, options))
    const noble = opsPerSecond(() => check(verifyIncomingEvent(state, second, options)), {
      runs: 5,
      minMs: 400,
    })
    const native = opsPerSecond(
      () => check(verifyIncomingEvent(state, second, { ...options, verifier: nodeVerifier })),
      {
        runs: 5,
        minMs: 400,
      },
    )
    const raw = Buffer.from(KEY.key, 'base64url')
    const sig = Buffer.from(second.sig ?? '', 'base64url')
    const payload = signingPayload(second)
    const nativeKey = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
      format: 'jwk',
    })
    if (!cryptoVerify(null, payload, nativeKey, sig)) throw new Error('native verify disagrees with core')
    const floor = opsPerSecond(() => cryptoVerify(null, payload, nativeKey, sig), { runs: 5, minMs: 400 })

    const day = chain(DAY_EVENTS)
    const hashOps = opsPerSecond(() => eventHash(second), { runs: 5, minMs: 300 })
    const jsonOps = opsPerSecond(() => createHash('sha256').update(JSON.stringify(second)).digest('hex'), {
      runs: 5,
      minMs: 300,
    })
    const sealMs = await timeMs(() => sealDigest(day), { runs: 5 })
    const naiveMs = await timeMs(() => createHash('sha256').update(JSON.stringify(day)).digest('hex'), {
      runs: 5,
    })

    // the real server, alternating the two modes so that machine noise hits both alike
    const serverEvents = serverChain(SERVER_EVENTS)
    await serverEventsPerSecond(serverEvents.slice(0, 200), true) // warm-up
    const signedRuns: number[] = []
    const unsignedRuns: number[] = []
    for (let r = 0; r < 5; r++) {
      signedRuns.push(await serverEventsPerSecond(serverEvents, true))
      unsignedRuns.push(await serverEventsPerSecond(serverEvents, false))
    }
    return [
      compare(
        'verifyIncomingEvent, default noble verifier',
        'ops/s',
        true,
        noble,
        { ...floor, label: 'node crypto.verify alone' },
        {
          text: '≥ 100 events/s on one core (a busy office at peak, with headroom)',
          met: (s) => s.subject.median >= 100,
        },
      ),
      compare(
        'verifyIncomingEvent, injected native verifier',
        'ops/s',
        true,
        native,
        { ...floor, label: 'node crypto.verify alone' },
        { text: '≥ 1,000 events/s on one core', met: (s) => s.subject.median >= 1000 },
      ),
      compare('eventHash (canonical JSON + noble SHA-256)', 'ops/s', true, hashOps, {
        ...jsonOps,
        label: 'node SHA-256 of JSON.stringify',
      }),
      compare(`sealDigest of a ${DAY_EVENTS.toLocaleString('en-IN')}-event day`, 'ms', false, sealMs, {
        ...naiveMs,
        label: 'node SHA-256 of JSON.stringify(day)',
      }),
      compare(
        `sync server throughput with signatures (${SERVER_EVENTS.toLocaleString('en-IN')} events, one update each, until durable)`,
        'events/s',
        true,
        stats(signedRuns),
        { ...stats(unsignedRuns), label: 'same server, requireSignatures: false' },
        {
          // scale.md §3: ~100 processes share a national burst of 5,000 events/s, i.e. ~50 events/s each
          text: '≥ 500 events/s per server with signatures (10× the per-process share of the national burst, scale.md §3)',
          met: (s) => s.subject.median >= 500,
        },
        'signature, device, chain link and duplicate checks on every event (the default); memory storage',
      ),
    ]
  },
}

export default bench
