/**
 * The y-websocket wire protocol (message types 0 sync, 1 awareness, 2 auth, 3 query-awareness) plus Dak's
 * own `sync-status` message (type 100), which no stock y-websocket message uses.
 *
 * `sync-status` = varUint(100) · varUint8Array(stateVector) · varUint(acceptedFromYou)
 * - `stateVector` is `Y.encodeStateVector` of the server's document covering exactly the updates that are
 *   durable on disk. A client's own updates are "saved on server" once
 *   `decodeStateVector(sv).get(doc.clientID) >= Y.getState(doc.store, doc.clientID)` — the clock its
 *   document had when it last wrote.
 * - `acceptedFromYou` counts the update messages from this connection that were accepted and are durable.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

export const messageSync = 0
export const messageAwareness = 1
export const messageAuth = 2
export const messageQueryAwareness = 3
/** Dak: the server's durable state vector, sent after each group commit that covers the client's updates. */
export const messageSyncStatus = 100

/** Encodes a `sync-status` message. */
export function encodeSyncStatus(stateVector: Uint8Array, acceptedFromYou: number): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, messageSyncStatus)
  encoding.writeVarUint8Array(e, stateVector)
  encoding.writeVarUint(e, acceptedFromYou)
  return encoding.toUint8Array(e)
}

/** Decodes a `sync-status` message (the PWA's side; also used in tests). */
export function decodeSyncStatus(message: Uint8Array): { stateVector: Uint8Array; acceptedFromYou: number } {
  const d = decoding.createDecoder(message)
  const type = decoding.readVarUint(d)
  if (type !== messageSyncStatus) throw new Error(`not a sync-status message: type ${type}`)
  const stateVector = decoding.readVarUint8Array(d)
  const acceptedFromYou = decoding.readVarUint(d)
  return { stateVector, acceptedFromYou }
}

/**
 * The head of a v1 update, read without decoding it: how many Yjs clients it writes, and the first one with
 * the clock its first struct starts at. Null when the update writes no struct or cannot be read.
 */
export function updateHead(update: Uint8Array): { clients: number; client: number; clock: number } | null {
  try {
    // varUint(clients) · varUint(structs of the first client) · varUint(client) · varUint(clock) · …
    const d = decoding.createDecoder(update)
    const clients = decoding.readVarUint(d)
    if (clients === 0 || decoding.readVarUint(d) === 0) return null
    const client = decoding.readVarUint(d)
    const clock = decoding.readVarUint(d)
    return { clients, client, clock }
  } catch {
    return null
  }
}
