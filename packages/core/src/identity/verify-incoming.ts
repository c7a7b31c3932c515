/**
 * The check the sync server runs on every incoming event (and a peer may run on what it receives) before it is
 * stored: signed by the registered key of an enrolled, unrevoked device of the event's office, its chain link
 * consistent with what is held, and — for identity events — made by someone allowed to. Returns a typed result
 * whose `code` is stable, so the server can report it to the client and count it in metrics.
 *
 * Batches: verify a device's events in (hlc, id) order and fold each one accepted before verifying the next,
 * so the chain head in `state` moves along with them.
 */

import * as v from 'valibot'
import type { DakEvent } from '../events/envelope.ts'
import type { State } from '../journal/state.ts'
import { err, ok, type Result } from '../result.ts'
import { type ChainIssueCode, chainKey, eventHash, parsePrev } from './chain.ts'
import { eventByDeviceAdmin } from './device-admin.ts'
import { enrolmentRefusal, IDENTITY_EVENTS } from './identity-fold.ts'
import { deviceEnrolledSchema } from './identity-schemas.ts'
import type { DeviceKeyRecord } from './identity-types.ts'
import {
  type DevicePublicKey,
  type SignatureError,
  type SignatureVerifier,
  verifyEventSignature,
} from './signatures.ts'

export type IncomingEventErrorCode =
  | SignatureError['code']
  | ChainIssueCode
  | 'unknown-device'
  | 'revoked-device'
  | 'wrong-office'
  | 'duplicate-event'
  | 'not-authorized'
  | 'enrolment-refused'

/** Why an incoming event was refused. */
export interface IncomingEventError {
  readonly code: IncomingEventErrorCode
  readonly event: string
  readonly device: string
  readonly message: string
}

/** What was verified. */
export interface VerifiedEvent {
  readonly device: string
  /** The key that verified the signature. */
  readonly key: DevicePublicKey
  /** True when the event enrolled its own device with a one-time code (its key came from its payload). */
  readonly selfEnrolment: boolean
}

export interface VerifyIncomingOptions {
  /**
   * Looks up an event already held, by id (the server reads its `Y.Map`). With it the chain link's hash is
   * checked (an edited predecessor is `chain-edit`) and a replayed id is `duplicate-event`; without it only
   * the link's id is checked against the chain head.
   */
  readonly getEvent?: (id: string) => DakEvent | undefined
  /** The verifier's clock, epoch ms: the server uses its own to refuse an expired enrolment code. */
  readonly now?: number
  /** Curve arithmetic to use (default pure-JS noble); the server may inject Node's native `crypto.verify`. */
  readonly verifier?: SignatureVerifier
  /** `eventHash`, or a memoised one (by event id) so a held event is hashed once rather than per successor. */
  readonly hashOf?: (event: DakEvent) => string
}

/** Verifies one incoming event against the folded state of its office journal. Never throws. */
export function verifyIncomingEvent(
  state: State,
  event: DakEvent,
  options: VerifyIncomingOptions = {},
): Result<VerifiedEvent, IncomingEventError> {
  const fail = (code: IncomingEventErrorCode, message: string) =>
    err({ code, event: event.id, device: event.device, message })
  const held = options.getEvent?.(event.id)
  if (held) {
    const hashOf = options.hashOf ?? eventHash
    return hashOf(held) === eventHash(event)
      ? fail('duplicate-event', `event ${event.id} is already held; a replay changes nothing`)
      : fail('duplicate-event', `another event with id ${event.id} is already held; ids are never reused`)
  }
  const keyed = signingKey(state, event, options.now)
  if (!keyed.ok) return fail(keyed.error.code, keyed.error.message)
  const signed = verifyEventSignature(event, keyed.value.key, options.verifier)
  if (!signed.ok) return fail(signed.error.code, `event ${event.id}: ${signed.error.message}`)
  const chained = checkLink(state, event, options.getEvent, options.hashOf ?? eventHash)
  if (chained) return fail(chained.code, chained.message)
  if (isAdminEvent(event) && !keyed.value.selfEnrolment) {
    const refused = eventByDeviceAdmin(state, event)
    if (refused) return fail('not-authorized', `${event.type} by ${event.actor}: ${refused.message}`)
  }
  return ok({ device: event.device, key: keyed.value.key, selfEnrolment: keyed.value.selfEnrolment })
}

const ADMIN_EVENTS: ReadonlySet<string> = new Set(Object.values(IDENTITY_EVENTS))

function isAdminEvent(event: DakEvent): boolean {
  return ADMIN_EVENTS.has(event.type)
}

type KeyResult = Result<
  { key: DevicePublicKey; selfEnrolment: boolean },
  { code: IncomingEventErrorCode; message: string }
>

function signingKey(state: State, event: DakEvent, now: number | undefined): KeyResult {
  const d: DeviceKeyRecord | undefined = state.identity.devices[event.device]
  if (!d) return selfEnrolmentKey(state, event, now)
  if (d.office !== event.office) {
    return err({
      code: 'wrong-office',
      message: `device ${event.device} is enrolled in ${d.office}, not ${event.office}`,
    })
  }
  // Anything a revoked device sends from now on is refused, whatever stamp it carries: stamps are the device's
  // own claim and a stolen phone could backdate them. Peers flag by stamp instead (see the fold).
  if (d.revoked) {
    return err({
      code: 'revoked-device',
      message: `device ${event.device} was revoked (${d.revoked.reason}); enrol it again to use it`,
    })
  }
  return ok({ key: d.publicKey, selfEnrolment: false })
}

/**
 * A device not yet enrolled may send exactly one event: its own `device.enrolled`, with a valid one-time code —
 * or, at genesis (an office with no enrolled device and no role grant yet, the office module's seeding rule),
 * without one: the first device of a fresh office is trusted on first use, like the first admin.
 */
function selfEnrolmentKey(state: State, event: DakEvent, now: number | undefined): KeyResult {
  const unknown = err({
    code: 'unknown-device' as const,
    message: `device ${event.device} is not enrolled in ${event.office}; enrol it with a one-time code from the postmaster`,
  })
  if (event.type !== IDENTITY_EVENTS.deviceEnrolled || !v.is(deviceEnrolledSchema, event.payload))
    return unknown
  const p = event.payload
  if (p.device !== event.device) return unknown
  if (p.code === undefined) {
    const genesis = isGenesis(state, event.office) && p.enrolment === null
    return genesis ? ok({ key: p.publicKey, selfEnrolment: true }) : unknown
  }
  const why = enrolmentRefusal(state.identity, p.enrolment, p.code, event.office, now ?? event.at)
  if (why) return err({ code: 'enrolment-refused', message: why })
  return ok({ key: p.publicKey, selfEnrolment: true })
}

function isGenesis(state: State, office: string): boolean {
  const grants = (state.office as { grants?: readonly unknown[] } | undefined)?.grants ?? []
  return grants.length === 0 && !Object.values(state.identity.devices).some((d) => d.office === office)
}

function checkLink(
  state: State,
  event: DakEvent,
  getEvent: ((id: string) => DakEvent | undefined) | undefined,
  hashOf: (event: DakEvent) => string,
): { code: IncomingEventErrorCode; message: string } | null {
  const head = state.identity.heads[chainKey(event)]
  if (event.prev === undefined) {
    return head
      ? {
          code: 'chain-fork',
          message: `device ${event.device} already has ${head.count} event(s) on ${event.date}; link to ${head.id}`,
        }
      : null
  }
  const link = parsePrev(event.prev)
  if (!link)
    return { code: 'chain-malformed', message: `prev of ${event.id} is not '<sha256 hex>:<event id>'` }
  if (!head)
    return {
      code: 'chain-gap',
      message: `event ${event.id} follows ${link.id}, which is not held; send it first`,
    }
  if (link.id !== head.id) {
    const known = getEvent?.(link.id)
    return known && chainKey(known) === chainKey(event)
      ? {
          code: 'chain-fork',
          message: `event ${event.id} follows ${link.id}, which already has a successor (head is ${head.id})`,
        }
      : {
          code: 'chain-gap',
          message: `event ${event.id} follows ${link.id}, but the last event held from ${event.device} is ${head.id}`,
        }
  }
  if (head.hlc >= event.hlc) {
    return { code: 'chain-order', message: `event ${event.id} is stamped before its predecessor ${head.id}` }
  }
  const previous = getEvent?.(link.id)
  if (getEvent && (!previous || hashOf(previous) !== link.hash)) {
    return {
      code: 'chain-edit',
      message: `event ${link.id} held differs from the one ${event.id} was chained to`,
    }
  }
  return null
}
