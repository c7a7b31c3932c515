/**
 * Peers verify what they receive (issue 10). Every event that reaches this device from another one (sync, or
 * what was stored from an earlier session) is checked against the key its device enrolled: a missing, malformed
 * or wrong signature, an event stamped after its device was revoked, or a device claiming another office is
 * flagged (`peer-flags.ts`, shown on the conflicts and admin screens), never silently trusted.
 *
 * Off the interaction path: events are queued per received transaction and checked in slices (at most 25 events
 * or about 10 ms), the curve arithmetic in WebCrypto (asynchronous, native), yielding to the UI between slices. Core does the parsing and
 * the structural checks (`verifyEventSignature`); WebCrypto only answers "does this signature verify", with
 * core's pure-JS noble verifier as the fallback where the browser lacks the algorithm.
 *
 * Then, once a drain has emptied the queue, core's `auditTrust` runs over everything held (`held`): each
 * device's hash chain in the open office day (an edited predecessor, a fork, a link backwards or into another
 * device's chain; a missing predecessor is only *pending* until the day's Day End and everything it lists are
 * held) and the role behind every event, judged at its place in (hlc, id) order against the reference and the
 * journaled grants — `eventAuthorityRefusal`, the check the fold and the sync server run. The audit is a
 * function of the set of events held, so the order they arrived in changes nothing. Events of other days (late
 * entries) and inbox copies link into rooms this device does not hold: only their roles are checked. Every
 * event (this device's own included) is hashed in the slices above, so the audit itself only sorts and folds.
 */
import {
  auditTrust,
  createEventHasher,
  type DakEvent,
  type DevicePublicKey,
  nobleVerifier,
  type SignatureAlgorithm,
  type State,
  verifyEventSignature,
} from '@dak/core'
import { type KvStore, openKv } from './idb-kv.ts'
import {
  type PeerFlag,
  type PeerFlagCode,
  peerFlags,
  peerPending,
  peerUnverified,
  peerVerified,
} from './peer-flags.ts'
import type { OfficeStore } from './store.ts'

/** Device keys this device has learnt from any day it opened (a day's room holds only that day's enrolments). */
export const PEER_KEYS_DB = 'dak-peer-keys'

interface KnownDevice {
  readonly office: string
  readonly publicKey: DevicePublicKey
  readonly revokedHlc: string | null
  readonly reason: string | null
}

/** What the verifier has found so far. */
export interface PeerReport {
  readonly flags: readonly PeerFlag[]
  readonly verified: number
  readonly unverified: number
  /** Events whose chain predecessor has not arrived yet (not a failure until the day is sealed). */
  readonly pending: number
}

/** What this device holds, for the chain and role audit. */
export interface HeldEvents {
  /** The reference pack (offices, staff, role grants): folded first, not checked. */
  readonly reference: readonly DakEvent[]
  /** The journals' events (the day and the inbox), this device's own included (their grants count). */
  readonly events: readonly DakEvent[]
  /** The office day open on this device: the chains checked are its. */
  readonly day: { readonly office: string; readonly date: string }
}

export interface PeerVerifierOptions {
  /** This device: its own events are not re-checked (it signed them). */
  readonly ownDevice: string
  /** The folded state of the office day (enrolled devices and revocations). */
  readonly state: () => State
  readonly subtle?: SubtleCrypto
  /** Where learnt keys are kept across days (default `PEER_KEYS_DB`); null keeps them in memory only. */
  readonly dbName?: string | null
  /** At most this many events between two yields to the UI (default 25). */
  readonly chunk?: number
  /** And at most about this long (ms, default 10): the pure-JS fallback takes several ms per event. */
  readonly sliceMs?: number
  /** How to give the UI a turn between chunks (default a macrotask). */
  readonly yieldToUi?: () => Promise<void>
  readonly onChange?: (report: PeerReport) => void
  /** What is held, for core's `auditTrust` (chains and roles); without it only signatures are checked. */
  readonly held?: () => HeldEvents
}

export interface PeerVerifier {
  /** Queues received events; resolves once everything queued so far is checked. Each id is checked once. */
  check(events: readonly DakEvent[]): Promise<void>
  report(): PeerReport
}

const VERIFY_PARAMS: Readonly<Record<SignatureAlgorithm, AlgorithmIdentifier | EcdsaParams>> = {
  Ed25519: { name: 'Ed25519' },
  'ECDSA-P256': { name: 'ECDSA', hash: 'SHA-256' },
}
const IMPORT_PARAMS: Readonly<Record<SignatureAlgorithm, AlgorithmIdentifier | EcKeyImportParams>> = {
  Ed25519: { name: 'Ed25519' },
  'ECDSA-P256': { name: 'ECDSA', namedCurve: 'P-256' },
}

interface Captured {
  readonly alg: SignatureAlgorithm
  readonly publicKey: Uint8Array
  readonly payload: Uint8Array
  readonly signature: Uint8Array
}

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

/** Creates a verifier for the events one device receives. */
export function createPeerVerifier(options: PeerVerifierOptions): PeerVerifier {
  const subtle = options.subtle ?? globalThis.crypto.subtle
  const chunk = options.chunk ?? 25
  const sliceMs = options.sliceMs ?? 10
  const yieldToUi = options.yieldToUi ?? macrotask
  const kv: KvStore | null = options.dbName === null ? null : openKv(options.dbName ?? PEER_KEYS_DB)
  const known = new Map<string, KnownDevice>()
  const keys = new Map<string, Promise<CryptoKey | null>>()
  const seen = new Set<string>()
  /** Received events to check, and this device's own ones to hash ahead of the audit (`own`). */
  const queue: { readonly e: DakEvent; readonly own: boolean }[] = []
  const flags: PeerFlag[] = []
  /** Events that failed the signature check: kept out of the role fold. */
  const refused = new Set<string>()
  let audited: PeerFlag[] = []
  let verified = 0
  let unverified = 0
  let pending = 0
  let running: Promise<void> | null = null

  const report = (): PeerReport => ({ flags: [...flags, ...audited], verified, unverified, pending })

  // Events are immutable and the journal keeps one object per id, so each is hashed once however often the
  // audit runs again.
  const hashOf = createEventHasher()

  /** Chains and roles over everything held; the findings replace the last audit's (they depend on the set). */
  const audit = () => {
    const held = options.held?.()
    if (!held) return
    const result = auditTrust({ ...held, exclude: refused, hashOf })
    const own = (d: string) => d === options.ownDevice
    pending = result.findings.filter((f) => f.status === 'pending' && !own(f.device)).length
    audited = result.findings
      .filter((f) => f.status === 'failed' && !own(f.device))
      .map((f) => ({
        code: f.code,
        event: f.event,
        type: f.type,
        device: f.device,
        office: f.office,
        actor: f.actor,
        message: f.message,
      }))
  }

  const loadKnown = (async () => {
    const held = (await kv?.get<Record<string, KnownDevice>>('devices').catch(() => undefined)) ?? {}
    for (const [id, d] of Object.entries(held)) if (!known.has(id)) known.set(id, d)
  })()

  /** Learns enrolments and revocations from the folded state, keeping any revocation seen on another day. */
  const learn = async () => {
    let changed = false
    for (const d of Object.values(options.state().identity.devices)) {
      const before = known.get(d.id)
      const next: KnownDevice = {
        office: d.office,
        publicKey: d.publicKey,
        revokedHlc: d.revoked?.hlc ?? before?.revokedHlc ?? null,
        reason: d.revoked?.reason ?? before?.reason ?? null,
      }
      if (
        !before ||
        before.publicKey.key !== next.publicKey.key ||
        before.revokedHlc !== next.revokedHlc ||
        before.office !== next.office
      ) {
        known.set(d.id, next)
        changed = true
      }
    }
    if (changed && kv) await kv.put('devices', Object.fromEntries(known)).catch(() => undefined)
  }

  const cryptoKey = (alg: SignatureAlgorithm, raw: Uint8Array): Promise<CryptoKey | null> => {
    const id = `${alg}:${[...raw].join(',')}`
    let k = keys.get(id)
    if (!k) {
      // A browser without the algorithm throws here: fall back to noble for this key.
      k = subtle
        .importKey('raw', raw as Uint8Array<ArrayBuffer>, IMPORT_PARAMS[alg], false, ['verify'])
        .catch(() => null)
      keys.set(id, k)
    }
    return k
  }

  const signatureHolds = async (c: Captured): Promise<boolean> => {
    const key = await cryptoKey(c.alg, c.publicKey)
    if (!key) return nobleVerifier(c.alg, c.publicKey, c.payload, c.signature)
    try {
      return await subtle.verify(
        VERIFY_PARAMS[c.alg],
        key,
        c.signature as Uint8Array<ArrayBuffer>,
        c.payload as Uint8Array<ArrayBuffer>,
      )
    } catch {
      return false
    }
  }

  const flag = (e: DakEvent, code: PeerFlagCode, message: string) => {
    refused.add(e.id)
    flags.push({
      code,
      event: e.id,
      type: e.type,
      device: e.device,
      office: e.office,
      actor: e.actor,
      message,
    })
  }

  const verifyOne = async (e: DakEvent): Promise<void> => {
    if (e.sig === undefined || e.sig === '') {
      flag(e, 'missing-signature', `event ${e.id} (${e.type}) from ${e.device} carries no signature`)
      return
    }
    const d = known.get(e.device)
    if (!d) {
      unverified++
      return
    }
    if (d.office !== e.office) {
      flag(e, 'wrong-office', `device ${e.device} is enrolled in ${d.office}, not ${e.office}`)
      return
    }
    if (d.revokedHlc !== null && e.hlc > d.revokedHlc) {
      flag(e, 'revoked-device', `event ${e.id} was made on ${e.device} after it was revoked (${d.reason})`)
      return
    }
    let captured: Captured | null = null
    const shape = verifyEventSignature(e, d.publicKey, (alg, publicKey, payload, signature) => {
      captured = { alg, publicKey, payload, signature }
      return true
    })
    if (!shape.ok) {
      flag(e, shape.error.code, shape.error.message)
      return
    }
    if (captured && (await signatureHolds(captured))) verified++
    else flag(e, 'bad-signature', `event ${e.id} (${e.type}): the signature does not match ${e.device}'s key`)
  }

  const drain = (): Promise<void> => {
    running ??= (async () => {
      await loadKnown
      while (queue.length > 0) {
        await learn()
        const start = performance.now()
        for (let n = 0; n < chunk && queue.length > 0 && performance.now() - start < sliceMs; n++) {
          const next = queue.shift()
          if (!next) break
          if (!next.own) await verifyOne(next.e)
          // hashed here, in slices, so the audit's chain check finds every predecessor's hash ready
          if (options.held) hashOf(next.e)
        }
        if (queue.length === 0) audit()
        options.onChange?.(report())
        await yieldToUi()
      }
    })().finally(() => {
      running = null
    })
    return running
  }

  return {
    check(events) {
      for (const e of events) {
        if (seen.has(e.id)) continue
        const own = e.device === options.ownDevice
        // its own events are not re-checked (it signed them), only hashed for the audit
        if (own && !options.held) continue
        seen.add(e.id)
        queue.push({ e, own })
      }
      return queue.length > 0 || running ? drain() : Promise.resolve()
    },
    report,
  }
}

/**
 * Hooks the verifier to an open office day: what is already stored is checked once, then every transaction that
 * arrives from elsewhere (remote batches of the day and inbox journals). Results go to `peer-flags.ts`.
 */
export function attachPeerVerification(
  store: Pick<OfficeStore, 'ctx' | 'day' | 'inbox' | 'state'>,
  options: Partial<PeerVerifierOptions> = {},
): { readonly verifier: PeerVerifier; stop(): void } {
  const publish = (r: PeerReport) => {
    peerFlags.value = r.flags
    peerVerified.value = r.verified
    peerUnverified.value = r.unverified
    peerPending.value = r.pending
  }
  const none: PeerReport = { flags: [], verified: 0, unverified: 0, pending: 0 }
  publish(none)
  let stopped = false
  // The journals' own entries only (the day's folder also holds the reference pack, which is not signed).
  const held = (room: OfficeStore['day']) =>
    [...room.journal.map.keys()].flatMap((id) => room.journal.get(id) ?? [])
  const inJournal = (id: string) => store.day.journal.map.has(id) || store.inbox.journal.map.has(id)
  const heldEvents = (): HeldEvents => ({
    // the day's folder is the combined one: what no journal holds came from the reference pack
    reference: store.day.journal.events().filter((e) => !inJournal(e.id)),
    events: [...held(store.day), ...held(store.inbox)],
    day: { office: store.ctx.office, date: store.ctx.date },
  })
  const verifier = createPeerVerifier({
    ownDevice: store.ctx.device,
    state: store.state,
    held: heldEvents,
    ...options,
    onChange: (r) => {
      if (!stopped) publish(r)
    },
  })
  void verifier.check([...held(store.day), ...held(store.inbox)])
  const onBatch = (b: { readonly local: boolean; readonly events: readonly DakEvent[] }) => {
    if (!b.local) void verifier.check(b.events)
  }
  const unsubs = [store.day.journal.subscribe(onBatch), store.inbox.journal.subscribe(onBatch)]
  return {
    verifier,
    stop() {
      stopped = true
      for (const u of unsubs) u()
      publish(none)
    },
  }
}
