import { custodyModule } from '../custody/custody-module.ts'
import { dayModule } from '../day/day-module.ts'
import { identityModule } from '../identity/identity-module.ts'
import { mailModule } from '../mail/mail-module.ts'
import { officeModule } from '../office/office-module.ts'
import type { DomainModule } from './module.ts'

/**
 * Every domain module, in the order the fold applies them to each event. Reference data and identity come
 * first so that rules checked by later modules see the event's own registrations.
 */
export const modules: readonly DomainModule[] = [
  officeModule as DomainModule,
  identityModule as DomainModule,
  dayModule as DomainModule,
  custodyModule as DomainModule,
  mailModule as DomainModule,
]
