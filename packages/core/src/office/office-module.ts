/**
 * Reference data slice `office`: offices (with their account office and authorised balances), staff, role
 * grants and devices. Written only by admin-only reference events; every other module reads it to authorise.
 */
import * as v from 'valibot'
import { domainError } from '../events/domain-error.ts'
import { type CommandContext, type DakEvent, stamp } from '../events/envelope.ts'
import type { Command, DomainModule } from '../journal/module.ts'
import type { State } from '../journal/state.ts'
import { err, ok } from '../result.ts'
import {
  type DeviceRecord,
  OFFICE_KINDS,
  type OfficeRecord,
  ROLES,
  type RoleGrant,
  type StaffRecord,
} from './office-types.ts'
import { idField, moneyString, parsePayload } from './parse-payload.ts'
import { authorize } from './permissions.ts'

export interface OfficeState {
  offices: Record<string, OfficeRecord>
  staff: Record<string, StaffRecord>
  devices: Record<string, DeviceRecord>
  /** Role grants in the order granted; a revoked grant is removed. */
  grants: RoleGrant[]
}

export const officeRegisteredSchema = v.strictObject({
  id: idField,
  name: v.pipe(v.string(), v.minLength(1, 'name is required')),
  kind: v.picklist(OFFICE_KINDS, `kind must be one of ${OFFICE_KINDS.join(', ')}`),
  pincode: v.pipe(v.string(), v.regex(/^[1-9]\d{5}$/, 'pincode must be 6 digits not starting with 0')),
  accountOffice: v.nullable(idField),
  division: v.pipe(v.string(), v.minLength(1, 'division is required')),
  lat: v.nullable(v.number()),
  lon: v.nullable(v.number()),
  authorisedMax: moneyString,
  authorisedMin: moneyString,
})
export const staffRegisteredSchema = v.strictObject({
  id: idField,
  name: v.pipe(v.string(), v.minLength(1, 'name is required')),
  office: idField,
})
export const roleGrantSchema = v.strictObject({
  staff: idField,
  role: v.picklist(ROLES, `role must be one of ${ROLES.join(', ')}`),
  office: idField,
})
export const deviceRegisteredSchema = v.strictObject({
  id: idField,
  office: idField,
  label: v.string(),
})

function hasAdmin(state: State): boolean {
  return state.office.grants.some((g) => g.role === 'divisional-admin')
}

/**
 * Reference commands are admin-only. The one exception is genesis: a journal with no divisional admin yet
 * accepts the first registrations (which must include granting one), so a fresh deployment can be seeded.
 */
function adminOnly(state: State, ctx: CommandContext) {
  return hasAdmin(state) ? authorize(state, ctx, 'reference.manage') : null
}

const RULE_REF =
  'reference data must be consistent: ids are unique and every reference names a registered record'

function reference<S extends v.GenericSchema>(
  schema: S,
  eventType: string,
  check: (state: State, p: v.InferOutput<S>) => string | null,
) {
  return (state: State, command: Command, ctx: CommandContext) => {
    const refused = adminOnly(state, ctx)
    if (refused) return err(refused)
    const p = parsePayload(schema, command)
    if (!p.ok) return p
    const problem = check(state, p.value)
    if (problem) return err(domainError('invalid-reference', RULE_REF, problem))
    return ok([stamp(ctx, eventType, p.value)] as DakEvent[])
  }
}

export const officeModule: DomainModule<'office'> = {
  name: 'office',
  init: () => ({ offices: {}, staff: {}, devices: {}, grants: [] }),
  apply(slice, event) {
    const p = event.payload as Record<string, unknown>
    switch (event.type) {
      case 'office.registered':
        slice.offices[p.id as string] ??= p as unknown as OfficeRecord
        break
      case 'staff.registered':
        slice.staff[p.id as string] ??= p as unknown as StaffRecord
        break
      case 'device.registered':
        slice.devices[p.id as string] ??= p as unknown as DeviceRecord
        break
      case 'role.granted': {
        const g = p as unknown as RoleGrant
        if (!slice.grants.some((x) => sameGrant(x, g))) slice.grants.push(g)
        break
      }
      case 'role.revoked': {
        const g = p as unknown as RoleGrant
        slice.grants = slice.grants.filter((x) => !sameGrant(x, g))
        break
      }
    }
  },
  conflicts: () => [],
  commands: {
    'office.register': reference(officeRegisteredSchema, 'office.registered', (s, p) => {
      if (s.office.offices[p.id]) return `Office ${p.id} is already registered; pick a new id.`
      if (p.kind === 'HO' && p.accountOffice !== null)
        return 'A head office renders its own account: accountOffice must be null.'
      if (p.kind !== 'HO' && (p.accountOffice === null || !s.office.offices[p.accountOffice]))
        return `A ${p.kind} needs a registered account office; register ${p.accountOffice ?? 'it'} first.`
      return null
    }),
    'staff.register': reference(staffRegisteredSchema, 'staff.registered', (s, p) => {
      if (s.office.staff[p.id]) return `Staff ${p.id} is already registered.`
      return s.office.offices[p.office] ? null : `Office ${p.office} is not registered; register it first.`
    }),
    'role.grant': reference(roleGrantSchema, 'role.granted', (s, p) => {
      if (!s.office.staff[p.staff]) return `Staff ${p.staff} is not registered; register them first.`
      if (!s.office.offices[p.office]) return `Office ${p.office} is not registered; register it first.`
      return s.office.grants.some((g) => sameGrant(g, p))
        ? `${p.staff} already holds ${p.role} in ${p.office}.`
        : null
    }),
    'role.revoke': reference(roleGrantSchema, 'role.revoked', (s, p) =>
      s.office.grants.some((g) => sameGrant(g, p))
        ? null
        : `${p.staff} does not hold ${p.role} in ${p.office}.`,
    ),
    'device.register': reference(deviceRegisteredSchema, 'device.registered', (s, p) => {
      if (s.office.devices[p.id]) return `Device ${p.id} is already registered.`
      return s.office.offices[p.office] ? null : `Office ${p.office} is not registered; register it first.`
    }),
  },
  payloadSchemas: {
    'office.registered': { 1: officeRegisteredSchema },
    'staff.registered': { 1: staffRegisteredSchema },
    'role.granted': { 1: roleGrantSchema },
    'role.revoked': { 1: roleGrantSchema },
    'device.registered': { 1: deviceRegisteredSchema },
  },
}

function sameGrant(a: RoleGrant, b: RoleGrant): boolean {
  return a.staff === b.staff && a.role === b.role && a.office === b.office
}
