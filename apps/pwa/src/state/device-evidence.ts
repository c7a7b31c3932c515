/**
 * Evidence for a device-token request (`device-token.ts`): this device's own enrolment and the logins an admin
 * enrolled on it, as journaled on this device, which the server may not have seen (a device set up and given its
 * logins while no token could be had). Small and static: reading it needs only the room and the journal.
 */
import { type DakEvent, IDENTITY_EVENTS } from '@dak/core'
import { dayRoom } from '@dak/core/yjs'
import { openRoom } from './room.ts'

/** At most this many evidence events go with a request (the server takes 8). */
const MAX_EVIDENCE = 8

/**
 * The evidence among journal events: `device.enrolled` of this device and `staff.totp-enrolled` of this staff
 * member naming this device, both made by this device (an admin logged in on it), the latest 8.
 */
export function selectEvidence(
  events: Iterable<DakEvent>,
  who: { readonly office: string; readonly device: string; readonly staff: string },
): DakEvent[] {
  const out: DakEvent[] = []
  for (const e of events) {
    if (e.device !== who.device || e.office !== who.office) continue
    const p = e.payload as { device?: unknown; staff?: unknown; devices?: unknown }
    const enrolment = e.type === IDENTITY_EVENTS.deviceEnrolled && p.device === who.device
    const login =
      e.type === IDENTITY_EVENTS.totpEnrolled &&
      p.staff === who.staff &&
      Array.isArray(p.devices) &&
      p.devices.includes(who.device)
    if (enrolment || login) out.push(e)
  }
  return out.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0)).slice(-MAX_EVIDENCE)
}

/**
 * The evidence kept in this device's copy of the office day `date` (IndexedDB): what a device set up while no
 * token could be had journaled (its enrolment, the logins an admin enrolled on it) and could not send yet.
 */
export async function localEvidence(who: {
  readonly office: string
  readonly device: string
  readonly staff: string
  readonly date: string
}): Promise<DakEvent[]> {
  const room = openRoom(dayRoom(who.office, who.date))
  try {
    await room.loaded
    return selectEvidence(room.journal.events(), who)
  } finally {
    await room.destroy()
  }
}
