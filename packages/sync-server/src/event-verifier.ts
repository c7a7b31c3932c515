/**
 * Signature checking for the sync server (`requireSignatures`, on by default): a native `SignatureVerifier` over
 * Node's `crypto.verify` with one `KeyObject` per device key, a batch check of the events one update adds, and an
 * `EventVerifier` for the server's per-event hook that keeps a folded office/identity state per room, on top of
 * the office's reference events and its record in the `IdentityRegistry` (enrolments from every earlier day,
 * still known after a restart).
 *
 * Why a room cache: the hook is called once per added event with the room's document *before* the update, so
 * an update that carries a chain of events (a device back from offline) must see its own earlier events.
 * Each synchronous run of hook calls (one `acceptWrite`) shares a scratch state that moves along with the
 * accepted events; it is dropped at the next microtask or when the document changes, whichever is first.
 */
import { createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto'
import {
  authorize,
  createEventHasher,
  createKernel,
  type DakEvent,
  DEVICE_ADMIN,
  eventAuthorityRefusal,
  eventContext,
  IDENTITY_EVENTS,
  type IncomingEventError,
  identityModule,
  type Kernel,
  officeModule,
  type SignatureAlgorithm,
  type SignatureVerifier,
  type State,
  type VerifyIncomingOptions,
  verifyEventSignature,
  verifyIncomingEvent,
  verifyIncomingEvents,
} from '@dak/core'
import type * as Y from 'yjs'
import type { EventVerifier } from './connection.ts'
import { createIdentityRegistry, type IdentityRegistry } from './identity-registry.ts'
import { roomKind } from './rooms.ts'
import { JOURNAL_MAP } from './validate.ts'

/** A `SignatureVerifier` that also tells how many device keys it holds as `KeyObject`s. */
export type NodeSignatureVerifier = SignatureVerifier & { readonly cachedKeys: () => number }

/**
 * Node's native verification (OpenSSL), about 10× faster than pure-JS noble: Ed25519 (RFC 8032) and ECDSA P-256
 * over SHA-256 with `r‖s` signatures, high S accepted, as core's `nobleVerifier`. Keys are parsed once and kept
 * (least recently added goes first beyond `maxKeys`, default 4096: an office has a handful of devices).
 */
export function createNodeVerifier(options: { maxKeys?: number } = {}): NodeSignatureVerifier {
  const maxKeys = Math.max(1, options.maxKeys ?? 4096)
  const keys = new Map<string, KeyObject>()
  const keyObject = (alg: SignatureAlgorithm, raw: Uint8Array): KeyObject => {
    const id = `${alg}:${Buffer.from(raw).toString('base64url')}`
    let key = keys.get(id)
    if (!key) {
      key = createPublicKey({ key: jwkOf(alg, raw), format: 'jwk' })
      if (keys.size >= maxKeys) keys.delete(keys.keys().next().value as string)
      keys.set(id, key)
    }
    return key
  }
  const verify: SignatureVerifier = (alg, publicKey, payload, signature) => {
    const key = keyObject(alg, publicKey)
    return alg === 'Ed25519'
      ? cryptoVerify(null, payload, key, signature)
      : cryptoVerify('sha256', payload, { key, dsaEncoding: 'ieee-p1363' }, signature)
  }
  return Object.assign(verify, { cachedKeys: () => keys.size })
}

function jwkOf(alg: SignatureAlgorithm, raw: Uint8Array) {
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url')
  return alg === 'Ed25519'
    ? { kty: 'OKP', crv: 'Ed25519', x: b64(raw) }
    : { kty: 'EC', crv: 'P-256', x: b64(raw.subarray(1, 33)), y: b64(raw.subarray(33, 65)) }
}

/** The outcome of checking one update's events: all accepted, or the first refusal (in (hlc, id) order). */
export type UpdateVerdict =
  | { readonly ok: true; readonly accepted: readonly DakEvent[] }
  | {
      readonly ok: false
      readonly error: IncomingEventError
      readonly refused: readonly IncomingEventError[]
    }

/**
 * Runs core's `verifyIncomingEvent` for every event an update adds, against the folded office/identity `state`
 * of its room and `getEvent` (the events the room holds by id). Events of the same update may chain to each
 * other and an enrolment may come with the new device's first events. `state` is not changed.
 */
export function verifyUpdateEvents(
  state: State,
  events: readonly DakEvent[],
  options: VerifyIncomingOptions = {},
): UpdateVerdict {
  const verdict = verifyIncomingEvents(state, events, options)
  const first = verdict.refused[0]
  return first
    ? { ok: false, error: first, refused: verdict.refused }
    : { ok: true, accepted: verdict.accepted }
}

/** The slices `verifyIncomingEvent` reads (office roles and identity); the others are never folded here. */
type TrustState = Pick<State, 'office' | 'identity'>

let trustKernel: Kernel<TrustState> | undefined
function kernel(): Kernel<TrustState> {
  // The two modules are `SliceModule<State, …>`; they read only the office and identity slices.
  trustKernel ??= createKernel<TrustState>([officeModule, identityModule] as unknown as Parameters<
    typeof createKernel<TrustState>
  >[0])
  return trustKernel
}

export interface SignatureHookOptions {
  /**
   * The reference events of an office (offices, staff, role grants, `device.enrolled`/`device.revoked` of
   * earlier days), folded under every room of that office. Called on every check: return the same array
   * while nothing changed (it is added to the room's fold only when a new array is returned).
   */
  readonly reference?: (office: string) => readonly DakEvent[]
  /** The server clock, epoch ms (refuses expired enrolment codes). */
  readonly now?: () => number
  /** Default: `createNodeVerifier()`. */
  readonly verifier?: SignatureVerifier
  /**
   * Where each office's enrolments, revocations and role grants are kept between rooms and restarts (the server
   * passes its persisted one). Default: a memory-only registry (tests, tools).
   */
  readonly registry?: IdentityRegistry
}

interface RoomCache {
  readonly folder: ReturnType<Kernel<TrustState>['createFolder']>
  readonly references: Map<string, readonly DakEvent[]>
  span: { state: TrustState; batch: Map<string, DakEvent> } | null
}

/**
 * The server's `EventVerifier` hook (what `startServer` builds unless `requireSignatures: false`). Day rooms get the
 * full check (signature by an enrolled, unrevoked device of the office; chain link against the room, including
 * earlier events of the same update; duplicate ids; admin role for identity events). Inbox and other rooms get
 * the signature, device and duplicate checks only: an inbox copy's `prev` links into its sender's day room,
 * which the inbox does not hold. An event of an office whose registry record is not in memory yet is refused as
 * `identity-loading` (the server drops it unless it is the sender's own, whose office it loads beforehand).
 */
export function createSignatureHook(options: SignatureHookOptions = {}): EventVerifier {
  const verifier = options.verifier ?? createNodeVerifier()
  const now = options.now ?? Date.now
  const registry = options.registry ?? createIdentityRegistry()
  const rooms = new WeakMap<Y.Doc, RoomCache>()
  const hashOf = createEventHasher()
  const addOnce = (cache: RoomCache, key: string, events: readonly DakEvent[] | undefined) => {
    if (!events || cache.references.get(key) === events) return
    cache.references.set(key, events)
    cache.folder.add(events)
    cache.span = null
  }
  return (journalEvent, ctx) => {
    const event = journalEvent as unknown as DakEvent
    const known = registry.events(event.office)
    if (!known) {
      // the server loads the registry record of a connection's own offices before it may write, so this is an
      // event of a third office relayed through someone else: it is not stored now, and its record is loading
      return {
        ok: false,
        code: 'identity-loading',
        message: `the devices of ${event.office} are being loaded; send the event again shortly`,
      }
    }
    const cache = roomCache(rooms, ctx.doc, ctx.room, registry)
    addOnce(cache, event.office, options.reference?.(event.office))
    addOnce(cache, `identity:${event.office}`, known)
    const span = openSpan(cache)
    const getEvent = (id: string) => span.batch.get(id) ?? cache.folder.get(id)
    const state = span.state as State
    const kind = roomKind(ctx.room)
    let r: Refusal =
      kind.kind === 'day'
        ? verifyIncomingEvent(state, event, { getEvent, now: now(), verifier, hashOf })
        : verifySignedByDevice(state, event, getEvent, verifier)
    if (!r.ok && r.error.code === 'chain-gap' && kind.kind === 'day' && event.date < kind.date) {
      // A late entry: an event of an earlier (sealed) day re-posted unchanged into this day's room. Its link
      // points into its own day's chain, which this room does not hold (and that day's seal covers); every
      // other check still applies.
      r = verifyLateEntry(state, event, getEvent, verifier)
    }
    if (!r.ok) return { ok: false, code: r.error.code, message: r.error.message }
    const denied = authorityRefusal(state, event)
    if (denied) return { ok: false, code: 'not-authorized', message: denied }
    span.batch.set(event.id, event)
    kernel().applyInPlace(span.state, event)
    return { ok: true }
  }
}

/**
 * The events of a room as they are folded for verification. A day room also feeds the registry: what is held
 * when it is first checked, then every event accepted into it. Only a day room of the event's own office does,
 * where the full check ran (admin role for identity events); an inbox copy is checked for its signature only,
 * so an enrolment or revocation found there is never recorded.
 */
function roomCache(
  rooms: WeakMap<Y.Doc, RoomCache>,
  doc: Y.Doc,
  name: string,
  registry: IdentityRegistry,
): RoomCache {
  const known = rooms.get(doc)
  if (known) return known
  const kind = roomKind(name)
  const learn =
    kind.kind === 'day'
      ? (events: readonly DakEvent[]) => registry.learn(events.filter((e) => e.office === kind.office))
      : () => {}
  const map = doc.getMap<unknown>(JOURNAL_MAP)
  const cache: RoomCache = { folder: kernel().createFolder(), references: new Map(), span: null }
  const held = [...map.values()].flatMap(asEvent)
  cache.folder.add(held)
  learn(held)
  // Observers run after each applied transaction: fold what it added, and end the update's span.
  map.observe((change) => {
    const added: DakEvent[] = []
    for (const key of change.keysChanged) added.push(...asEvent(map.get(key)))
    cache.folder.add(added)
    learn(added)
    cache.span = null
  })
  rooms.set(doc, cache)
  return cache
}

/**
 * Core's `eventAuthorityRefusal`, the rule peers run too: whether the actor held the role the event's command
 * needs, judged on the room's state as folded just before it (reference events need the divisional admin once
 * one is granted; identity events an admin of the device; flag reviews and the supervisory day events their
 * command's roles). The modules check roles when a command is decided but fold events as they are, so without
 * this a signed `role.granted` or `cash.approved` from a clerk's device would count.
 */
function authorityRefusal(state: State, event: DakEvent): string | null {
  const refused = eventAuthorityRefusal(state, event)
  return refused ? `${event.type} by ${event.actor}: ${refused.message}` : null
}

function openSpan(cache: RoomCache): NonNullable<RoomCache['span']> {
  if (cache.span) return cache.span
  const span = { state: kernel().clone(cache.folder.state), batch: new Map<string, DakEvent>() }
  cache.span = span
  // One update's hook calls run synchronously; anything after them is another update.
  queueMicrotask(() => {
    if (cache.span === span) cache.span = null
  })
  return span
}

function asEvent(value: unknown): DakEvent[] {
  let v = value
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v)
    } catch {
      return []
    }
  }
  return v !== null && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string'
    ? [v as DakEvent]
    : []
}

type Refusal = { ok: true } | { ok: false; error: Pick<IncomingEventError, 'code' | 'message'> }

/** Signature, device and duplicate checks without the chain (events whose chain lives in another room). */
function verifySignedByDevice(
  state: State,
  event: DakEvent,
  getEvent: (id: string) => DakEvent | undefined,
  verifier: SignatureVerifier,
): Refusal {
  const fail = (code: IncomingEventError['code'], message: string): Refusal => ({
    ok: false,
    error: { code, message },
  })
  if (getEvent(event.id))
    return fail('duplicate-event', `event ${event.id} is already held; ids are never reused`)
  const d = state.identity.devices[event.device]
  if (!d) return fail('unknown-device', `device ${event.device} is not enrolled in ${event.office}`)
  if (d.office !== event.office)
    return fail('wrong-office', `device ${event.device} is enrolled in ${d.office}, not ${event.office}`)
  if (d.revoked)
    return fail('revoked-device', `device ${event.device} was revoked (${d.revoked.reason}); enrol it again`)
  const signed = verifyEventSignature(event, d.publicKey, verifier)
  return signed.ok ? { ok: true } : fail(signed.error.code, `event ${event.id}: ${signed.error.message}`)
}

const IDENTITY_TYPES: ReadonlySet<string> = new Set(Object.values(IDENTITY_EVENTS))

/**
 * A late entry in a day room: the signature, device and duplicate checks, and the admin role for an identity
 * event (as `verifyIncomingEvent` would, while the office has any role grant); not its chain link, which is into
 * its own day's room. A device that enrolled offline on a day sealed meanwhile is not enrolled yet here
 * (`unknown-device`): its enrolment must reach its own day, or be made again.
 */
function verifyLateEntry(
  state: State,
  event: DakEvent,
  getEvent: (id: string) => DakEvent | undefined,
  verifier: SignatureVerifier,
): Refusal {
  const signed = verifySignedByDevice(state, event, getEvent, verifier)
  if (!signed.ok || !IDENTITY_TYPES.has(event.type) || state.office.grants.length === 0) return signed
  const refused = authorize(state, eventContext(event), DEVICE_ADMIN)
  return refused
    ? {
        ok: false,
        error: { code: 'not-authorized', message: `${event.type} by ${event.actor}: ${refused.message}` },
      }
    : signed
}
