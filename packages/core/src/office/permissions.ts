/**
 * Who may do what (domain.md b7), as data, and the one check every command runs: the actor's role in the
 * office, and the duty of their approved, begun shift. A refusal names the rule in a postmaster's words.
 */
import { type DomainError, domainError } from '../events/domain-error.ts'
import type { CommandContext } from '../events/envelope.ts'
import type { State } from '../journal/state.ts'
import type { DutyKind, Role } from './office-types.ts'

export interface Permission {
  /** Roles (held in the acting office, or divisional admin over its division) that may do it. */
  readonly roles: readonly Role[]
  /**
   * When set, the actor must act under an approved, begun duty of one of these kinds — except postmasters,
   * supervisors and branch postmasters, who act on the authority of their post (single-handed offices).
   */
  readonly duties: readonly DutyKind[] | null
  /** The rule as a person would say it, quoted in refusals. */
  readonly rule: string
}

const SUPERVISORS: readonly Role[] = ['postmaster', 'supervisor', 'branch-postmaster']
const DUTY_EXEMPT: readonly Role[] = SUPERVISORS
const COUNTER_DUTIES: readonly DutyKind[] = ['counter', 'mail-booking', 'delivery', 'cash-handling']

/** The permission table. Other modules (mail) may define their own `Permission` and call `authorize`. */
export const PERMISSIONS = {
  'reference.manage': {
    roles: ['divisional-admin'],
    duties: null,
    rule: 'only a divisional admin may register offices, staff, roles and devices',
  },
  'day.begin': {
    roles: ['postmaster', 'supervisor', 'treasurer', 'branch-postmaster'],
    duties: null,
    rule: 'only the postmaster, sub-postmaster or treasurer of this office may begin its day',
  },
  'day.end': {
    roles: ['postmaster', 'supervisor', 'treasurer', 'branch-postmaster'],
    duties: null,
    rule: 'only the postmaster, sub-postmaster or treasurer of this office may end its day',
  },
  'day.reverse': {
    roles: ['divisional-admin'],
    duties: null,
    rule: 'only the divisional office may reverse a Day End',
  },
  'duty.request': {
    roles: ['postmaster', 'supervisor', 'treasurer', 'postal-assistant', 'branch-postmaster', 'postman'],
    duties: null,
    rule: 'only staff posted to this office may ask for a duty in it',
  },
  'duty.decide': {
    roles: SUPERVISORS,
    duties: null,
    rule: 'only a supervisor of this office may approve or refuse a duty',
  },
  'shift.force-end': {
    roles: ['postmaster', 'supervisor', 'branch-postmaster'],
    duties: null,
    rule: 'only a supervisor of this office may force-end a shift',
  },
  'advance.request': {
    roles: ['postal-assistant', 'postman', 'treasurer'],
    duties: COUNTER_DUTIES,
    rule: 'only staff on an approved counter, booking, delivery or cash duty may ask for an advance',
  },
  'advance.issue': {
    roles: ['treasurer', 'postmaster', 'supervisor', 'branch-postmaster'],
    duties: ['treasury'],
    rule: 'only the treasurer on treasury duty (or the postmaster, or the BPM of a branch office) may issue an advance',
  },
  'counter.transact': {
    roles: ['postal-assistant', 'postman', 'treasurer', 'postmaster', 'supervisor', 'branch-postmaster'],
    duties: COUNTER_DUTIES,
    rule: 'only staff on an approved counter duty may take deposits or make payments',
  },
  'cash.request': {
    roles: ['postmaster', 'supervisor', 'treasurer', 'branch-postmaster'],
    duties: ['treasury'],
    rule: 'only the postmaster, sub-postmaster or treasurer may request cash from the account office',
  },
  'cash.decide': {
    roles: ['postmaster', 'supervisor'],
    duties: null,
    rule: 'only a supervisor of the account office may approve or refuse a cash request',
  },
  'cashbag.handle': {
    roles: ['postmaster', 'supervisor', 'treasurer', 'branch-postmaster'],
    duties: ['treasury', 'cash-handling'],
    rule: 'only the treasurer on treasury duty or a supervisor may pack, dispatch or receive a cash bag',
  },
  'discrepancy.resolve': {
    roles: ['postmaster', 'supervisor'],
    duties: null,
    rule: 'only a supervisor may settle a shortage or excess',
  },
  'account.submit': {
    roles: ['postal-assistant', 'postman', 'treasurer', 'postmaster', 'supervisor', 'branch-postmaster'],
    duties: null,
    rule: 'only the holder of the shift may submit its account',
  },
  'account.verify': {
    roles: ['postmaster', 'supervisor', 'branch-postmaster'],
    duties: null,
    rule: 'only a supervisor of this office may verify an account, witness a count or accept a difference',
  },
  'supervise.day': {
    roles: ['postmaster', 'supervisor', 'branch-postmaster'],
    duties: null,
    rule: 'only a supervisor of this office may explain a balance breach, carry a bag over or review a late entry',
  },
  'conflict.resolve': {
    roles: ['postmaster', 'supervisor', 'divisional-admin'],
    duties: null,
    rule: 'only a supervisor of this office or the divisional office may resolve a conflict',
  },
} as const satisfies Record<string, Permission>

export type Action = keyof typeof PERMISSIONS

/** Roles the staff member holds in `office`: grants for that office, plus divisional admin over its division. */
export function rolesIn(state: State, staff: string, office: string): Role[] {
  const division = state.office.offices[office]?.division
  const roles: Role[] = []
  for (const g of state.office.grants) {
    if (g.staff !== staff) continue
    if (g.office === office) roles.push(g.role)
    else if (
      g.role === 'divisional-admin' &&
      division &&
      state.office.offices[g.office]?.division === division
    )
      roles.push(g.role)
  }
  return roles
}

/**
 * Checks that the actor of `ctx` may do `action` in `ctx.office`: the staff member exists, holds one of the
 * permitted roles there, and (where the permission asks) acts under an approved, begun duty of a permitted
 * kind that is theirs. Returns the refusal, or null when allowed.
 */
export function authorize(
  state: State,
  ctx: CommandContext,
  action: Action | Permission,
): DomainError | null {
  const p: Permission = typeof action === 'string' ? PERMISSIONS[action] : action
  if (!state.office.staff[ctx.actor])
    return domainError(
      'unknown-staff',
      p.rule,
      `Staff ${ctx.actor} is not registered; ask the divisional admin.`,
    )
  const held = rolesIn(state, ctx.actor, ctx.office)
  const allowed = held.filter((r) => p.roles.includes(r))
  if (allowed.length === 0)
    return domainError(
      'role-not-permitted',
      p.rule,
      `${ctx.actor} holds [${held.join(', ') || 'no role'}] in ${ctx.office}; this needs one of [${p.roles.join(', ')}].`,
      { actor: ctx.actor, office: ctx.office, held, needed: p.roles },
    )
  // A device registered to one office acts for that office only (the divisional admin's for the division).
  const device = state.office.devices[ctx.device]
  if (device && device.office !== ctx.office && !held.includes('divisional-admin'))
    return domainError(
      'device-of-another-office',
      'a device acts only for the office it is registered to',
      `Device ${ctx.device} is registered to ${device.office}, not ${ctx.office}; use a device of ${ctx.office}.`,
      { device: ctx.device, office: device.office },
    )
  if (!p.duties || allowed.some((r) => DUTY_EXEMPT.includes(r))) return null
  return checkDuty(state, ctx, p)
}

function checkDuty(state: State, ctx: CommandContext, p: Permission): DomainError | null {
  const duty = ctx.duty ? state.day.duties[ctx.duty] : undefined
  if (!duty || duty.staff !== ctx.actor || duty.office !== ctx.office)
    return domainError(
      'no-approved-duty',
      p.rule,
      `${ctx.actor} is not acting under an approved duty of theirs in ${ctx.office}; ask a supervisor to approve one of [${p.duties?.join(', ')}].`,
      { duty: ctx.duty },
    )
  if (duty.status !== 'begun')
    return domainError(
      'duty-not-active',
      p.rule,
      `Duty ${duty.id} is ${duty.status}; only a begun, not yet submitted shift may act.`,
      { duty: duty.id, status: duty.status },
    )
  if (!p.duties?.includes(duty.kind))
    return domainError(
      'wrong-duty',
      p.rule,
      `Duty ${duty.id} is ${duty.kind}; this needs one of [${p.duties?.join(', ')}].`,
      { duty: duty.id, kind: duty.kind },
    )
  return null
}

/** Tolerance of a close-account difference a supervisor may accept, per role of the counter holder, in paise. */
export const DIFFERENCE_TOLERANCE_PAISE: Readonly<Record<Role, number>> = {
  postmaster: 0,
  supervisor: 0,
  treasurer: 0,
  'postal-assistant': 100,
  'branch-postmaster': 100,
  postman: 100,
  'divisional-admin': 0,
}
