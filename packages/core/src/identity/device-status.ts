/**
 * Questions other modules, the server and the PWA ask of the identity slice: is this device allowed to act at
 * this stamp, and which key verifies it.
 */
import type { State } from '../journal/state.ts'
import type { IdentityState } from './identity-types.ts'
import type { DevicePublicKey } from './signatures.ts'

function identityOf(state: State | { identity: IdentityState }): IdentityState {
  return state.identity
}

/**
 * Whether `device` may make an event stamped `hlc`: it is enrolled with a key and not revoked at or before that
 * stamp. The revocation event's own stamp still counts as before (an admin may revoke the device they hold).
 * Day and mail modules can call it to leave a revoked device's later events out of the tally.
 */
export function isDeviceAllowed(
  state: State | { identity: IdentityState },
  device: string,
  hlc: string,
): boolean {
  const d = identityOf(state).devices[device]
  return d !== undefined && (d.revoked === null || hlc <= d.revoked.hlc)
}

/** The registered public key of a device that is currently not revoked (for signed QR checks), else undefined. */
export function activeDeviceKey(
  state: State | { identity: IdentityState },
  device: string,
): DevicePublicKey | undefined {
  const d = identityOf(state).devices[device]
  return d && d.revoked === null ? d.publicKey : undefined
}

/** A lookup of active device keys, in the shape `verifySignedQr` takes. */
export function deviceKeyLookup(
  state: State | { identity: IdentityState },
): (device: string) => DevicePublicKey | undefined {
  return (device) => activeDeviceKey(state, device)
}

/** The TOTP credentials a staff member can log in with on a device (not revoked, device listed). */
export function totpCredentialsFor(
  state: State | { identity: IdentityState },
  staff: string,
  device: string,
) {
  return Object.values(identityOf(state).totp)
    .filter((c) => c.staff === staff && c.revoked === null && c.devices.includes(device))
    .sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0))
}

/** The registered public key of a device, revoked or not (to check events it made before its revocation). */
export function registeredDeviceKey(
  state: State | { identity: IdentityState },
  device: string,
): DevicePublicKey | undefined {
  return identityOf(state).devices[device]?.publicKey
}
