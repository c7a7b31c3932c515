/**
 * A demo account-office chain taken from REAL offices of one division, for seeding the demo and for tests:
 * Nandyal H.O (HO) → Panem S.O (SO, three counters) → Pinnapuram BO (BO in account with Panem S.O).
 *
 * Source: /work/shared/data/india-post-offices.csv.gz (Department of Posts "All India Pincode Directory",
 * data.gov.in, GODL-India), rows of Andhra Pradesh Circle / Kurnool Region / Nandyal Division:
 *   Nandyal H.O,518501,HO,Delivery,Nandyal,ANDHRA PRADESH,15.489826,78.487541
 *   Panem S.O,518112,SO,Delivery,Nandyal,ANDHRA PRADESH,15.5143889,78.3486389,headOffice=Nandyal H.O
 *   Pinnapuram BO,518112,BO,Delivery,Nandyal,ANDHRA PRADESH,15.58,78.26,headOffice=Nandyal H.O,subOffice=Panem S.O
 * Staff names are invented; authorised balances are illustrative (the real ones are fixed by the division).
 */
import type { DakEvent } from '../events/envelope.ts'
import type { DeviceRecord, OfficeRecord, Role, RoleGrant, StaffRecord } from './office-types.ts'

export const DEMO_DIVISION = 'Nandyal Division'

export const DEMO_OFFICES: readonly OfficeRecord[] = [
  {
    id: 'nandyal-ho',
    name: 'Nandyal H.O',
    kind: 'HO',
    pincode: '518501',
    accountOffice: null,
    division: DEMO_DIVISION,
    lat: 15.489826,
    lon: 78.487541,
    authorisedMax: '2000000.00',
    authorisedMin: '200000.00',
  },
  {
    id: 'panem-so',
    name: 'Panem S.O',
    kind: 'SO',
    pincode: '518112',
    accountOffice: 'nandyal-ho',
    division: DEMO_DIVISION,
    lat: 15.5143889,
    lon: 78.3486389,
    authorisedMax: '300000.00',
    authorisedMin: '20000.00',
  },
  {
    id: 'pinnapuram-bo',
    name: 'Pinnapuram BO',
    kind: 'BO',
    pincode: '518112',
    accountOffice: 'panem-so',
    division: DEMO_DIVISION,
    lat: 15.58,
    lon: 78.26,
    authorisedMax: '20000.00',
    authorisedMin: '2000.00',
  },
]

interface DemoPerson extends StaffRecord {
  readonly roles: readonly Role[]
}

/** Staff of every role. Ids are stable; the identity issue adds their TOTP secrets. */
export const DEMO_STAFF: readonly DemoPerson[] = [
  {
    id: 'div-admin',
    name: 'R. Venkateswarlu (SSPO office)',
    office: 'nandyal-ho',
    roles: ['divisional-admin'],
  },
  { id: 'ho-pm', name: 'K. Lakshmi Devi', office: 'nandyal-ho', roles: ['postmaster'] },
  { id: 'ho-spm', name: 'S. Abdul Rahman', office: 'nandyal-ho', roles: ['supervisor'] },
  { id: 'ho-trr', name: 'P. Ramana Reddy', office: 'nandyal-ho', roles: ['treasurer'] },
  { id: 'so-spm', name: 'M. Suresh Kumar', office: 'panem-so', roles: ['supervisor'] },
  { id: 'so-trr', name: 'G. Padmavathi', office: 'panem-so', roles: ['treasurer'] },
  { id: 'so-pa1', name: 'B. Naveen', office: 'panem-so', roles: ['postal-assistant'] },
  { id: 'so-pa2', name: 'D. Swathi', office: 'panem-so', roles: ['postal-assistant'] },
  { id: 'so-pa3', name: 'Y. Chandra Sekhar', office: 'panem-so', roles: ['postal-assistant'] },
  { id: 'so-postman', name: 'V. Nagaraju', office: 'panem-so', roles: ['postman'] },
  { id: 'bo-bpm', name: 'T. Eswaramma', office: 'pinnapuram-bo', roles: ['branch-postmaster'] },
  { id: 'bo-abpm', name: 'C. Ramanjaneyulu', office: 'pinnapuram-bo', roles: ['postman'] },
]

export const DEMO_DEVICES: readonly DeviceRecord[] = [
  { id: 'dev-ho-treasury', office: 'nandyal-ho', label: 'Nandyal HO treasury' },
  { id: 'dev-ho-pm', office: 'nandyal-ho', label: 'Nandyal HO postmaster' },
  { id: 'dev-so-spm', office: 'panem-so', label: 'Panem SO supervisor' },
  { id: 'dev-so-treasury', office: 'panem-so', label: 'Panem SO treasury' },
  { id: 'dev-so-counter-1', office: 'panem-so', label: 'Panem SO counter 1' },
  { id: 'dev-so-counter-2', office: 'panem-so', label: 'Panem SO counter 2' },
  { id: 'dev-so-counter-3', office: 'panem-so', label: 'Panem SO counter 3' },
  { id: 'dev-bo-mobile', office: 'pinnapuram-bo', label: 'Pinnapuram BO mobile' },
]

export interface DemoOffice {
  readonly division: string
  readonly offices: readonly OfficeRecord[]
  readonly staff: readonly DemoPerson[]
  readonly devices: readonly DeviceRecord[]
  readonly grants: readonly RoleGrant[]
  /** The reference events that register all of the above, by the divisional admin, in fold order. */
  readonly events: DakEvent[]
}

/**
 * The business date the demo's reference events are journaled on by default: well before any day the demo
 * serves. It must be: the fold checks a role at the event's place in fold order (a conflict resolution by
 * someone not yet granted a role changes nothing), so registrations that sorted after a working day's events
 * would leave that day's supervisor without authority.
 */
export const DEMO_REFERENCE_DATE = '2026-04-01'

/**
 * The demo chain and its reference events. `date` is the business date the registrations are journaled on
 * (default `DEMO_REFERENCE_DATE`); `at` the epoch ms they carry (both injected: core reads no clock).
 */
export function demoOffice(options: { date?: string; at?: number } = {}): DemoOffice {
  const date = options.date ?? DEMO_REFERENCE_DATE
  const at = options.at ?? Date.parse(`${date}T02:30:00.000Z`)
  const grants: RoleGrant[] = DEMO_STAFF.flatMap((s) =>
    s.roles.map((role) => ({ staff: s.id, role, office: s.office })),
  )
  const events: DakEvent[] = []
  const push = (type: string, office: string, payload: unknown) => {
    const n = events.length
    events.push({
      id: `seed-${String(n).padStart(4, '0')}`,
      type,
      v: 1,
      office,
      date,
      actor: 'div-admin',
      device: 'seed',
      duty: null,
      hlc: `${new Date(at).toISOString()}-${n.toString(16).padStart(4, '0')}-seed`,
      at,
      payload,
    })
  }
  for (const o of DEMO_OFFICES) push('office.registered', o.id, o)
  for (const s of DEMO_STAFF) push('staff.registered', s.office, { id: s.id, name: s.name, office: s.office })
  for (const g of grants) push('role.granted', g.office, g)
  for (const d of DEMO_DEVICES) push('device.registered', d.office, d)
  return {
    division: DEMO_DIVISION,
    offices: DEMO_OFFICES,
    staff: DEMO_STAFF,
    devices: DEMO_DEVICES,
    grants,
    events,
  }
}
