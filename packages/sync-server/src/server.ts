/**
 * `startServer`: one HTTP server carrying the y-websocket endpoint (any path = the room name), `/healthz`,
 * `/metrics`, an optional hook for extra HTTP routes, and optionally a built PWA.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import type { DakEvent } from '@dak/core'
import { type WebSocket, WebSocketServer } from 'ws'
import { grants, type IssueTokenInput, issueToken, type TokenClaims, verifyToken } from './auth/token.ts'
import {
  answerFromStore,
  CloseCode,
  type Connection,
  type ConnectionContext,
  createConnection,
  type EventVerifier,
  handleMessage,
  isFreshStep1,
} from './connection.ts'
import { createCoreValidator } from './core-validator.ts'
import { dbDir, loadOrCreateSecret } from './data-dir.ts'
import { createSignatureHook } from './event-verifier.ts'
import { createExpiry } from './expiry.ts'
import { createStaticHandler, DEFAULT_CSP } from './http/static.ts'
import { createHub } from './hub.ts'
import {
  createIdentityRegistry,
  type IdentityRegistry,
  isReservedRoom,
  markIdentityRegistryStale,
} from './identity-registry.ts'
import { createJsonLogger, type Logger } from './log.ts'
import { createMetrics, type Metrics } from './metrics.ts'
import { isRoomName, roomKind } from './rooms.ts'
import { openLevelStorage } from './storage/level.ts'
import { createMemoryStorage } from './storage/memory.ts'
import type { Storage, StoredRoom } from './storage/storage.ts'
import type { JournalEvent, UpdateValidator } from './validate.ts'

/** What an HTTP hook gets besides the request: token helpers bound to this server's secret. */
export interface HttpContext {
  issueToken(input: IssueTokenInput): string
  verifyToken(token: string): ReturnType<typeof verifyToken>
  log: Logger
}

/** Handles a request and returns true, or returns false to let the server continue (static files, 404). */
export type HttpHook = (
  req: IncomingMessage,
  res: ServerResponse,
  ctx: HttpContext,
) => boolean | Promise<boolean>

export interface ServerOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number
  /** Interface to bind; default 127.0.0.1. */
  host?: string
  /** Data directory: the token secret and the LevelDB store live here. Without it, memory only. */
  dataDir?: string
  /** A storage backend (overrides `dataDir`'s store). The caller owns it: `close()` leaves it open. */
  storage?: Storage
  /** The token secret (overrides the one in `dataDir`); at least 32 bytes. */
  secret?: Uint8Array
  /** Largest accepted WebSocket message, bytes (default 16 MiB). */
  maxMessageBytes?: number
  /** The update validator (default: `@dak/core/yjs` `inspectUpdate` plus the room's office rule). */
  validator?: UpdateValidator
  /** Which accepted event seals its day room (default: type `day.ended`). */
  isSealEvent?: (event: JournalEvent) => boolean
  /**
   * True by default: every new event must be signed by an enrolled, unrevoked device of its office (core's
   * `verifyIncomingEvent` through `verifyEvent`); a valid event of another device then passes whoever delivers
   * it. The devices of each office are kept in a persisted identity registry, so this holds after a restart.
   * `false` is for tests and migrations only: an event must then carry the token's staff and device, or it is
   * dropped, and nothing checks who signed it.
   */
  requireSignatures?: boolean
  /** The per-event check when signatures are required (default: `createSignatureHook` over the registry). */
  verifyEvent?: EventVerifier
  /**
   * The reference events folded under every room of an office by the default check (the pack the devices load:
   * offices, staff, role grants, open enrolments). Without one, an office's first device enrols itself with no
   * code (core's genesis rule: no grant and no device yet), and every later one needs a code or an admin.
   */
  reference?: (office: string) => readonly DakEvent[]
  /** Offices whose identity records stay in memory with no connection needing them (default 4096). */
  identityCacheOffices?: number
  /** Compact a room once its stored tail has this many updates (default 1000). */
  compactEvery?: number
  /** A directory holding a built PWA, served for plain HTTP GETs. */
  staticDir?: string
  /** Content-Security-Policy for static files (default `DEFAULT_CSP`). */
  csp?: string
  /** Extra HTTP routes (e.g. `POST /api/token` after a TOTP login), tried before static files. */
  http?: HttpHook
  log?: Logger
  /** Clock, epoch ms (tests). */
  now?: () => number
  /**
   * Sockets that may be waiting for their room to load at once (default 4096). More are closed with 1013 (try
   * again later), which the stock client retries with back-off, so a reconnect storm cannot pile up unbounded
   * work and memory in front of the store.
   */
  maxJoining?: number
  /** Ping interval; a client that has not answered the previous ping is dropped (default 30 s). */
  pingIntervalMs?: number
}

export interface RunningServer {
  readonly port: number
  /** `ws://host:port` for `new WebsocketProvider(url, room, doc)`. */
  readonly url: string
  readonly metrics: Metrics
  /** Issues a token signed with this server's secret. */
  issueToken(input: IssueTokenInput): string
  /** Stops accepting, makes every accepted update durable, closes sockets (1012) and the store. */
  close(): Promise<void>
}

/** Starts a sync server. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const log = options.log ?? createJsonLogger()
  const now = options.now ?? Date.now
  const secret = options.secret ?? (options.dataDir ? loadOrCreateSecret(options.dataDir) : null)
  if (!secret) throw new Error('startServer needs `secret` or `dataDir` (where a secret is generated)')
  const storage =
    options.storage ??
    (options.dataDir ? await openLevelStorage(dbDir(options.dataDir)) : createMemoryStorage())
  const metrics = createMetrics()
  const signatures = options.requireSignatures ?? true
  // The default check reads each office's devices from the registry; a check passed in brings its own state.
  const registry: IdentityRegistry | null =
    signatures && !options.verifyEvent
      ? createIdentityRegistry({
          storage,
          log,
          ...(options.identityCacheOffices ? { maxOffices: options.identityCacheOffices } : {}),
        })
      : null
  const verify =
    options.verifyEvent ??
    (registry
      ? createSignatureHook({ registry, now, ...(options.reference ? { reference: options.reference } : {}) })
      : null)
  if (!signatures) {
    log('warn', 'signatures-off', { message: 'events are not checked for device signatures' })
    // what is accepted now reaches no identity registry: the next start with signatures re-reads the day rooms
    await markIdentityRegistryStale(storage)
  }
  const hub = createHub({
    // every room write also carries the registry's appends, so an acknowledged enrolment is in the registry
    storage: registry ? registry.wrap(storage) : storage,
    metrics,
    log,
    compactEvery: options.compactEvery ?? 1000,
    compactOnUnload: 50,
  })
  const ctx: ConnectionContext = {
    hub,
    metrics,
    log,
    validator: options.validator ?? createCoreValidator(),
    isSealEvent: options.isSealEvent ?? ((e) => e.type === 'day.ended'),
    verifyEvent: signatures ? verify : null,
    now,
    maxBufferedBytes: 64 * 1024 * 1024,
  }
  const httpCtx: HttpContext = {
    issueToken: (input) => issueToken(secret, input),
    verifyToken: (token) => verifyToken(secret, token, now()),
    log,
  }
  const serveStatic = options.staticDir
    ? createStaticHandler(options.staticDir, options.csp ?? DEFAULT_CSP)
    : null
  const conns = new Set<Connection>()
  let closing = false
  const expiry = createExpiry(now, (conn) =>
    conn.close(CloseCode.unauthorized, 'token-expired: refresh the token and reconnect'),
  )

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if ((path === '/healthz' || path === '/metrics') && req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'content-type': 'text/plain', allow: 'GET, HEAD' })
      res.end(`${path} answers GET and HEAD only\n`)
      return
    }
    if (path === '/healthz') {
      res.writeHead(closing ? 503 : 200, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          ok: !closing,
          rooms: hub.rooms.size,
          connections: conns.size,
          ...(registry ? { identity: registry.stats() } : {}),
        }),
      )
      return
    }
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' })
      res.end(metrics.render())
      return
    }
    if (options.http && (await options.http(req, res, httpCtx))) return
    if (serveStatic && (await serveStatic(req, res))) return
    res.writeHead(404, { 'content-type': 'text/plain' })
    res.end('not found\n')
  }

  const http = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      log('error', 'http-failed', { path: req.url, error: String(error) })
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxMessageBytes ?? 16 * 1024 * 1024,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has('dak-sync') ? 'dak-sync' : ([...protocols][0] ?? false)),
  })

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    if (closing) return void socket.destroy()
    // decide before touching any document; the upgrade is completed either way so that a 44xx close
    // reaches the client and stops its retries (an HTTP 401 makes y-websocket retry forever)
    const decision = admit(req, secret, now())
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (!decision.ok) {
        metrics.refuse(decision.reason)
        log('info', 'connection-refused', { reason: decision.reason, room: decision.room })
        ws.close(decision.code, `${decision.reason}: ${decision.message}`.slice(0, 120))
        return
      }
      accept(ws, decision.room, decision.claims)
    })
  })

  const maxJoining = options.maxJoining ?? 4096
  let joining = 0
  const accept = (ws: WebSocket, roomName: string, claims: TokenClaims): void => {
    if (joining >= maxJoining) {
      metrics.refuse('server-busy')
      ws.close(CloseCode.busy, 'server-busy: too many connections are joining rooms; retry shortly')
      return
    }
    joining++
    const conn = createConnection(ws, claims, ctx)
    // the devices of the room's office and of the token's office are in memory before anything is written,
    // and stay while the socket is open (the hook's check is synchronous)
    const roomOffice = roomKind(roomName).office
    const trusted = registry
      ? registry.acquire(
          roomOffice && roomOffice !== claims.office ? [claims.office, roomOffice] : [claims.office],
        )
      : null
    const state: SocketState = {
      conn,
      roomName,
      trusted,
      release: null,
      queued: null,
      early: null,
      joining: true,
    }
    trusted?.then(
      (r) => {
        if (conn.open) state.release = r
        else r()
      },
      () => {},
    )
    conns.add(conn)
    metrics.connections = conns.size
    sockets.set(ws, state)
    ws.on('message', onMessage)
    ws.on('pong', onPong)
    ws.on('error', onSocketError)
    ws.on('close', onClose)
    expiry.add(conn)
    join(state)
  }

  // The socket handlers are shared by every socket, which finds its state in `sockets`: a closure per socket
  // and event would cost heap on a server holding thousands of connections.
  const sockets = new WeakMap<WebSocket, SocketState>()
  function onMessage(this: WebSocket, data: Buffer, isBinary: boolean): void {
    const state = sockets.get(this)
    if (!state) return
    const { conn } = state
    if (!isBinary) {
      metrics.refuse('text-frame')
      conn.close(
        CloseCode.badMessage,
        'text-frame: text frames are not accepted; send binary y-websocket messages',
      )
      return
    }
    const msg = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    if (closing) return // not applied: the client keeps it and re-sends after reconnecting
    if (conn.room) handleMessage(ctx, conn, msg)
    else if (state.early && !state.queued?.length && !conn.answeredFromStore && isFreshStep1(msg))
      answerFromStore(conn, state.early)
    else {
      state.queued ??= []
      state.queued.push(msg)
    }
  }
  function onPong(this: WebSocket): void {
    const state = sockets.get(this)
    if (state) state.conn.alive = true
  }
  function onSocketError(this: WebSocket, error: Error & { code?: string }): void {
    // ws closes an over-long message with 1009 but reports the socket closed as 1006: count it here
    if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') metrics.refuse('message-too-large')
    log('debug', 'socket-error', { error: String(error) })
  }
  function onClose(this: WebSocket): void {
    const state = sockets.get(this)
    if (!state) return
    sockets.delete(this)
    joined(state)
    const { conn } = state
    conn.open = false
    expiry.remove(conn)
    conns.delete(conn)
    metrics.connections = conns.size
    hub.detach(conn)
    state.release?.()
  }

  const joined = (state: SocketState): void => {
    if (!state.joining) return
    state.joining = false
    joining--
  }

  /** Loads the socket's room (and its offices' devices), then attaches it and plays what it queued. */
  const join = (state: SocketState): void => {
    const { conn, roomName, trusted } = state
    const opened = trusted
      ? Promise.all([hub.open(roomName), trusted]).then(([room]) => room)
      : hub.open(roomName)
    // a fresh client (empty state vector) of a room being loaded is answered from the stored bytes at once
    hub.peek(roomName)?.then(
      (stored) => {
        state.early = stored
        const first = state.queued?.[0]
        if (conn.open && !conn.room && first && isFreshStep1(first)) {
          state.queued!.shift()
          answerFromStore(conn, stored)
        }
      },
      () => {},
    )
    opened.then(
      (room) => {
        if (!conn.open) return
        if (room.destroyed) return join(state) // unloaded while we waited: load it again
        joined(state)
        hub.attach(room, conn)
        state.early = null // the stored bytes are the room's now; this socket must not keep them alive
        state.trusted = null
        const queued = state.queued
        state.queued = null
        if (queued) for (const m of queued) handleMessage(ctx, conn, m)
      },
      (error: unknown) => {
        log('error', 'room-load-failed', { room: roomName, error: String(error) })
        conn.close(1011, 'room-load-failed: the room could not be loaded; try again later')
      },
    )
  }

  const pinger = setInterval(() => {
    for (const c of conns) {
      if (!c.alive) {
        c.open = false
        c.ws.terminate()
        continue
      }
      c.alive = false
      c.ws.ping()
    }
  }, options.pingIntervalMs ?? 30_000)
  pinger.unref()

  await new Promise<void>((res, rej) => {
    http.once('error', rej)
    http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => res())
  })
  const port = (http.address() as AddressInfo).port
  log('info', 'listening', { port, host: options.host ?? '127.0.0.1', data: options.dataDir ?? null })

  let closed: Promise<void> | null = null
  return {
    port,
    url: `ws://${options.host ?? '127.0.0.1'}:${port}`,
    metrics,
    issueToken: httpCtx.issueToken,
    close() {
      closed ??= (async () => {
        closing = true
        clearInterval(pinger)
        expiry.stop()
        http.close()
        await hub.committer.idle() // statuses for everything accepted go out before the sockets close
        for (const c of conns)
          c.close(CloseCode.restart, 'server-restarting: the server is restarting; reconnect shortly')
        await hub.drain()
        await registry?.flush().catch((error: unknown) => {
          log('error', 'identity-flush-failed', { error: String(error) })
        })
        if (!options.storage) await storage.close() // a store passed in belongs to the caller
        for (const c of conns) c.ws.terminate()
        http.closeAllConnections()
        log('info', 'stopped', { port })
      })()
      return closed
    },
  }
}

/** One admitted socket: its connection, and what it needs until its room is joined and when it leaves. */
interface SocketState {
  readonly conn: Connection
  readonly roomName: string
  /** The registry's load of the offices' devices (null without signatures, or once joined). */
  trusted: Promise<() => void> | null
  /** Releases the registry's hold on those devices when the socket closes. */
  release: (() => void) | null
  /** Messages that arrived before the room was loaded (null when none wait). */
  queued: Uint8Array[] | null
  /** The room's stored bytes while it loads, so that a fresh client is answered from them; null once joined. */
  early: StoredRoom | null
  /** Counted among the sockets waiting for their room (see `maxJoining`). */
  joining: boolean
}

type Admission =
  | { ok: true; room: string; claims: TokenClaims }
  | { ok: false; code: number; reason: string; message: string; room: string }

function admit(req: IncomingMessage, secret: Uint8Array, now: number): Admission {
  const url = new URL(req.url ?? '/', 'http://x')
  let room: string
  try {
    room = decodeURIComponent(url.pathname.slice(1))
  } catch {
    room = ''
  }
  if (!isRoomName(room)) {
    return {
      ok: false,
      code: CloseCode.badMessage,
      reason: 'bad-room',
      message:
        'room names are 1-8 /-separated segments of [A-Za-z0-9._~-] (up to 64 characters each, 256 in all); a day room is office/<office>/day/<YYYY-MM-DD>',
      room,
    }
  }
  const fromProtocol = (req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .find((p) => p.startsWith('yauth.'))
  const token = fromProtocol ? fromProtocol.slice('yauth.'.length) : url.searchParams.get('token')
  const verified = verifyToken(secret, token, now)
  if (!verified.ok) {
    return {
      ok: false,
      code: CloseCode.unauthorized,
      reason: verified.error.code,
      message: verified.error.message,
      room,
    }
  }
  if (isReservedRoom(room)) {
    return {
      ok: false,
      code: CloseCode.forbidden,
      reason: 'reserved-room',
      message: `${room} is kept by the server itself; open a day or inbox room`,
      room,
    }
  }
  if (!grants(verified.value, room)) {
    return {
      ok: false,
      code: CloseCode.forbidden,
      reason: 'room-not-granted',
      message: `the token does not grant ${room}`,
      room,
    }
  }
  return { ok: true, room, claims: verified.value }
}
