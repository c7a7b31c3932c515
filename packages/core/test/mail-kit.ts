/**
 * Test kit for the mail tests: real Guntur offices, staff with approved duties on a begun day, the published
 * tariff (all set up through the real office, day and mail commands), a deterministic command context, and
 * desks: one device's journal each, decided and folded with the real journal kernel.
 */
import { readFileSync } from 'node:fs'
import { encode } from '@dak/digipin'
import type { CommandContext, DakEvent } from '../src/events/envelope.ts'
import { journalKernel } from '../src/journal/journal.ts'
import type { Command } from '../src/journal/module.ts'
import type { State } from '../src/journal/state.ts'
import { composeArticleId } from '../src/mail/s10.ts'
import type { Tariff } from '../src/mail/tariff.ts'
import type { DutyKind, OfficeRecord, Role } from '../src/office/office-types.ts'

// Copied from /work/shared/domain/tariff.json (see packages/core/data/README.md).
export const tariff = JSON.parse(
  readFileSync(new URL('../data/tariff.json', import.meta.url), 'utf8'),
) as Tariff

/**
 * Offices from /work/shared/data/india-post-offices.csv.gz (Department of Posts, All India Pincode Directory,
 * GODL-India): Guntur Division, Andhra Pradesh Circle. Rows used: "Guntur H.O,522002,HO,16.3023663,80.4353233",
 * "Kothapeta(Guntur) S.O,522001,SO,16.2959167,80.4500278", "Brodipet(Guntur) S.O,522002,SO,16.3146111,80.4409722",
 * "NDC Guntur,522008,other,16.314427,80.429925" (a Nodal Delivery Centre).
 */
const office = (
  id: string,
  name: string,
  kind: OfficeRecord['kind'],
  pincode: string,
  lat: number,
  lon: number,
): OfficeRecord => ({
  id,
  name,
  kind,
  pincode,
  accountOffice: kind === 'HO' ? null : 'HO-GUNTUR',
  division: 'Guntur',
  lat,
  lon,
  authorisedMax: '500000.00',
  authorisedMin: '0.00',
})
export const OFFICES = {
  HO: office('HO-GUNTUR', 'Guntur H.O', 'HO', '522002', 16.3023663, 80.4353233),
  SO1: office('SO-KOTHAPETA', 'Kothapeta(Guntur) S.O', 'SO', '522001', 16.2959167, 80.4500278),
  SO2: office('SO-BRODIPET', 'Brodipet(Guntur) S.O', 'SO', '522002', 16.3146111, 80.4409722),
  DC: office('NDC-GUNTUR', 'NDC Guntur', 'DC', '522008', 16.314427, 80.429925),
}
export const DATE = '2026-11-30'

/** Staff: id → [office, role, duty kind | null]. */
export const STAFF: Record<string, [string, Role, DutyKind | null]> = {
  'admin-guntur': ['HO-GUNTUR', 'divisional-admin', null],
  'spm-kothapeta': ['SO-KOTHAPETA', 'supervisor', null],
  'spm-brodipet': ['SO-BRODIPET', 'supervisor', null],
  'spm-ndc': ['NDC-GUNTUR', 'supervisor', null],
  'pa-kothapeta': ['SO-KOTHAPETA', 'postal-assistant', 'mail-booking'],
  'pa-brodipet': ['SO-BRODIPET', 'postal-assistant', 'counter'],
  'mp-kothapeta': ['SO-KOTHAPETA', 'postal-assistant', 'mail-processing'],
  'mp-brodipet': ['SO-BRODIPET', 'postal-assistant', 'mail-processing'],
  'mp-ndc': ['NDC-GUNTUR', 'postal-assistant', 'mail-processing'],
  'mp2-ndc': ['NDC-GUNTUR', 'postal-assistant', 'mail-processing'],
  'postman-ndc': ['NDC-GUNTUR', 'postman', 'delivery'],
  'postman2-ndc': ['NDC-GUNTUR', 'postman', 'delivery'],
  'pa-idle': ['SO-KOTHAPETA', 'postal-assistant', null],
}
const SUPERVISOR: Record<string, string> = {
  'SO-KOTHAPETA': 'spm-kothapeta',
  'SO-BRODIPET': 'spm-brodipet',
  'NDC-GUNTUR': 'spm-ndc',
}
const duties = new Map<string, string>()
/** The id of the approved, begun duty a staff member acts under (the `duty.requested` event id). */
export const dutyOf = (staff: string) => duties.get(staff) ?? null

const kernel = journalKernel()

/**
 * The genesis of the test network through the real office and day commands: offices, staff and roles
 * registered by the divisional admin, each office's day begun by its supervisor (all, or those listed),
 * each duty requested, approved by the supervisor and begun, and the tariff published.
 */
function genesis(daysBegun: readonly string[]): DakEvent[] {
  let n = 0
  const events: DakEvent[] = []
  let state = kernel.init()
  const ctx = (staff: string): CommandContext => {
    const [officeId] = STAFF[staff]!
    return {
      office: officeId,
      date: DATE,
      actor: staff,
      device: `dev-${staff}`,
      duty: duties.get(staff) ?? null,
      now: Date.UTC(2026, 10, 30, 3, 0, 0),
      newId: () => `g-${String(++n).padStart(5, '0')}`,
      nextHlc: () => `${new Date(Date.UTC(2026, 10, 30, 3, 0, 0) + n).toISOString()}-0000-dev-${staff}`,
    }
  }
  const run = (type: string, payload: unknown, staff: string) => {
    const r = kernel.decide(state, { type, payload }, ctx(staff))
    if (!r.ok) throw new Error(`genesis ${type} refused: ${r.error.code}: ${r.error.message}`)
    for (const e of r.value) kernel.applyInPlace(state, e)
    events.push(...r.value)
    return r.value
  }
  run('office.register', OFFICES.HO, 'admin-guntur')
  run('staff.register', { id: 'admin-guntur', name: 'admin-guntur', office: 'HO-GUNTUR' }, 'admin-guntur')
  run('role.grant', { staff: 'admin-guntur', role: 'divisional-admin', office: 'HO-GUNTUR' }, 'admin-guntur')
  for (const o of [OFFICES.SO1, OFFICES.SO2, OFFICES.DC]) run('office.register', o, 'admin-guntur')
  for (const [id, [officeId, role]] of Object.entries(STAFF)) {
    if (id === 'admin-guntur') continue
    run('staff.register', { id, name: id, office: officeId }, 'admin-guntur')
    run('role.grant', { staff: id, role, office: officeId }, 'admin-guntur')
  }
  run('tariff.publish', { tariff }, 'admin-guntur')
  for (const officeId of daysBegun)
    run('day.begin', { cash: { '500': 20 }, stock: {} }, SUPERVISOR[officeId]!)
  for (const [id, [officeId, , kind]] of Object.entries(STAFF)) {
    if (!kind || !daysBegun.includes(officeId)) continue
    duties.delete(id)
    const [requested] = run('duty.request', { kind, counter: null }, id)
    run('duty.approve', { dutyId: requested!.id }, SUPERVISOR[officeId]!)
    duties.set(id, requested!.id)
    run('shift.begin', { dutyId: requested!.id }, id)
  }
  state = kernel.init()
  return events
}

const ALL_DAYS = ['SO-KOTHAPETA', 'SO-BRODIPET', 'NDC-GUNTUR']
const genesisCache = new Map<string, DakEvent[]>()

/** The genesis events (cached per set of begun days). */
export function genesisEvents(daysBegun: readonly string[] = ALL_DAYS): DakEvent[] {
  const key = daysBegun.join(',')
  let events = genesisCache.get(key)
  if (!events) {
    events = genesis(daysBegun)
    genesisCache.set(key, events)
  }
  return events
}

/** A fresh state after genesis. */
export function seededState(opts: { daysBegun?: readonly string[] } = {}): State {
  return kernel.fold(genesisEvents(opts.daysBegun ?? ALL_DAYS))
}

let clock = 0
/** A context for `staff` (their office and approved duty) with deterministic ids, HLC and time. */
export function ctxFor(staff: string, over: Partial<CommandContext> = {}): CommandContext {
  const [officeId, , kind] = STAFF[staff] ?? ['SO-KOTHAPETA', 'postal-assistant', null]
  const device = over.device ?? `dev-${staff}`
  return {
    office: officeId,
    date: DATE,
    actor: staff,
    device,
    duty: kind ? dutyOf(staff) : null,
    now: Date.UTC(2026, 10, 30, 4, 0, 0),
    newId: () => `ev-${String(++clock).padStart(7, '0')}`,
    nextHlc: () =>
      `${new Date(Date.UTC(2026, 10, 30, 4, 0, 0) + clock).toISOString()}-${(clock % 0xffff).toString(16).padStart(4, '0')}-${device}`,
    ...over,
  }
}

/** Folds genesis plus `events` from scratch with the real journal kernel (dedupe, (hlc, id) order). */
export function foldAll(events: Iterable<DakEvent>, daysBegun?: readonly string[]): State {
  return kernel.fold([...genesisEvents(daysBegun ?? ALL_DAYS), ...events])
}

/** One device's journal: decide against its own state, append, apply in place; `receive` merges others'. */
export function createDesk(opts: { daysBegun?: readonly string[] } = {}) {
  const events: DakEvent[] = []
  let state = seededState(opts)
  return {
    get state() {
      return state
    },
    events,
    /** Runs a command (throws with the refusal when refused); returns the events it appended. */
    run(command: Command, ctx: CommandContext): DakEvent[] {
      const r = kernel.decide(state, command, ctx)
      if (!r.ok) throw new Error(`${command.type} refused: ${r.error.code}: ${r.error.message}`)
      events.push(...r.value)
      for (const e of r.value) kernel.applyInPlace(state, e)
      return r.value
    },
    /** The refusal code of a command, or 'accepted' (nothing is appended). */
    refusal(command: Command, ctx: CommandContext): string {
      const r = kernel.decide(state, command, ctx)
      return r.ok ? 'accepted' : r.error.code
    },
    /** Merges events from another device or office journal and refolds. */
    receive(more: readonly DakEvent[]) {
      const known = new Set(events.map((e) => e.id))
      events.push(...more.filter((e) => !known.has(e.id)))
      state = foldAll(events, opts.daysBegun)
    },
  }
}

export const openConflicts = (state: State) => kernel.openConflicts(state)

/** A DIGIPIN near a point, deterministic from an index (spreads stops over ~2 km). */
export function digipinNear(lat: number, lon: number, i: number): string {
  const dLat = (((i * 7919) % 200) - 100) * 0.0001
  const dLon = (((i * 104729) % 200) - 100) * 0.0001
  return encode(lat + dLat, lon + dLon)
}

export const SECRET = '8f2c1d7e9a0b4c3d5e6f708192a3b4c5'

export const ADDRESSEE = {
  name: 'K. Lakshmi',
  address: '4-12 Main Road, Arundelpet, Guntur',
  pincode: '522002',
  digipin: '4T3-8K7-6P2C',
}
const SENDER = { name: 'R. Prasad', address: 'Kothapeta, Guntur', pincode: '522001' }

/** An `article.book` command for article EK 522000nn, with overrides. */
export const booking = (n: number, over: Record<string, unknown> = {}) => ({
  type: 'article.book',
  payload: {
    articleId: composeArticleId('EK', 52_200_000 + n, 'IN'),
    service: 'speed-post-document',
    customerType: 'retail',
    sender: SENDER,
    addressee: ADDRESSEE,
    weightGrams: 200,
    band: 'upTo2000km',
    options: { registration: true, otpDelivery: true },
    payment: { method: 'cash' },
    otpSecret: SECRET,
    ...over,
  },
})
