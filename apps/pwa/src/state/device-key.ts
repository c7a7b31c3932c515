/**
 * This device's signing key and the sealing of every event it makes (issue 10). The key pair is made once with
 * WebCrypto as NON-extractable (Ed25519, or ECDSA P-256 where the browser has no Ed25519) and kept in its own
 * IndexedDB database: script can sign with it but never read the private key. Before the store appends events,
 * `sealOutgoing` links each one to this device's previous event of the same office day (`prev`) and signs it,
 * so the server and every peer can check who made it and that nothing before it was removed or changed.
 */
import {
  chainKey,
  compareEvents,
  type DakEvent,
  type DeviceEnrolledPayload,
  type DevicePublicKey,
  linkEvent,
  type SignatureAlgorithm,
  type Signer,
  signEventWith,
} from '@dak/core'
import { type KvStore, openKv } from './idb-kv.ts'

/** The IndexedDB database that holds the key pair and the chain heads (and nothing else). */
export const DEVICE_KEY_DB = 'dak-device-key'
const KEY = 'device-key'
const headKey = (chain: string) => `head:${chain}`

/** This device's key: what it enrols with (`publicKey`) and what signs its events (`signer`). */
export interface DeviceKey {
  readonly alg: SignatureAlgorithm
  /** The raw public key in unpadded base64url, as `device.enrolled` carries it. */
  readonly publicKey: DevicePublicKey
  readonly signer: Signer
  /** Epoch ms the pair was made. */
  readonly createdAt: number
}

interface StoredKey {
  readonly alg: SignatureAlgorithm
  readonly pair: CryptoKeyPair
  readonly publicKey: DevicePublicKey
  readonly createdAt: number
}

export interface DeviceKeyOptions {
  /** WebCrypto (default `globalThis.crypto.subtle`); tests pass one without Ed25519 to exercise the fallback. */
  readonly subtle?: SubtleCrypto
  readonly now?: () => number
}

let kv: KvStore | null = null
const store = (): KvStore => {
  kv ??= openKv(DEVICE_KEY_DB)
  return kv
}
let loading: Promise<DeviceKey> | null = null

const SIGN_PARAMS: Readonly<Record<SignatureAlgorithm, AlgorithmIdentifier | EcdsaParams>> = {
  Ed25519: { name: 'Ed25519' },
  'ECDSA-P256': { name: 'ECDSA', hash: 'SHA-256' },
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function asDeviceKey(stored: StoredKey, subtle: SubtleCrypto): DeviceKey {
  const params = SIGN_PARAMS[stored.alg]
  const privateKey = stored.pair.privateKey
  return {
    alg: stored.alg,
    publicKey: stored.publicKey,
    createdAt: stored.createdAt,
    // WebCrypto returns Ed25519 and P-256 signatures as 64 raw bytes (`r‖s`), the form core verifies.
    signer: async (payload) =>
      new Uint8Array(await subtle.sign(params, privateKey, payload as Uint8Array<ArrayBuffer>)),
  }
}

async function generate(subtle: SubtleCrypto, now: number): Promise<StoredKey> {
  let alg: SignatureAlgorithm = 'Ed25519'
  let pair: CryptoKeyPair
  try {
    pair = (await subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair
  } catch {
    // Browsers before Ed25519 support (e.g. older Chromium) throw NotSupportedError: use P-256.
    alg = 'ECDSA-P256'
    pair = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])
  }
  // The public half is always extractable; `raw` is 32 bytes (Ed25519) or 65 uncompressed bytes (P-256).
  const raw = new Uint8Array(await subtle.exportKey('raw', pair.publicKey))
  return { alg, pair, publicKey: { alg, key: toBase64Url(raw) }, createdAt: now }
}

/** The device key if one was made on this device, else undefined. */
export async function loadDeviceKey(options: DeviceKeyOptions = {}): Promise<DeviceKey | undefined> {
  const stored = await store().get<StoredKey>(KEY)
  return stored && asDeviceKey(stored, options.subtle ?? globalThis.crypto.subtle)
}

/**
 * The device key, made on first use. Concurrent callers (and two tabs) end up with the same pair: the first
 * one stored wins and the others read it back.
 */
export function loadOrCreateDeviceKey(options: DeviceKeyOptions = {}): Promise<DeviceKey> {
  loading ??= (async () => {
    const subtle = options.subtle ?? globalThis.crypto.subtle
    const existing = await store().get<StoredKey>(KEY)
    if (existing) return asDeviceKey(existing, subtle)
    const made = await generate(subtle, (options.now ?? Date.now)())
    if (await store().add(KEY, made)) return asDeviceKey(made, subtle)
    const winner = await store().get<StoredKey>(KEY)
    if (!winner) throw new Error('the device key vanished while it was being made; reload the app')
    return asDeviceKey(winner, subtle)
  })().finally(() => {
    loading = null
  })
  return loading
}

/** Destroys the key pair and the chain heads (de-registration): this device must be enrolled again. */
export async function clearDeviceKey(): Promise<void> {
  await loading?.catch(() => undefined)
  await store().destroy()
  kv = null
}

/**
 * The `device.enrolled` payload for this key: with `enrolment` and `code` from the admin's QR, or with
 * `enrolment: null` and no code when an admin records the key directly (or at genesis).
 */
export function enrolmentPayload(
  key: DeviceKey,
  input: { device: string; label: string; enrolment: string | null; code?: string },
): DeviceEnrolledPayload {
  const base = {
    device: input.device,
    label: input.label,
    publicKey: key.publicKey,
    enrolment: input.enrolment,
  }
  return input.code === undefined ? base : { ...base, code: input.code }
}

/** Links and signs this device's outgoing events. */
export interface EventSigner {
  readonly device: string
  /**
   * Returns the events linked (`prev`) and signed, in the order given; call right before appending them.
   * Calls are serialised, so two commands in flight never claim the same predecessor.
   */
  sealOutgoing(events: readonly DakEvent[]): Promise<DakEvent[]>
  /** The append of these sealed events failed: the next event links to what came before them again. */
  forget(events: readonly DakEvent[]): Promise<void>
}

export interface EventSignerOptions {
  /** The key (default: `loadOrCreateDeviceKey()`). */
  readonly key?: DeviceKey | Promise<DeviceKey>
  /**
   * The journal's last event of this device for an office day (the store reads the identity slice's chain
   * head). When given, it is the truth across reloads: a head stored locally but lost from the journal (a crash
   * between the two writes) must not be linked to, or every later event would be refused as `chain-gap`.
   * Without it, the last sealed event of each office day is kept in IndexedDB.
   */
  readonly lastOwnEvent?: (office: string, date: string) => DakEvent | undefined
}

/** Creates the signer for `device`; events of any other device are a bug in the caller and throw. */
export function createEventSigner(device: string, options: EventSignerOptions = {}): EventSigner {
  const key = Promise.resolve(options.key ?? loadOrCreateDeviceKey())
  const heads = new Map<string, DakEvent>()
  /** For each sealed event, the head it replaced (for `forget`). */
  const replaced = new Map<string, DakEvent | undefined>()
  let queue: Promise<unknown> = Promise.resolve()

  const previousOf = async (event: DakEvent): Promise<DakEvent | undefined> => {
    const chain = chainKey(event)
    const mine = heads.get(chain)
    if (options.lastOwnEvent) {
      const journal = options.lastOwnEvent(event.office, event.date)
      if (!mine) return journal
      return journal && compareEvents(journal, mine) > 0 ? journal : mine
    }
    return mine ?? (await store().get<DakEvent>(headKey(chain)))
  }

  const seal = async (events: readonly DakEvent[]): Promise<DakEvent[]> => {
    const k = await key
    const out: DakEvent[] = []
    const touched = new Set<string>()
    for (const event of events) {
      if (event.device !== device)
        throw new Error(`sealOutgoing: event ${event.id} is of device ${event.device}, not ${device}`)
      const previous = await previousOf(event)
      const sealed = await signEventWith(linkEvent(event, previous), k.signer)
      replaced.set(sealed.id, previous)
      heads.set(chainKey(sealed), sealed)
      touched.add(chainKey(sealed))
      out.push(sealed)
    }
    if (!options.lastOwnEvent) {
      for (const chain of touched) await store().put(headKey(chain), heads.get(chain))
    }
    return out
  }

  const forget = async (events: readonly DakEvent[]): Promise<void> => {
    // Walk back from the last: each chain's head returns to what the first forgotten event replaced.
    for (const e of [...events].reverse()) {
      if (!replaced.has(e.id)) continue
      const chain = chainKey(e)
      if (heads.get(chain)?.id !== e.id) continue
      const before = replaced.get(e.id)
      if (before) heads.set(chain, before)
      else heads.delete(chain)
      if (!options.lastOwnEvent) {
        if (before) await store().put(headKey(chain), before)
        else await store().delete(headKey(chain))
      }
    }
  }

  const serialised = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task)
    queue = run.catch(() => undefined)
    return run
  }

  return {
    device,
    sealOutgoing: (events) => serialised(() => seal(events)),
    forget: (events) => serialised(() => forget(events)),
  }
}
