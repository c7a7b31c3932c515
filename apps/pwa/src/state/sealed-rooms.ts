/**
 * What the office store needs of sync before any socket opens: the server's address, and the rooms refused as
 * sealed whose unsent entries wait for the next day. Kept apart from `sync.ts` so the y-websocket provider and
 * its protocols load only when a room connects (not in the first load).
 */
import { getMeta, setMeta } from './db.ts'

/** The sync URL of the server that served the app (the app and the sync server share an origin). */
export function defaultSyncUrl(): string {
  const { protocol, host } = globalThis.location
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}`
}

const sealedKey = (room: string) => `sealed:${room}`
/** The names of the rooms refused as sealed whose unsent entries are not yet re-posted as late entries. */
const SEALED_ROOMS = 'sealed-rooms'

/**
 * A room the server refused as sealed (4423) in this or an earlier session, with what the server was then known
 * to hold of it: the day that opens next re-posts the rest as late entries (`late-entries.ts`). Only sealing is
 * kept (it is final); other refusals are shown until the room reconnects.
 */
export async function sealedRoom(room: string): Promise<{ readonly serverSv: Uint8Array | null } | null> {
  const stored = await getMeta<number[] | null>(sealedKey(room))
  if (stored === undefined) return null
  return { serverSv: stored ? Uint8Array.from(stored) : null }
}

/** Rooms refused as sealed whose unsent entries still wait to be re-posted (`late-entries.ts`). */
export async function sealedRooms(): Promise<string[]> {
  return (await getMeta<string[]>(SEALED_ROOMS)) ?? []
}

/** Remembers a sealed refusal of `room` with the server's coverage of it (kept until re-posted). */
export async function rememberSealed(room: string, serverSv: Uint8Array | null): Promise<void> {
  await setMeta(sealedKey(room), serverSv ? [...serverSv] : null)
  const rooms = await sealedRooms()
  if (!rooms.includes(room)) await setMeta(SEALED_ROOMS, [...rooms, room])
}

/** Forgets a sealed room once its unsent entries are re-posted into an open day. */
export async function forgetSealed(room: string): Promise<void> {
  await setMeta(
    SEALED_ROOMS,
    (await sealedRooms()).filter((r) => r !== room),
  )
}
