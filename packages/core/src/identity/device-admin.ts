/**
 * Who may manage devices and TOTP credentials of an office. The roles come from the office module's reference
 * data (domain.md b7 is theirs); this file only names the permission and applies it to events as well as to
 * commands, so every peer refuses an identity event made by someone without the role.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import type { DomainError } from '../events/domain-error.ts'
import type { CommandContext, DakEvent } from '../events/envelope.ts'
import { eventContext } from '../events/event-context.ts'
import type { State } from '../journal/state.ts'
import { authorize, type Permission } from '../office/permissions.ts'
import { bytesToHex, utf8ToBytes } from './bytes.ts'

/** The permission behind every identity admin event. */
export const DEVICE_ADMIN: Permission = {
  roles: ['postmaster', 'divisional-admin'],
  duties: null,
  rule: 'only the postmaster of this office or the divisional admin may enrol or revoke devices and TOTP logins',
}

/**
 * Genesis: while the office slice has no role grants at all, nobody can hold the role, so identity events are
 * accepted (a fresh deployment seeds its first admin device this way). Once any grant exists, the role rules.
 */
function rolesPresent(state: State): boolean {
  const grants = (state.office as { grants?: readonly unknown[] } | undefined)?.grants
  return Array.isArray(grants) && grants.length > 0
}

/** Checks that `ctx.actor` may manage devices of `ctx.office`; the refusal, or null when allowed. */
export function authorizeDeviceAdmin(state: State, ctx: CommandContext): DomainError | null {
  return rolesPresent(state) ? authorize(state, ctx, DEVICE_ADMIN) : null
}

/** The same check for an event already made (the fold and the server run it). */
export function eventByDeviceAdmin(state: State, event: DakEvent): DomainError | null {
  return authorizeDeviceAdmin(state, eventContext(event))
}

/** What the journal keeps of a one-time enrolment code: a tagged SHA-256 bound to the enrolment id. */
export function enrolmentCodeHash(enrolment: string, code: string): string {
  return bytesToHex(sha256(utf8ToBytes(`dak-enrolment/1\n${enrolment}\n${code}`)))
}
