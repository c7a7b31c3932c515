/**
 * An office whose devices sign as the PWA does, for the identity registry tests: a reference pack (office, staff,
 * role grants, the admin device's key, open one-time enrolments) and devices that stamp, chain and sign events.
 */
import { type DakEvent, ed25519PublicKey, enrolmentCodeHash, linkEvent, signEvent } from '@dak/core'
import type { Client } from './helpers.ts'

export const OFFICE = 'SO123'
export const DAY0 = '2026-11-29'
export const DAY1 = '2026-11-30'
export const room = (date: string): string => `office/${OFFICE}/day/${date}`
const T0 = Date.UTC(2026, 10, 29, 6, 0, 0)
const hlcAt = (ms: number, node: string) => `${new Date(ms).toISOString()}-0000-${node}`

/** One-time codes of the enrolments the pack opens (16+ characters, as a QR carries). */
export const CODES: Readonly<Record<string, string>> = {
  D1: 'CODE-D1-AAAAAAAAAAAA',
  D2: 'CODE-D2-BBBBBBBBBBBB',
  D3: 'CODE-D3-CCCCCCCCCCCC',
}

/** The reference pack. `expiresAt` of the enrolments is judged by the server's clock. */
export function referencePack(expiresAt: number): DakEvent[] {
  let n = 0
  const ev = (type: string, payload: unknown): DakEvent => ({
    id: `ref-${(n++).toString().padStart(3, '0')}`,
    type,
    v: 1,
    office: OFFICE,
    date: '2026-11-01',
    actor: 'da-1',
    device: 'seed',
    duty: null,
    hlc: hlcAt(T0 - 86_400_000 + n * 1000, 'seed'),
    at: T0 - 86_400_000,
    payload,
  })
  return [
    ev('office.registered', {
      id: OFFICE,
      name: 'Test SO',
      kind: 'SO',
      pincode: '600004',
      accountOffice: null,
      division: 'Test division',
      lat: null,
      lon: null,
      authorisedMax: '50000.00',
      authorisedMin: '0.00',
    }),
    ev('staff.registered', { id: 'da-1', name: 'Divisional admin', office: OFFICE }),
    ev('staff.registered', { id: 'pm-1', name: 'Postmaster', office: OFFICE }),
    ev('staff.registered', { id: 'pa-1', name: 'Clerk', office: OFFICE }),
    ev('role.granted', { staff: 'da-1', role: 'divisional-admin', office: OFFICE }),
    ev('role.granted', { staff: 'pm-1', role: 'postmaster', office: OFFICE }),
    ev('role.granted', { staff: 'pa-1', role: 'postal-assistant', office: OFFICE }),
    ev('device.enrolled', {
      device: 'ADM',
      label: "Postmaster's phone",
      publicKey: ed25519PublicKey(secretOf('ADM')),
      enrolment: null,
    }),
    ...Object.entries(CODES).map(([device, code]) =>
      ev('device.enrolment-opened', {
        enrolment: `enrol-${device}`,
        label: device,
        codeHash: enrolmentCodeHash(`enrol-${device}`, code),
        expiresAt,
      }),
    ),
  ]
}

/** A device's Ed25519 secret key (deterministic per id). */
export function secretOf(device: string): Uint8Array {
  const s = new Uint8Array(32)
  for (let i = 0; i < 32; i++) s[i] = (device.charCodeAt(i % device.length) * (i + 7)) & 0xff
  return s
}

let clock = T0
let seq = 0

/** A device that stamps, chains (per date) and signs its events as the PWA's event signer does. */
export function signingDevice(id: string, actor: string, secret: Uint8Array = secretOf(id)) {
  const last = new Map<string, DakEvent>()
  return {
    id,
    actor,
    /**
     * The next event of `date`, linked to this device's previous one of that date and signed. `advance: false`
     * leaves the chain where it was (for an event the server is expected to refuse).
     */
    emit(date: string, type = 'test.noted', payload: unknown = { n: seq }, advance = true): DakEvent {
      clock += 1000
      const unsigned: DakEvent = {
        id: `${id}-${process.pid}-${(seq++).toString().padStart(4, '0')}`,
        type,
        v: 1,
        office: OFFICE,
        date,
        actor,
        device: id,
        duty: null,
        hlc: hlcAt(clock, id),
        at: clock,
        payload,
      }
      const signed = signEvent(linkEvent(unsigned, last.get(date)), secret)
      if (advance) last.set(date, signed)
      return signed
    },
    /** Its own `device.enrolled` with the one-time code of `enrolment` (signed with its new key). */
    enrol(date: string, enrolment: string, code: string): DakEvent {
      return this.emit(date, 'device.enrolled', {
        device: id,
        label: id,
        publicKey: ed25519PublicKey(secret),
        enrolment,
        code,
      })
    },
  }
}

/** Writes events into a client's journal in one transaction (one update). */
export function write(client: Client, events: readonly DakEvent[]): void {
  client.doc.transact(() => {
    for (const e of events) client.doc.getMap('events').set(e.id, e)
  })
}
