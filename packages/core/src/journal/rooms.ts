/**
 * Yjs room names. One document per office and business day (`office/<officeId>/day/<yyyy-mm-dd>`), small and
 * sealable at Day End, and one long-lived inbox per office (`office/<officeId>/inbox`) that other offices append
 * to. The sync server authorizes by these names and the PWA opens documents by them.
 */
import { isBusinessDate } from '../events/schema.ts'
import { err, ok, type Result } from '../result.ts'

/** A parsed room name. */
export type Room =
  | { readonly kind: 'day'; readonly office: string; readonly date: string }
  | { readonly kind: 'inbox'; readonly office: string }

export interface RoomError {
  readonly code: 'room-invalid'
  readonly message: string
}

const OFFICE = /^[A-Za-z0-9._~-]{1,64}$/

function checkOffice(office: string): void {
  if (!OFFICE.test(office)) {
    throw new Error(
      `office id "${office}" cannot be part of a room name; use 1-64 characters A-Z a-z 0-9 . _ ~ -`,
    )
  }
}

/** `office/<officeId>/day/<yyyy-mm-dd>`. Throws on an office id or date that could not round-trip. */
export function dayRoom(office: string, date: string): string {
  checkOffice(office)
  if (!isBusinessDate(date)) throw new Error(`business date "${date}" is not a real yyyy-mm-dd date`)
  return `office/${office}/day/${date}`
}

/** `office/<officeId>/inbox`. Throws on an office id that could not round-trip. */
export function inboxRoom(office: string): string {
  checkOffice(office)
  return `office/${office}/inbox`
}

/** Reads a room name; anything but the two shapes above is `room-invalid`. */
export function parseRoom(name: string): Result<Room, RoomError> {
  const parts = name.split('/')
  const office = parts[1] ?? ''
  if (parts[0] === 'office' && OFFICE.test(office)) {
    if (parts.length === 3 && parts[2] === 'inbox') return ok({ kind: 'inbox', office })
    if (parts.length === 4 && parts[2] === 'day' && isBusinessDate(parts[3]!)) {
      return ok({ kind: 'day', office, date: parts[3]! })
    }
  }
  return err({
    code: 'room-invalid',
    message: `room "${name.slice(0, 200)}" is not a Dak room; expected "office/<officeId>/day/<yyyy-mm-dd>" or "office/<officeId>/inbox"`,
  })
}
