/**
 * Which rooms the server serves. Day and inbox rooms are `@dak/core/yjs`'s (`dayRoom`, `inboxRoom`,
 * `parseRoom`: one source for the devices and the server); any other `/`-separated name of `[A-Za-z0-9._~-]`
 * segments is a room too (reference data), with no office rule of its own.
 */
import { parseRoom as parseDakRoom, type Room } from '@dak/core/yjs'

/** A classified room name: one of core's rooms, or another room (its office when it starts `office/<id>/`). */
export type RoomKind = Room | { readonly kind: 'other'; readonly office: string | null }

const SEGMENT = /^[A-Za-z0-9._~-]{1,64}$/

/**
 * Is `name` a room the server serves: 1-8 segments of `[A-Za-z0-9._~-]`, no `.`/`..` segments, and, when it
 * has the shape of a day or inbox room (`office/<id>/day/<date>`, `office/<id>/inbox`), one core accepts (a
 * real business date), so that every day room gets the day room's office rule.
 */
export function isRoomName(name: string): boolean {
  if (name.length === 0 || name.length > 256) return false
  const segs = name.split('/')
  if (segs.length > 8 || !segs.every((s) => SEGMENT.test(s) && s !== '.' && s !== '..')) return false
  const dakShaped =
    segs[0] === 'office' &&
    ((segs.length === 4 && segs[2] === 'day') || (segs.length === 3 && segs[2] === 'inbox'))
  return !dakShaped || parseDakRoom(name).ok
}

/** Classifies a room name (call `isRoomName` first). */
export function roomKind(name: string): RoomKind {
  const parsed = parseDakRoom(name)
  if (parsed.ok) return parsed.value
  const s = name.split('/')
  return { kind: 'other', office: s[0] === 'office' && s.length >= 2 ? (s[1] ?? null) : null }
}
