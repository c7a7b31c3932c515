/**
 * Reference data of the postal network: office kinds, roles and duties, and the records registered by
 * admin-only reference events (`office.registered`, `staff.registered`, `role.granted`, `device.registered`).
 */

/** HO head office, SO sub office, BO branch office, DC delivery centre, MO mail office (RMS/sorting). */
export const OFFICE_KINDS = ['HO', 'SO', 'BO', 'DC', 'MO'] as const
export type OfficeKind = (typeof OFFICE_KINDS)[number]

/**
 * Roles (domain.md glossary): postmaster (PM), supervisor (SPM), treasurer (TRR), postal assistant (PA),
 * branch postmaster (BPM, runs a BO single-handed or with GDS), postman/delivery staff (incl. ABPM/Dak Sevak as
 * carriers), divisional admin (SPO/SSPO office: reference data, reversals, holiday BO days).
 */
export const ROLES = [
  'postmaster',
  'supervisor',
  'treasurer',
  'postal-assistant',
  'branch-postmaster',
  'postman',
  'divisional-admin',
] as const
export type Role = (typeof ROLES)[number]

/** Duties a supervisor allots for a shift (b2). Counter-like duties get a cash wallet `counter:<dutyId>`. */
export const DUTY_KINDS = [
  'counter',
  'mail-booking',
  'delivery',
  'cash-handling',
  'treasury',
  'mail-processing',
] as const
export type DutyKind = (typeof DUTY_KINDS)[number]

export interface OfficeRecord {
  readonly id: string
  readonly name: string
  readonly kind: OfficeKind
  readonly pincode: string
  /** The office this one renders its daily account to (SO → HO, BO → SO or HO); null for an HO. */
  readonly accountOffice: string | null
  readonly division: string
  readonly lat: number | null
  readonly lon: number | null
  /** Authorised maximum / minimum cash balance (money strings), fixed by the divisional head (FHB I r.128). */
  readonly authorisedMax: string
  readonly authorisedMin: string
}

export interface StaffRecord {
  readonly id: string
  readonly name: string
  /** The office the person is posted to. */
  readonly office: string
}

export interface DeviceRecord {
  readonly id: string
  readonly office: string
  readonly label: string
}

/** A role held by a staff member in an office (a divisional admin holds it for the whole division). */
export interface RoleGrant {
  readonly staff: string
  readonly role: Role
  readonly office: string
}
