/**
 * One client socket: the y-websocket message loop, with read-only enforcement, validation of every write
 * before it is applied, the identity policy (events must be the token's staff and device), and sealing.
 */

import type { Socket } from 'node:net'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { WebSocket } from 'ws'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import type { TokenClaims } from './auth/token.ts'
import { clientsOfEvents, UNKNOWN_CLIENT } from './core-validator.ts'
import type { Hub } from './hub.ts'
import type { Logger } from './log.ts'
import type { Metrics } from './metrics.ts'
import { messageAwareness, messageQueryAwareness, messageSync, updateHead } from './protocol.ts'
import { type Room, settle } from './room.ts'
import type { StoredRoom } from './storage/storage.ts'
import {
  type AddedEvent,
  hasNewDeletions,
  type JournalEvent,
  type UpdateValidator,
  type Violation,
} from './validate.ts'

/** Close codes. 4400-4499 make the stock y-websocket client stop reconnecting. */
export const CloseCode = {
  /** Malformed message or update: the client must not resend it. */
  badMessage: 4400,
  /** Missing, forged or expired token. */
  unauthorized: 4401,
  /** The token does not grant this room, or an event is for another office. */
  forbidden: 4403,
  /** The update deletes or overwrites a journal event. */
  conflict: 4409,
  /** The room is sealed (its day was ended): post the events as late entries in the open day. */
  sealed: 4423,
  /** The server is shutting down; reconnect later (not final). */
  restart: 1012,
  /** Too many sockets are joining rooms at once (a reconnect storm); retry shortly (not final). */
  busy: 1013,
} as const

/**
 * Verifies one incoming event (e.g. core's `verifyIncomingEvent`: device signature, revoked devices) when the
 * server runs with `requireSignatures`. `doc` is the room's document before the update.
 */
export type EventVerifier = (
  event: JournalEvent,
  ctx: { room: string; claims: TokenClaims; doc: Y.Doc },
) => { ok: true } | { ok: false; code: string; message: string }

export interface ConnectionContext {
  hub: Hub
  metrics: Metrics
  log: Logger
  validator: UpdateValidator
  isSealEvent: (event: JournalEvent) => boolean
  /** Set when the server requires signatures. */
  verifyEvent: EventVerifier | null
  now: () => number
  /** A client whose send buffer exceeds this is dropped (it cannot keep up). */
  maxBufferedBytes: number
}

export interface Connection {
  readonly ws: WebSocket
  readonly claims: TokenClaims
  readonly readOnly: boolean
  room: Room | null
  /** Awareness client ids this connection set (null until it sets one). */
  awarenessIds: Set<number> | null
  /** Yjs clients this connection wrote token-matching events with (its device's documents); null: none yet. */
  ownClients: Set<number> | null
  /** Yjs clients whose structs were dropped from this connection's updates as another device's; null: none. */
  droppedClients: Set<number> | null
  /** Update messages from this connection accepted so far. */
  accepted: number
  /** Its first sync step 1 was answered from the stored bytes while the room was loading. */
  answeredFromStore: boolean
  open: boolean
  alive: boolean
  send(message: Uint8Array): void
  close(code: number, reason: string): void
}

/**
 * Wraps a socket. `ctx` is used for back-pressure and logging. A class, so that the thousands of connections a
 * server holds share their methods instead of carrying closures each.
 */
export function createConnection(ws: WebSocket, claims: TokenClaims, ctx: ConnectionContext): Connection {
  return new SocketConnection(ws, claims, ctx)
}

class SocketConnection implements Connection {
  readonly readOnly: boolean
  room: Room | null = null
  awarenessIds: Set<number> | null = null
  ownClients: Set<number> | null = null
  droppedClients: Set<number> | null = null
  accepted = 0
  answeredFromStore = false
  open = true
  alive = true
  /** The socket is corked until the end of this tick (see `send`). */
  corked = false
  readonly socket: Socket | null

  constructor(
    readonly ws: WebSocket,
    readonly claims: TokenClaims,
    readonly ctx: ConnectionContext,
  ) {
    this.readOnly = claims.scope === 'ro'
    this.socket = (ws as unknown as { _socket?: Socket })._socket ?? null
  }

  send(message: Uint8Array): void {
    if (!this.open) return
    if (this.ws.bufferedAmount > this.ctx.maxBufferedBytes) {
      this.ctx.metrics.refuse('slow-consumer')
      this.open = false
      this.ws.terminate()
      return
    }
    // Everything sent to one socket within one tick leaves in one write: the socket is corked at the first
    // send and uncorked once the current work is done (before any I/O), so a burst of updates relayed to a
    // peer costs one system call instead of one per message, and a lone update is not delayed. A failed
    // write closes the socket, which ends the connection.
    if (this.socket && !this.corked) {
      this.corked = true
      this.socket.cork()
      process.nextTick(uncork, this)
    }
    this.ws.send(message)
  }

  close(code: number, reason: string): void {
    if (!this.open) return
    this.open = false
    this.ws.close(code, reason.length > 120 ? `${reason.slice(0, 117)}...` : reason)
  }
}

function uncork(conn: SocketConnection): void {
  conn.corked = false
  conn.socket?.uncork()
}

/** Handles one binary message from a client attached to a room. */
export function handleMessage(ctx: ConnectionContext, conn: Connection, data: Uint8Array): void {
  const room = conn.room
  if (!room || !conn.open) return
  try {
    const d = decoding.createDecoder(data)
    const type = decoding.readVarUint(d)
    if (type === messageSync) {
      handleSync(ctx, conn, room, d)
      return
    }
    if (type === messageAwareness) {
      const update = decoding.readVarUint8Array(d)
      if (conn.readOnly) return void ctx.metrics.refuse('read-only-awareness')
      awarenessProtocol.applyAwarenessUpdate(room.awareness, update, conn)
      return
    }
    if (type === messageQueryAwareness) {
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, messageAwareness)
      const ids = [...room.awareness.getStates().keys()]
      encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(room.awareness, ids))
      conn.send(encoding.toUint8Array(e))
      return
    }
    // type 2 (auth) and unknown types carry nothing the server acts on
    ctx.metrics.refuse('unknown-message')
  } catch (error) {
    ctx.metrics.refuse('malformed-message')
    ctx.log('warn', 'malformed-message', {
      room: room.name,
      device: conn.claims.device,
      error: String(error),
    })
    conn.close(CloseCode.badMessage, 'malformed-message: send y-websocket sync and awareness messages only')
  }
}

function handleSync(ctx: ConnectionContext, conn: Connection, room: Room, d: decoding.Decoder): void {
  const sub = decoding.readVarUint(d)
  if (sub === syncProtocol.messageYjsSyncStep1) {
    const sv = decoding.readVarUint8Array(d)
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, messageSync)
    syncProtocol.writeSyncStep2(e, settle(room), sv)
    conn.send(encoding.toUint8Array(e))
    return
  }
  if (sub !== syncProtocol.messageYjsSyncStep2 && sub !== syncProtocol.messageYjsUpdate) {
    throw new Error(`unknown sync message type ${sub}`)
  }
  const update = decoding.readVarUint8Array(d)
  if (conn.readOnly) {
    if (hasNews(settle(room), update)) ctx.metrics.refuse('read-only')
    return
  }
  acceptWrite(ctx, conn, room, update)
}

/** Validates, filters, applies (and so stores and forwards) one update, or refuses it. */
function acceptWrite(ctx: ConnectionContext, conn: Connection, room: Room, update: Uint8Array): void {
  const doc = settle(room)
  if (room.seal) {
    if (!hasNews(doc, update)) {
      statusLater(ctx, conn, room)
      return
    }
    refuse(
      ctx,
      conn,
      room,
      CloseCode.sealed,
      'room-sealed',
      'day ended: post these events as late entries in the open day',
    )
    return
  }
  const inspected = ctx.validator.inspect(doc, update, {
    room: room.name,
    kind: room.kind,
    tokenOffice: conn.claims.office,
  })
  if (!inspected.ok) {
    refuseViolation(ctx, conn, room, inspected.error)
    return
  }
  const added = inspected.value
  const identity = checkIdentity(ctx, conn, room, doc, added, update)
  if (!identity.ok) {
    refuse(ctx, conn, room, CloseCode.forbidden, identity.code, identity.message)
    return
  }
  const foreign = identity.foreign
  let toApply = update
  if (foreign.size > 0) {
    // events of another staff or device, e.g. re-sent from this device's copy of the shared journal; they
    // are dropped here (their author re-sends them), never stored under this token
    ctx.metrics.refuse('foreign-events')
    ctx.log('warn', 'foreign-events-dropped', {
      room: room.name,
      device: conn.claims.device,
      clients: [...foreign],
    })
    const sv = new Map<number, number>()
    for (const c of foreign) sv.set(c, 2 ** 40)
    toApply = Y.diffUpdate(update, encodeStateVectorFromMap(sv))
  }
  const seal =
    room.kind.kind === 'day'
      ? added.find((a) => !identity.dropped.has(a.event.id) && ctx.isSealEvent(a.event))
      : undefined
  ctx.hub.apply(room, toApply, conn)
  if (seal) {
    room.seal = { room: room.name, eventId: seal.event.id, at: ctx.now() }
    room.pendingSeal = room.seal
    ctx.log('info', 'room-sealed', { room: room.name, event: seal.event.id, device: conn.claims.device })
  }
  conn.accepted++
  ctx.metrics.updatesIn++
  statusLater(ctx, conn, room)
}

function statusLater(ctx: ConnectionContext, conn: Connection, room: Room): void {
  room.statusWaiters.add(conn)
  ctx.hub.committer.mark(room)
}

/**
 * The identity policy. Without signatures, the events a device writes must carry the token's staff and
 * device. An event that does not, written by this device (its device id, or a Yjs client that also writes
 * this token's events), refuses the whole update (4403 `identity-mismatch`): dropping it would leave the
 * device's later writes behind a gap in its Yjs clock, waiting for a `sync-status` that never comes. Events
 * of other Yjs clients are copies of other devices' events this device holds (e.g. re-sent after a server
 * crash lost them): those clients are dropped whole, since their authors re-send them; should one of them
 * later write this token's events, that update is refused. With signatures, any event with a valid signature
 * passes, whoever delivers it; an own event with a bad signature refuses the whole update, and another
 * writer's event with a bad signature is dropped (its author re-sends it).
 */
function checkIdentity(
  ctx: ConnectionContext,
  conn: Connection,
  room: Room,
  doc: Y.Doc,
  added: readonly AddedEvent[],
  update: Uint8Array,
):
  | { ok: true; foreign: ReadonlySet<number>; dropped: ReadonlySet<string> }
  | { ok: false; code: string; message: string } {
  const claims = conn.claims
  const isOwn = (e: JournalEvent) => e.actor === claims.staff && e.device === claims.device
  if (!ctx.verifyEvent) {
    const mismatched = added.filter((a) => !isOwn(a.event))
    if (mismatched.length === 0) return learnOwn(conn, added, update)
    const clients = clientsOfEvents(update)
    const ownClients = new Set(conn.ownClients ?? [])
    for (const a of added) if (isOwn(a.event)) ownClients.add(clientOf(a, clients))
    const foreign = new Set<number>()
    for (const a of mismatched) {
      const { event } = a
      const client = clientOf(a, clients)
      if (event.device === claims.device || ownClients.has(client)) return identityMismatch(event, claims)
      foreign.add(client)
    }
    conn.ownClients = ownClients
    conn.droppedClients ??= new Set()
    for (const c of foreign) conn.droppedClients.add(c)
    const dropped = new Set<string>()
    for (const a of added) if (foreign.has(clientOf(a, clients))) dropped.add(a.event.id)
    return { ok: true, foreign, dropped }
  }
  const foreign = new Set<number>()
  const dropped = new Set<string>()
  let clients: Map<string, number> | null = null
  for (const a of added) {
    const { event } = a
    const v = ctx.verifyEvent(event, { room: room.name, claims, doc })
    if (v.ok) continue
    if (isOwn(event)) return { ok: false, code: v.code, message: `event ${event.id}: ${v.message}` }
    clients ??= clientsOfEvents(update)
    foreign.add(clientOf(a, clients))
  }
  // everything a dropped client wrote goes, not just its foreign events
  if (foreign.size > 0 && clients) {
    for (const a of added) if (foreign.has(clientOf(a, clients))) dropped.add(a.event.id)
  }
  return { ok: true, foreign, dropped }
}

/**
 * Every event is the token's: remembers the Yjs client that wrote them (read from the update's head when the
 * update has one client; a multi-client update is decoded), unless an earlier update of that client was
 * dropped as another device's, which leaves a gap no later write can fill: then the update is refused.
 */
function learnOwn(
  conn: Connection,
  added: readonly AddedEvent[],
  update: Uint8Array,
):
  | { ok: true; foreign: ReadonlySet<number>; dropped: ReadonlySet<string> }
  | { ok: false; code: string; message: string } {
  if (added.length === 0) return { ok: true, foreign: NONE, dropped: NO_IDS }
  const head = updateHead(update)
  let writers: Iterable<number>
  if (head?.clients === 1) writers = [head.client]
  else {
    const clients = clientsOfEvents(update)
    writers = new Set(added.map((a) => clientOf(a, clients)))
  }
  for (const c of writers) {
    if (conn.droppedClients?.has(c)) {
      return {
        ok: false,
        code: 'identity-mismatch',
        message: `Yjs client ${c} sent events of another staff or device earlier; send only your own events`,
      }
    }
    conn.ownClients ??= new Set()
    conn.ownClients.add(c)
  }
  return { ok: true, foreign: NONE, dropped: NO_IDS }
}

function identityMismatch(
  event: JournalEvent,
  claims: TokenClaims,
): { ok: false; code: string; message: string } {
  return {
    ok: false,
    code: 'identity-mismatch',
    message: `event ${event.id} is by ${event.actor} on ${event.device}, not this token's ${claims.staff} on ${claims.device}; send only your own events`,
  }
}

const NONE: ReadonlySet<number> = new Set()
const NO_IDS: ReadonlySet<string> = new Set()

function clientOf(a: AddedEvent, clients: Map<string, number>): number {
  if (a.client !== UNKNOWN_CLIENT) return a.client
  return clients.get(a.event.id) ?? UNKNOWN_CLIENT
}

const VIOLATION_CLOSE: Record<Violation['code'], number> = {
  undecodable: CloseCode.badMessage,
  'not-an-append': CloseCode.badMessage,
  'malformed-event': CloseCode.badMessage,
  deletion: CloseCode.conflict,
  overwrite: CloseCode.conflict,
  'wrong-office': CloseCode.forbidden,
}

function refuseViolation(ctx: ConnectionContext, conn: Connection, room: Room, v: Violation): void {
  refuse(ctx, conn, room, VIOLATION_CLOSE[v.code], v.code, v.message)
}

function refuse(
  ctx: ConnectionContext,
  conn: Connection,
  room: Room,
  code: number,
  reason: string,
  message: string,
): void {
  ctx.metrics.refuse(reason)
  ctx.log('warn', 'update-refused', {
    room: room.name,
    device: conn.claims.device,
    staff: conn.claims.staff,
    reason,
    message,
  })
  conn.close(code, `${reason}: ${message}`)
}

/** Does `update` carry anything the document does not have yet? */
function hasNews(doc: Y.Doc, update: Uint8Array): boolean {
  try {
    const { structs, ds } = Y.decodeUpdate(update)
    if (hasNewDeletions(doc, ds)) return true
    return structs.some(
      (s) => !(s instanceof Y.Skip) && s.id.clock + s.length > Y.getState(doc.store, s.id.client),
    )
  } catch {
    return true
  }
}

function encodeStateVectorFromMap(sv: Map<number, number>): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, sv.size)
  for (const [client, clock] of sv) {
    encoding.writeVarUint(e, client)
    encoding.writeVarUint(e, clock)
  }
  return encoding.toUint8Array(e)
}

/** Is this message a sync step 1 from a client that has nothing yet (an empty state vector)? */
export function isFreshStep1(message: Uint8Array): boolean {
  // [messageSync, step1, length 1, zero clients]
  return message.length === 4 && message[0] === 0 && message[1] === 0 && message[2] === 1 && message[3] === 0
}

/** Answers a fresh client from stored bytes: the snapshot as sync step 2, then the tail as updates. */
export function answerFromStore(conn: Connection, stored: StoredRoom): void {
  const step2 = encoding.createEncoder()
  encoding.writeVarUint(step2, messageSync)
  encoding.writeVarUint(step2, syncProtocol.messageYjsSyncStep2)
  encoding.writeVarUint8Array(step2, stored.snapshot?.state ?? EMPTY_UPDATE)
  conn.send(encoding.toUint8Array(step2))
  for (const u of stored.tail) {
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, messageSync)
    syncProtocol.writeUpdate(e, u.update)
    conn.send(encoding.toUint8Array(e))
  }
  conn.answeredFromStore = true
}

const EMPTY_UPDATE = new Uint8Array([0, 0])
