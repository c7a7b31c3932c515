/**
 * Test helpers for the identity tests: a small fold over the office and identity modules only (so these tests
 * do not depend on the day and mail modules), and simulated devices with Ed25519 keys that stamp, chain and
 * sign events the way the PWA does.
 */
import type { DakEvent } from '../src/events/envelope.ts'
import { linkEvent } from '../src/identity/chain.ts'
import { identityModule } from '../src/identity/identity-module.ts'
import { type DevicePublicKey, ed25519PublicKey, signEvent } from '../src/identity/signatures.ts'
import type { State } from '../src/journal/state.ts'
import { officeModule } from '../src/office/office-module.ts'

export const OFFICE = 'SO-600004'
export const DATE = '2026-11-30'
/** 2026-11-30T06:00:00.000Z */
export const T0 = Date.UTC(2026, 10, 30, 6, 0, 0)

/** A fresh state with the office and identity slices (the others are empty stand-ins). */
export function emptyState(): State {
  return {
    office: officeModule.init(),
    identity: identityModule.init(),
    day: { duties: {} },
    custody: {},
    mail: {},
  } as unknown as State
}

function compare(a: DakEvent, b: DakEvent): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** Applies one event to a state in place (office first, as in the real module list). */
export function applyEvent(state: State, event: DakEvent): State {
  officeModule.apply(state.office, event, state)
  identityModule.apply(state.identity, event, state)
  return state
}

/** Folds events in (hlc, id) order into a fresh state. */
export function foldEvents(events: readonly DakEvent[], base: readonly DakEvent[] = []): State {
  const state = emptyState()
  for (const e of [...base, ...events].sort(compare)) applyEvent(state, e)
  return state
}

/** An HLC stamp for epoch ms `ms` on `node`. */
export function hlcAt(ms: number, node: string, counter = 0): string {
  return `${new Date(ms).toISOString()}-${counter.toString(16).padStart(4, '0')}-${node}`
}

/** A simulated device: a deterministic Ed25519 key, a clock, a per-day chain, and a signer. */
export interface SimDevice {
  readonly id: string
  readonly secretKey: Uint8Array
  readonly publicKey: DevicePublicKey
  /** Makes, links and signs one event at time `at` (ms). */
  emit(
    type: string,
    payload: unknown,
    options?: { actor?: string; at?: number; office?: string; date?: string },
  ): DakEvent
  /** Every event it made, in order. */
  readonly events: DakEvent[]
}

/**
 * One wall clock shared by every simulated device of a test file, a second per event, so that events made one
 * after the other in a test are also in that order in the fold (as on real devices whose clocks agree).
 */
let clock = T0

export function createDevice(id: string, seed: number, defaultActor = 'pm-1'): SimDevice {
  const secretKey = new Uint8Array(32).fill(seed)
  const events: DakEvent[] = []
  let seq = 0
  return {
    id,
    secretKey,
    publicKey: ed25519PublicKey(secretKey),
    events,
    emit(type, payload, options = {}) {
      clock = Math.max(clock + 1000, options.at ?? 0)
      const office = options.office ?? OFFICE
      const date = options.date ?? DATE
      const unsigned: DakEvent = {
        id: `${id}:${(seq++).toString().padStart(4, '0')}`,
        type,
        v: 1,
        office,
        date,
        actor: options.actor ?? defaultActor,
        device: id,
        duty: null,
        hlc: hlcAt(clock, id),
        at: clock,
        payload,
      }
      const previous = [...events].reverse().find((e) => e.office === office && e.date === date)
      const event = signEvent(linkEvent(unsigned, previous), secretKey)
      events.push(event)
      return event
    },
  }
}

/** Reference events seeding an office with a postmaster `pm-1`, a postal assistant `pa-1` and a divisional admin. */
export function seedOffice(seeder: SimDevice): DakEvent[] {
  const office = {
    id: OFFICE,
    name: 'Mylapore SO',
    kind: 'SO',
    pincode: '600004',
    accountOffice: null,
    division: 'Chennai City Central',
    lat: null,
    lon: null,
    authorisedMax: '50000.00',
    authorisedMin: '0.00',
  }
  return [
    seeder.emit('office.registered', office, { actor: 'da-1' }),
    seeder.emit('staff.registered', { id: 'pm-1', name: 'Lakshmi', office: OFFICE }, { actor: 'da-1' }),
    seeder.emit('staff.registered', { id: 'pa-1', name: 'Ravi', office: OFFICE }, { actor: 'da-1' }),
    seeder.emit(
      'staff.registered',
      { id: 'da-1', name: 'Divisional admin', office: OFFICE },
      { actor: 'da-1' },
    ),
    seeder.emit(
      'role.granted',
      { staff: 'da-1', role: 'divisional-admin', office: OFFICE },
      { actor: 'da-1' },
    ),
    seeder.emit('role.granted', { staff: 'pm-1', role: 'postmaster', office: OFFICE }, { actor: 'da-1' }),
    seeder.emit(
      'role.granted',
      { staff: 'pa-1', role: 'postal-assistant', office: OFFICE },
      { actor: 'da-1' },
    ),
  ]
}

/** A `device.enrolled` payload recording a device's key directly (admin path). */
export function directEnrolment(device: SimDevice, label = device.id) {
  return { device: device.id, label, publicKey: device.publicKey, enrolment: null }
}
