/**
 * Identity commands: open a one-time enrolment, enrol a device key, revoke a device, enrol and revoke a
 * staff member's TOTP login. Each validates its payload, checks the rules against the current state and
 * returns the event(s), or a `DomainError` with a stable code.
 */
import type * as v from 'valibot'
import { type DomainError, domainError } from '../events/domain-error.ts'
import { type CommandContext, type DakEvent, stamp } from '../events/envelope.ts'
import type { CommandHandler } from '../journal/module.ts'
import type { State } from '../journal/state.ts'
import { parsePayload } from '../office/parse-payload.ts'
import { err, ok, type Result } from '../result.ts'
import { authorizeDeviceAdmin, DEVICE_ADMIN, enrolmentCodeHash } from './device-admin.ts'
import { enrolmentRefusal, IDENTITY_EVENTS } from './identity-fold.ts'
import {
  enrolDeviceCommand,
  enrolTotpCommand,
  openEnrolmentCommand,
  revokeDeviceCommand,
  revokeTotpCommand,
} from './identity-schemas.ts'
import { checkPublicKey } from './signatures.ts'
import { confirmTotpEnrolment, DEFAULT_TOTP_PARAMS, totpSecretCheck } from './totp.ts'

/** Default lifetime of a one-time enrolment code. */
export const ENROLMENT_TTL_MS = 15 * 60_000

const RULE_ENROL =
  'a device joins an office only with a one-time code from its postmaster, or by the postmaster'

const parse = parsePayload

function refusal(code: string, rule: string, message: string): Result<DakEvent[], DomainError> {
  return err(domainError(code, rule, message))
}

/** A command handler that needs the admin role and a valid payload. */
function adminCommand<S extends v.GenericSchema>(
  schema: S,
  decide: (state: State, p: v.InferOutput<S>, ctx: CommandContext) => Result<DakEvent[], DomainError>,
): CommandHandler {
  return (state, command, ctx) => {
    const p = parse(schema, command)
    if (!p.ok) return p
    const denied = authorizeDeviceAdmin(state, ctx)
    if (denied) return err(denied)
    return decide(state, p.value, ctx)
  }
}

const openEnrolment = adminCommand(openEnrolmentCommand, (state, p, ctx) => {
  const id = p.enrolment ?? ctx.newId()
  if (state.identity.enrolments[id]) {
    return refusal('enrolment-exists', RULE_ENROL, `Enrolment ${id} already exists; open a new one.`)
  }
  const payload = {
    enrolment: id,
    label: p.label,
    codeHash: enrolmentCodeHash(id, p.code),
    expiresAt: ctx.now + (p.ttlMs ?? ENROLMENT_TTL_MS),
  }
  return ok([stamp(ctx, IDENTITY_EVENTS.enrolmentOpened, payload)])
})

/** `device.enrol`: with a code, by the new device itself; without one, by an admin recording the key. */
const enrolDevice: CommandHandler = (state, command, ctx) => {
  const parsed = parse(enrolDeviceCommand, command)
  if (!parsed.ok) return parsed
  const p = parsed.value
  if (p.code !== undefined) {
    if (ctx.device !== p.device) {
      return refusal(
        'wrong-device',
        RULE_ENROL,
        `Device ${ctx.device} cannot enrol ${p.device} with a code; enrol from the new device.`,
      )
    }
    const why = enrolmentRefusal(state.identity, p.enrolment, p.code, ctx.office, ctx.now)
    if (why) return refusal('enrolment-refused', RULE_ENROL, `${why}.`)
  } else {
    const denied = authorizeDeviceAdmin(state, ctx)
    if (denied) return err(denied)
    if (p.enrolment !== null)
      return refusal('enrolment-refused', RULE_ENROL, 'An enrolment id needs its code.')
  }
  if (state.identity.devices[p.device]) {
    return refusal(
      'device-already-enrolled',
      RULE_ENROL,
      `Device ${p.device} is already enrolled; revoke it and enrol a new id.`,
    )
  }
  const key = checkPublicKey(p.publicKey)
  if (!key.ok) return refusal(key.error.code, RULE_ENROL, `${key.error.message}.`)
  return ok([stamp(ctx, IDENTITY_EVENTS.deviceEnrolled, p)])
}

const revokeDevice = adminCommand(revokeDeviceCommand, (state, p, ctx) => {
  const d = state.identity.devices[p.device]
  if (!d || d.office !== ctx.office) {
    return refusal(
      'unknown-device',
      DEVICE_ADMIN.rule,
      `Device ${p.device} is not enrolled in office ${ctx.office}.`,
    )
  }
  if (d.revoked)
    return refusal('device-already-revoked', DEVICE_ADMIN.rule, `Device ${p.device} is already revoked.`)
  return ok([stamp(ctx, IDENTITY_EVENTS.deviceRevoked, p)])
})

const enrolTotp = adminCommand(enrolTotpCommand, (state, p, ctx) => {
  const staffKnown = (state.office as { staff?: Record<string, unknown> }).staff
  if (staffKnown && Object.keys(staffKnown).length > 0 && !staffKnown[p.staff]) {
    return refusal(
      'unknown-staff',
      DEVICE_ADMIN.rule,
      `Staff ${p.staff} is not registered; register them first.`,
    )
  }
  const params = {
    algorithm: p.algorithm ?? DEFAULT_TOTP_PARAMS.algorithm,
    digits: p.digits ?? DEFAULT_TOTP_PARAMS.digits,
    period: p.period ?? DEFAULT_TOTP_PARAMS.period,
  }
  const confirmed = confirmTotpEnrolment({ secret: p.secret, code: p.code, now: ctx.now, params })
  if (!confirmed.ok) {
    return refusal(
      'totp-not-confirmed',
      'a TOTP login is enrolled only after the staff member enters a first code from the scanned QR',
      `${confirmed.error.message}.`,
    )
  }
  const credential = p.credential ?? ctx.newId()
  if (state.identity.totp[credential]) {
    return refusal('credential-exists', DEVICE_ADMIN.rule, `TOTP credential ${credential} already exists.`)
  }
  const payload = {
    credential,
    staff: p.staff,
    devices: p.devices,
    ...params,
    secretCheck: totpSecretCheck(credential, p.secret),
  }
  return ok([stamp(ctx, IDENTITY_EVENTS.totpEnrolled, payload)])
})

const revokeTotp = adminCommand(revokeTotpCommand, (state, p, ctx) => {
  const c = state.identity.totp[p.credential]
  if (!c || c.office !== ctx.office || c.revoked) {
    return refusal(
      'unknown-credential',
      DEVICE_ADMIN.rule,
      `No active TOTP credential ${p.credential} in office ${ctx.office}.`,
    )
  }
  return ok([stamp(ctx, IDENTITY_EVENTS.totpRevoked, p)])
})

/** Identity command handlers by command type. */
export const identityCommands: Readonly<Record<string, CommandHandler>> = {
  'device.open-enrolment': openEnrolment,
  'device.enrol': enrolDevice,
  'device.revoke': revokeDevice,
  'staff.enrol-totp': enrolTotp,
  'staff.revoke-totp': revokeTotp,
}
