/**
 * The identity module (issue 10): device keys and their revocation, one-time enrolments, staff TOTP
 * credentials, per-device chain heads, the flags every peer derives from them, and their reviews.
 */
import type { DomainModule } from '../journal/module.ts'
import { FLAG_REVIEWED, flagReviewedSchema, REVIEW_FLAG, reviewFlag } from './flag-review.ts'
import { identityCommands } from './identity-commands.ts'
import { applyIdentity, IDENTITY_EVENTS, initIdentity } from './identity-fold.ts'
import {
  deviceEnrolledSchema,
  deviceRevokedSchema,
  enrolmentOpenedSchema,
  totpEnrolledSchema,
  totpRevokedSchema,
} from './identity-schemas.ts'

export type { IdentityState } from './identity-types.ts'

export const identityModule: DomainModule<'identity'> = {
  name: 'identity',
  init: initIdentity,
  apply: applyIdentity,
  conflicts: (slice) => slice.flags,
  commands: { ...identityCommands, [REVIEW_FLAG]: reviewFlag },
  payloadSchemas: {
    [IDENTITY_EVENTS.enrolmentOpened]: { 1: enrolmentOpenedSchema },
    [IDENTITY_EVENTS.deviceEnrolled]: { 1: deviceEnrolledSchema },
    [IDENTITY_EVENTS.deviceRevoked]: { 1: deviceRevokedSchema },
    [IDENTITY_EVENTS.totpEnrolled]: { 1: totpEnrolledSchema },
    [IDENTITY_EVENTS.totpRevoked]: { 1: totpRevokedSchema },
    [FLAG_REVIEWED]: { 1: flagReviewedSchema },
  },
}
