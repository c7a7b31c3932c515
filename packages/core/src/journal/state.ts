/**
 * The folded state of one office's journal: one slice per domain module. Each slice's type is owned by its
 * module's folder; this file only assembles them.
 */
import type { CustodyState } from '../custody/custody-module.ts'
import type { DayState } from '../day/day-module.ts'
import type { IdentityState } from '../identity/identity-module.ts'
import type { MailState } from '../mail/mail-module.ts'
import type { OfficeState } from '../office/office-module.ts'

export interface State {
  /** Reference data: offices, staff, roles and permissions (issue 7). */
  office: OfficeState
  /** Registered devices, their public keys, revocations, TOTP enrolments, hash chains (issue 10). */
  identity: IdentityState
  /** The office day: Day Begin, shifts and duties, cash requests and remittances, Close Account, Day End (issue 7). */
  day: DayState
  /** The custody ledger of cash and stock underneath every money movement (issue 7; used by mail). */
  custody: CustodyState
  /** Articles, bags, manifests, delivery and COD (issue 8). */
  mail: MailState
}
