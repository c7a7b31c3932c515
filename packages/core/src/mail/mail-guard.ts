/**
 * Who may do what in mail, and the check every mail command runs first: the office's day has begun (nothing
 * is booked, bagged or delivered before Day Begin) and the actor holds a permitted role under an approved,
 * begun duty of a permitted kind (the day/office modules' `authorize`).
 */
import { requireDayBegun } from '../day/day-state.ts'
import type { DomainError } from '../events/domain-error.ts'
import type { CommandContext } from '../events/envelope.ts'
import type { State } from '../journal/state.ts'
import { authorize, type Permission } from '../office/permissions.ts'

/** Mail's permission table (domain.md b7 and the IMA duties). */
export const MAIL_PERMISSIONS = {
  book: {
    roles: ['postal-assistant', 'postmaster', 'supervisor', 'branch-postmaster'],
    duties: ['counter', 'mail-booking'],
    rule: 'only staff on an approved counter or mail-booking duty may book articles',
  },
  bag: {
    roles: ['postal-assistant', 'postmaster', 'supervisor', 'branch-postmaster'],
    duties: ['mail-processing', 'mail-booking', 'counter'],
    rule: 'only staff on an approved mail-processing, booking or counter duty may make up, dispatch or receive bags',
  },
  deliver: {
    roles: ['postman', 'branch-postmaster', 'postmaster', 'supervisor'],
    duties: ['delivery'],
    rule: 'only a postman on an approved delivery duty may take out, deliver or attempt articles',
  },
  redirect: {
    roles: ['postman', 'postal-assistant', 'branch-postmaster', 'postmaster', 'supervisor'],
    duties: ['delivery', 'counter', 'mail-processing'],
    rule: 'only a postman on delivery duty, counter or mail-processing staff, or a supervisor may redirect an article',
  },
  codRemit: {
    roles: ['postmaster', 'supervisor', 'treasurer'],
    duties: null,
    rule: 'only the postmaster, a supervisor or the treasurer may remit COD to a biller',
  },
  tariff: {
    roles: ['divisional-admin'],
    duties: null,
    rule: 'only the divisional office may publish a tariff',
  },
} as const satisfies Record<string, Permission>

/** The day has begun in the acting office and the actor may do `permission` there; else the refusal. */
export function mailGuard(state: State, ctx: CommandContext, permission: Permission): DomainError | null {
  return requireDayBegun(state, ctx.office, ctx.date) ?? authorize(state, ctx, permission)
}
