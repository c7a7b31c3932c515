/**
 * The names of the identity slice's events and flags, apart from the fold so that the role checks
 * (`event-authority.ts`) and the flag review can import them without an import cycle through the fold.
 */

/** Event types of the identity slice. */
export const IDENTITY_EVENTS = {
  enrolmentOpened: 'device.enrolment-opened',
  deviceEnrolled: 'device.enrolled',
  deviceRevoked: 'device.revoked',
  totpEnrolled: 'staff.totp-enrolled',
  totpRevoked: 'staff.totp-revoked',
} as const

/** Flag kinds the identity slice raises (as `Conflict.kind`). */
export const IDENTITY_FLAGS = {
  revokedDeviceEvent: 'revoked-device-event',
  refusedIdentityEvent: 'identity-event-refused',
} as const
