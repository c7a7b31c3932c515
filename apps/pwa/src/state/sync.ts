import { JOURNAL_MAP } from '@dak/core/yjs'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { getMeta, setMeta } from './db.ts'
import { entryIdsMissingFrom } from './late-entries.ts'
import { entriesMissingFrom, type RoomDoc } from './room.ts'
import { rememberSealed } from './sealed-rooms.ts'
import { type SyncRefusal, setRefusal } from './sync-status.ts'

/** Dak's `sync-status` message (type 100): the server's durable state vector, sent after each group commit. */
const MESSAGE_SYNC_STATUS = 100

// kept importable from here (the sync connection itself loads on demand: `store.ts`)
export { defaultSyncUrl, forgetSealed, rememberSealed, sealedRoom, sealedRooms } from './sealed-rooms.ts'
export type { SyncRefusal } from './sync-status.ts'

export interface RoomSync {
  readonly provider: WebsocketProvider
  /** Journal entries of this device not yet durable on the server. */
  pending(): number
  /** Called whenever connection, pending or saved state changes. */
  onChange(listener: () => void): () => void
  readonly connected: () => boolean
  readonly refusal: () => SyncRefusal | null
  /** What the server is known to hold of this room (for re-posting a sealed day's unsent entries). */
  readonly serverCoverage: () => Uint8Array | null
  /** After a sealed refusal (4423): resolves once the refusal and the server's coverage are stored. */
  readonly sealedStored: () => Promise<boolean> | null
  /**
   * Reconnects with a fresh token (after a 4401, or ahead of the old one's expiry). The document keeps every
   * unsent entry meanwhile; the sync exchange on reconnect sends what the server lacks. While the browser is
   * offline it only keeps the token: the `online` event reconnects.
   */
  reconnect(token: string): void
  destroy(): void
}

export interface SyncOptions {
  /** `ws(s)://host`: rooms are joined at `<url>/<room>` (the sync server takes the path as the room name). */
  readonly url: string
  /** Short-lived device token, sent as the `yauth.<token>` subprotocol (never in the URL). */
  readonly token: string
  /**
   * This device's id: only its own entries count as pending. Entries of other devices it holds (relayed in an
   * earlier session and loaded from IndexedDB, named by no `sync-status` yet) are never its unsaved work.
   */
  readonly device?: string
  /**
   * Called on a 4401 close (token expired or refused) instead of showing it as a refusal: the session's token
   * refresher renews the token and calls `reconnect`; it shows its own state if it cannot.
   */
  readonly onUnauthorized?: (room: string, reason: string) => void
}

const svKey = (room: string) => `server-sv:${room}`

/**
 * Connects a room to the sync server. Tracks the server's durable state vector from `sync-status` messages so
 * that "saved on server" means durable on disk there, and persists it so the pending count survives a reload.
 */
export async function connectRoom(room: RoomDoc, options: SyncOptions): Promise<RoomSync> {
  const stored = await getMeta<number[]>(svKey(room.name))
  let serverSv: Uint8Array | null = stored ? Uint8Array.from(stored) : null
  let refusal: SyncRefusal | null = null
  let sealed: Promise<boolean> | null = null
  // a fresh connection (e.g. after logging in again) starts without the old refusal
  setRefusal(room.name, null)
  const listeners = new Set<() => void>()
  const changed = () => {
    for (const l of listeners) l()
  }
  const provider = new WebsocketProvider(options.url, room.name, room.doc, {
    protocols: ['dak-sync', `yauth.${options.token}`],
    disableBc: true,
  })
  provider.messageHandlers[MESSAGE_SYNC_STATUS] = (_encoder, decoder) => {
    const sv = readVarUint8Array(decoder as unknown as LibDecoder)
    serverSv = sv
    void setMeta(svKey(room.name), [...sv])
    changed()
  }
  provider.on('status', changed)
  provider.on('sync', changed)
  provider.on('closed', (event: { code: number; reason: string }) => {
    refusal = { code: event.code, reason: event.reason }
    if (event.code === 4401 && options.onUnauthorized) {
      options.onUnauthorized(room.name, event.reason)
      changed()
      return
    }
    // shown by the sync indicator with what to do next, never a silent "pending" forever
    setRefusal(room.name, refusal)
    if (event.code === 4423) {
      sealed = rememberSealed(room.name, coverage(serverSv, relayed)).then(
        () => true,
        () => false,
      )
    }
    changed()
  })
  // What the server itself sent this device (relayed writes of other devices, its copy of the room) is on the
  // server already: it is never this device's pending work, though no `sync-status` may ever name it (the
  // server sends one only to a connection that wrote).
  const relayed = new Map<number, number>()
  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === provider) mergeInto(relayed, clocksOf(update))
    changed()
  }
  room.doc.on('update', onUpdate)
  return {
    provider,
    pending: () =>
      options.device
        ? ownEntriesMissingFrom(room.doc, coverage(serverSv, relayed), options.device)
        : entriesMissingFrom(room.doc, coverage(serverSv, relayed)),
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    connected: () => provider.wsconnected && provider.synced,
    refusal: () => refusal,
    serverCoverage: () => coverage(serverSv, relayed),
    sealedStored: () => sealed,
    reconnect(token) {
      provider.protocols = ['dak-sync', `yauth.${token}`]
      refusal = null
      setRefusal(room.name, null)
      // a live socket still carries the old token (the server closes it at that token's expiry)
      if (provider.ws) provider.disconnect()
      if (globalThis.navigator?.onLine ?? true) provider.connect()
      changed()
    },
    destroy() {
      room.doc.off('update', onUpdate)
      provider.destroy()
      setRefusal(room.name, null)
    },
  }
}

/**
 * The clock each client reaches in `update` (end of its last struct). Not `Y.encodeStateVectorFromUpdate`,
 * which names only clients whose structs start at clock 0: a relayed live update of a known client does not.
 */
export function clocksOf(update: Uint8Array): Map<number, number> {
  const out = new Map<number, number>()
  for (const s of Y.decodeUpdate(update).structs) {
    if (s instanceof Y.Skip) continue
    const end = s.id.clock + s.length
    if (end > (out.get(s.id.client) ?? 0)) out.set(s.id.client, end)
  }
  return out
}

/** The larger clock of each client (in place). */
function mergeInto(into: Map<number, number>, sv: Map<number, number>): void {
  for (const [client, clock] of sv) if (clock > (into.get(client) ?? 0)) into.set(client, clock)
}

/** What the server is known to hold: its durable state vector merged with what it sent this device. */
export function coverage(serverSv: Uint8Array | null, relayed: Map<number, number>): Uint8Array | null {
  if (relayed.size === 0) return serverSv
  const sv = serverSv ? Y.decodeStateVector(serverSv) : new Map<number, number>()
  mergeInto(sv, relayed)
  return Y.encodeStateVector(sv)
}

/**
 * How many journal entries written by `device` this document holds that a peer with state vector `remoteSv`
 * lacks: the device's own unsaved work, whatever else it received from other devices.
 */
export function ownEntriesMissingFrom(doc: Y.Doc, remoteSv: Uint8Array | null, device: string): number {
  const map = doc.getMap<unknown>(JOURNAL_MAP)
  let n = 0
  for (const id of entryIdsMissingFrom(doc, remoteSv)) if (deviceOf(map.get(id)) === device) n++
  return n
}

/** The `device` of a journal entry (an event object, or its JSON text), or null. */
function deviceOf(entry: unknown): string | null {
  const e = typeof entry === 'string' ? (JSON.parse(entry) as unknown) : entry
  const d = e && typeof e === 'object' ? (e as { device?: unknown }).device : null
  return typeof d === 'string' ? d : null
}

/** True when the server's state vector covers everything this document holds. */
export function coveredBy(doc: Y.Doc, serverSv: Uint8Array): boolean {
  return entriesMissingFrom(doc, serverSv) === 0
}

/** The shape of a lib0 decoder (lib0 is not a direct dependency of the app, so it is read by hand). */
interface LibDecoder {
  arr: Uint8Array
  pos: number
}

function readVarUint(d: LibDecoder): number {
  let num = 0
  let mult = 1
  for (;;) {
    const r = d.arr[d.pos++]
    if (r === undefined) throw new Error('sync-status message ended early')
    num += (r & 0x7f) * mult
    mult *= 128
    if (r < 0x80) return num
  }
}

function readVarUint8Array(d: LibDecoder): Uint8Array {
  const len = readVarUint(d)
  const out = d.arr.subarray(d.pos, d.pos + len)
  d.pos += len
  return out.slice()
}
