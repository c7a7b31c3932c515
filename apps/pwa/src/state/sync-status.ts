import { computed, signal } from '@preact/signals'
import type { RenewalState } from './token-refresh.ts'

export type { RenewalState } from './token-refresh.ts'

/** What the browser says about the network (`online`/`offline` events). */
export const networkOnline = signal<boolean>(globalThis.navigator?.onLine ?? true)
/** True while at least one sync socket is connected and has completed its first sync. */
export const connected = signal<boolean>(false)
/** Local events not yet acknowledged as durable by the server. */
export const pending = signal<number>(0)
/** True once the server has acknowledged everything written so far (its `sync-status` message). */
export const savedOnServer = signal<boolean>(false)

/** What the indicator needs of one synced room (a `RoomSync`). */
export interface RoomStatus {
  /** This device's own entries in the room not yet durable on the server. */
  pending(): number
  connected(): boolean
}

/**
 * Sets the indicator's signals from the office's synced rooms: "saved on server" once every room is connected
 * and none holds an entry of this device the server has not acknowledged. What the device only received is
 * never pending, so a device that wrote nothing shows saved as soon as it is synced.
 */
export function summarize(rooms: readonly RoomStatus[]): void {
  pending.value = rooms.reduce((n, r) => n + r.pending(), 0)
  connected.value = rooms.length > 0 && rooms.every((r) => r.connected())
  savedOnServer.value = connected.value && pending.value === 0
}

globalThis.addEventListener?.('online', () => {
  networkOnline.value = true
})
globalThis.addEventListener?.('offline', () => {
  networkOnline.value = false
})

/** Why the server closed a room for good: its close code (4400-4499) and reason (`<code>: <message>`). */
export interface SyncRefusal {
  readonly code: number
  readonly reason: string
}

/** The server's refusals, by room name (a room is removed when it reconnects or its sync is destroyed). */
export const refusals = signal<ReadonlyMap<string, SyncRefusal>>(new Map())

/** Records (or, with `null`, forgets) the refusal of one room. */
export function setRefusal(room: string, refusal: SyncRefusal | null): void {
  if (!refusal && !refusals.value.has(room)) return
  const next = new Map(refusals.value)
  if (refusal) next.set(room, refusal)
  else next.delete(room)
  refusals.value = next
}

/** What a refusal means for the person at the counter; each kind has its own state and next-step message. */
export type RefusalKind = 'sealed' | 'unauthorized' | 'forbidden' | 'rejected'

/**
 * Maps a server close code to a refusal kind: 4401 bad or expired token, 4403 room not granted / wrong office /
 * bad signature, 4423 the day was sealed, anything else (4400 malformed, 4409 delete/overwrite) is a rejected
 * change that only support can explain.
 */
export function refusalKind(code: number): RefusalKind {
  if (code === 4401) return 'unauthorized'
  if (code === 4403) return 'forbidden'
  if (code === 4423) return 'sealed'
  return 'rejected'
}

/** Which refusal to show first: the one the person can fix themselves comes first. */
const RANK: Record<RefusalKind, number> = { unauthorized: 0, forbidden: 1, rejected: 2, sealed: 3 }

/** The refusal the indicator shows (the most actionable one when several rooms were refused). */
export const shownRefusal = computed<SyncRefusal | null>(() => {
  let best: SyncRefusal | null = null
  for (const r of refusals.value.values())
    if (!best || RANK[refusalKind(r.code)] < RANK[refusalKind(best.code)]) best = r
  return best
})

/** Where the renewal of an expired sync token stands (`token-refresh.ts`); `idle` when nothing is wrong. */
export const renewal = signal<RenewalState>({ kind: 'idle' })

/** True when the token could not be renewed and the person must act (log in again, or retry). */
export const renewalStuck = computed(
  () => renewal.value.kind === 'refused' || renewal.value.kind === 'unreachable',
)

export type SyncDisplay = 'refused' | 'renewing' | 'offline' | 'pending' | 'saved' | 'syncing' | 'online'

/**
 * The one state the indicator shows: a refusal (by the server, or of a token renewal) beats offline beats a
 * renewal under way beats pending beats saved.
 */
export const syncDisplay = computed<SyncDisplay>(() => {
  if (shownRefusal.value || renewalStuck.value) return 'refused'
  if (!networkOnline.value) return 'offline'
  if (renewal.value.kind === 'renewing' || renewal.value.kind === 'retrying') return 'renewing'
  if (pending.value > 0) return connected.value ? 'syncing' : 'pending'
  if (connected.value && savedOnServer.value) return 'saved'
  return 'online'
})
