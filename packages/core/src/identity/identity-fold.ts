/**
 * The identity fold: how each event changes the identity slice. Runs on every device and on the server in
 * (hlc, id) order, so every peer derives the same devices, revocations and flags. Identity events that break
 * a rule (wrong role, used or expired enrolment, unknown device) change nothing but a flag.
 */
import * as v from 'valibot'
import type { DakEvent } from '../events/envelope.ts'
import { CONFLICT_RESOLVED } from '../events/schema.ts'
import type { State } from '../journal/state.ts'
import { chainKey } from './chain.ts'
import { enrolmentCodeHash, eventByDeviceAdmin } from './device-admin.ts'
import { applyFlagReview, FLAG_REVIEWED } from './flag-review.ts'
import { IDENTITY_EVENTS, IDENTITY_FLAGS } from './identity-events.ts'
import {
  deviceEnrolledSchema,
  deviceRevokedSchema,
  enrolmentOpenedSchema,
  totpEnrolledSchema,
  totpRevokedSchema,
} from './identity-schemas.ts'
import type { IdentityState } from './identity-types.ts'
import { checkPublicKey } from './signatures.ts'

export { IDENTITY_EVENTS, IDENTITY_FLAGS }

const ACK = ['acknowledge'] as const

export function initIdentity(): IdentityState {
  return { devices: {}, enrolments: {}, totp: {}, heads: {}, flags: [], reviews: {} }
}

/** Applies one event to the identity slice in place. */
export function applyIdentity(slice: IdentityState, event: DakEvent, state: State): void {
  if (event.type === CONFLICT_RESOLVED) {
    const id = (event.payload as { conflictId?: unknown }).conflictId
    slice.flags = slice.flags.filter((f) => f.id !== id)
    return
  }
  trackChain(slice, event)
  // A revoked device's identity events are flagged and not applied: a stolen admin phone enrols nothing.
  if (flagIfRevoked(slice, event)) return
  if (event.type === FLAG_REVIEWED) {
    applyFlagReview(slice, event, state)
    return
  }
  const refusal = applyIdentityEvent(slice, event, state)
  if (refusal) refuse(slice, event, refusal)
}

function trackChain(slice: IdentityState, event: DakEvent): void {
  const key = chainKey(event)
  const head = slice.heads[key]
  slice.heads[key] = { id: event.id, hlc: event.hlc, count: (head?.count ?? 0) + 1 }
}

/** Flags an event a device made after its revocation; true when it did and the event is an identity event. */
function flagIfRevoked(slice: IdentityState, event: DakEvent): boolean {
  const revoked = slice.devices[event.device]?.revoked
  if (!revoked || event.hlc <= revoked.hlc) return false
  slice.flags.push({
    id: `${IDENTITY_FLAGS.revokedDeviceEvent}:${event.id}`,
    kind: IDENTITY_FLAGS.revokedDeviceEvent,
    subject: event.device,
    events: [revoked.event, event.id],
    resolutions: ACK,
    message: `event ${event.id} (${event.type}) was made on device ${event.device} after it was revoked (${revoked.reason}); check it and correct it with a new event if needed`,
  })
  return IDENTITY_EVENT_TYPES.has(event.type)
}

// A revoked device's review counts no more than its enrolments do.
const IDENTITY_EVENT_TYPES: ReadonlySet<string> = new Set([...Object.values(IDENTITY_EVENTS), FLAG_REVIEWED])

function refuse(slice: IdentityState, event: DakEvent, reason: string): void {
  slice.flags.push({
    id: `${IDENTITY_FLAGS.refusedIdentityEvent}:${event.id}`,
    kind: IDENTITY_FLAGS.refusedIdentityEvent,
    subject: event.type,
    events: [event.id],
    resolutions: ACK,
    message: `${event.type} ${event.id} by ${event.actor} was not applied: ${reason}`,
  })
}

/** Applies an identity event; returns why it was refused, or null (also for events of other slices). */
function applyIdentityEvent(slice: IdentityState, event: DakEvent, state: State): string | null {
  switch (event.type) {
    case IDENTITY_EVENTS.enrolmentOpened:
      return openEnrolment(slice, event, state)
    case IDENTITY_EVENTS.deviceEnrolled:
      return enrolDevice(slice, event, state)
    case IDENTITY_EVENTS.deviceRevoked:
      return revokeDevice(slice, event, state)
    case IDENTITY_EVENTS.totpEnrolled:
      return enrolTotp(slice, event, state)
    case IDENTITY_EVENTS.totpRevoked:
      return revokeTotp(slice, event, state)
    default:
      return null
  }
}

function adminRefusal(state: State, event: DakEvent): string | null {
  const refused = eventByDeviceAdmin(state, event)
  return refused ? `${refused.code}: ${refused.message}` : null
}

function openEnrolment(slice: IdentityState, event: DakEvent, state: State): string | null {
  if (!v.is(enrolmentOpenedSchema, event.payload)) return 'malformed payload'
  const p = event.payload
  const denied = adminRefusal(state, event)
  if (denied) return denied
  if (slice.enrolments[p.enrolment]) return `enrolment ${p.enrolment} already exists`
  slice.enrolments[p.enrolment] = {
    id: p.enrolment,
    office: event.office,
    label: p.label,
    codeHash: p.codeHash,
    expiresAt: p.expiresAt,
    openedBy: event.actor,
    usedBy: null,
  }
  return null
}

/**
 * Why a one-time code does not open enrolment `id` for `office` at `now`, or null when it does. Shared by the
 * fold (with the event's `at`), the command and the server (with its own clock).
 */
export function enrolmentRefusal(
  slice: IdentityState,
  id: string | null,
  code: string | undefined,
  office: string,
  now: number,
): string | null {
  if (id === null || code === undefined) return 'an enrolment code needs its enrolment id'
  const e = slice.enrolments[id]
  if (!e || e.office !== office) return `enrolment ${id} was not opened for office ${office}`
  if (e.usedBy !== null) return `enrolment ${id} was already used by device ${e.usedBy}; ask for a new QR`
  if (now > e.expiresAt) return `enrolment ${id} expired; ask the postmaster for a new QR`
  if (enrolmentCodeHash(id, code) !== e.codeHash) return `the code does not match enrolment ${id}`
  return null
}

function enrolDevice(slice: IdentityState, event: DakEvent, state: State): string | null {
  if (!v.is(deviceEnrolledSchema, event.payload)) return 'malformed payload'
  const p = event.payload
  if (p.code !== undefined) {
    // Self-enrolment: the new device presents the admin's one-time code; the code is the authority.
    if (event.device !== p.device) return 'a device enrolling itself with a code must be the event device'
    const why = enrolmentRefusal(slice, p.enrolment, p.code, event.office, event.at)
    if (why) return why
  } else {
    const denied = adminRefusal(state, event)
    if (denied) return denied
    if (p.enrolment !== null) return 'an enrolment id needs its code'
  }
  if (slice.devices[p.device]) return `device ${p.device} is already enrolled`
  if (!checkPublicKey(p.publicKey).ok) return `the ${p.publicKey.alg} public key is malformed`
  if (p.enrolment !== null) {
    const e = slice.enrolments[p.enrolment]
    if (e) e.usedBy = p.device
  }
  slice.devices[p.device] = {
    id: p.device,
    office: event.office,
    label: p.label,
    publicKey: p.publicKey,
    enrolment: p.enrolment,
    event: event.id,
    hlc: event.hlc,
    revoked: null,
  }
  return null
}

function revokeDevice(slice: IdentityState, event: DakEvent, state: State): string | null {
  if (!v.is(deviceRevokedSchema, event.payload)) return 'malformed payload'
  const p = event.payload
  const denied = adminRefusal(state, event)
  if (denied) return denied
  const d = slice.devices[p.device]
  if (!d || d.office !== event.office) return `device ${p.device} is not enrolled in office ${event.office}`
  // The first revocation in fold order stands; a second one changes nothing and needs no flag.
  d.revoked ??= { by: event.actor, hlc: event.hlc, event: event.id, reason: p.reason }
  return null
}

function enrolTotp(slice: IdentityState, event: DakEvent, state: State): string | null {
  if (!v.is(totpEnrolledSchema, event.payload)) return 'malformed payload'
  const p = event.payload
  const denied = adminRefusal(state, event)
  if (denied) return denied
  if (slice.totp[p.credential]) return `TOTP credential ${p.credential} already exists`
  slice.totp[p.credential] = {
    id: p.credential,
    staff: p.staff,
    office: event.office,
    devices: p.devices,
    algorithm: p.algorithm,
    digits: p.digits,
    period: p.period,
    secretCheck: p.secretCheck,
    enrolledBy: event.actor,
    hlc: event.hlc,
    revoked: null,
  }
  return null
}

function revokeTotp(slice: IdentityState, event: DakEvent, state: State): string | null {
  if (!v.is(totpRevokedSchema, event.payload)) return 'malformed payload'
  const p = event.payload
  const denied = adminRefusal(state, event)
  if (denied) return denied
  const c = slice.totp[p.credential]
  if (!c || c.office !== event.office)
    return `TOTP credential ${p.credential} is not enrolled in office ${event.office}`
  c.revoked ??= { by: event.actor, hlc: event.hlc, reason: p.reason }
  return null
}
