/**
 * Room names. A room is one Yjs document: `office/<officeId>/day/<yyyy-mm-dd>` (one office's business day),
 * `office/<officeId>/inbox` (what other offices send it), or any other `/`-separated name made of
 * `[A-Za-z0-9._-]` segments (reference data). These mirror the room helpers of `@dak/core/yjs`.
 */

/** A parsed room name. */
export type RoomKind =
  | { kind: 'day'; office: string; date: string }
  | { kind: 'inbox'; office: string }
  | { kind: 'other'; office: string | null }

const SEGMENT = /^[A-Za-z0-9._-]{1,64}$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** Is `name` an acceptable room name (1-8 segments of `[A-Za-z0-9._-]`, no `.`/`..` segments)? */
export function isRoomName(name: string): boolean {
  if (name.length === 0 || name.length > 256) return false
  const segs = name.split('/')
  return segs.length <= 8 && segs.every((s) => SEGMENT.test(s) && s !== '.' && s !== '..')
}

/** Classifies a room name (call `isRoomName` first). */
export function parseRoom(name: string): RoomKind {
  const s = name.split('/')
  if (s[0] === 'office' && s.length === 4 && s[2] === 'day' && DATE.test(s[3]!)) {
    return { kind: 'day', office: s[1]!, date: s[3]! }
  }
  if (s[0] === 'office' && s.length === 3 && s[2] === 'inbox') return { kind: 'inbox', office: s[1]! }
  return { kind: 'other', office: s[0] === 'office' && s.length >= 2 ? s[1]! : null }
}

/** The room of one office's business day. */
export function dayRoom(office: string, date: string): string {
  return `office/${office}/day/${date}`
}

/** The inbox room of an office. */
export function inboxRoom(office: string): string {
  return `office/${office}/inbox`
}
