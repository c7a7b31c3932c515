import {
  type Command,
  chainKey,
  type DakEvent,
  type DomainError,
  decide,
  type Result,
  type State,
} from '@dak/core'
import { dayRoom, inboxRoom } from '@dak/core/yjs'
import { type ReadonlySignal, signal } from '@preact/signals'
import type { DeviceClock } from './clock.ts'
import { createEventSigner, type EventSigner } from './device-key.ts'
import { type LateRepostNote, repostSealedDays, type SealedRoomSource } from './late-entries.ts'
import { openRoom, type RoomDoc } from './room.ts'
import { addresseesOf } from './routing.ts'
import { forgetSealed, sealedRoom, sealedRooms } from './sealed-rooms.ts'
import type { RoomSync, SyncOptions } from './sync.ts'
import { summarize } from './sync-status.ts'

/** Who is working, where, on which business day. */
export interface WorkContext {
  readonly office: string
  readonly date: string
  readonly staff: string
  readonly device: string
}

/** Why a command did not become events: a business rule (core's `DomainError`) or a local write failure. */
export type RunError =
  | DomainError
  | {
      readonly code: string
      readonly message: string
      readonly rule?: string
      readonly details?: Readonly<Record<string, unknown>>
    }

/**
 * The office's live state on this device: the day's document and the office inbox (reference data, bags and
 * cash addressed to the office), folded together incrementally. Every command goes through core's `decide`
 * and is appended to the day's journal; remote events arrive through the same journals.
 */
export interface OfficeStore {
  readonly ctx: WorkContext
  readonly day: RoomDoc
  readonly inbox: RoomDoc
  /** Bumped on every change of the folded state, so screens re-render. */
  readonly version: { readonly value: number }
  readonly state: () => State
  readonly events: () => readonly DakEvent[]
  /** Decides and appends a command. `duty` defaults to the actor's current shift duty (if any). */
  run(command: Command, duty?: string | null): Promise<Result<readonly DakEvent[], RunError>>
  /** Decides a command without writing anything (core is pure): what it would do, or why it is refused. */
  check(command: Command, duty?: string | null): Result<readonly DakEvent[], RunError>
  /** The actor's duty today that is on shift (begun, submitted or verified), or null. */
  currentDuty(): string | null
  /**
   * Sealed days whose unsent entries this device re-posted into this (open) day as late entries, and those
   * that wait for it: a day room refused as sealed keeps its entries until the office's next day has begun here.
   */
  readonly lateReposts: ReadonlySignal<readonly LateRepostNote[]>
  /** True while a sealed day's entries wait on this device for the next open day. */
  readonly lateWaiting: ReadonlySignal<boolean>
  connect(options: SyncOptions): Promise<void>
  /**
   * Gives every synced room a fresh token (they reconnect with it; nothing unsent is lost). False when the store
   * was never connected: call `connect` instead.
   */
  reconnect(token: string): boolean
  readonly loaded: Promise<void>
  close(): Promise<void>
}

/** Opens the office day on this device. Works offline; `connect` adds sync when a token is at hand. */
export function openOfficeStore(
  ctx: WorkContext,
  clock: DeviceClock,
  reference: readonly DakEvent[] = [],
  options: { readonly signer?: EventSigner } = {},
): OfficeStore {
  const day = openRoom(dayRoom(ctx.office, ctx.date))
  const inbox = openRoom(inboxRoom(ctx.office))
  const version = signal(0)
  // The day journal's folder is the combined one: the reference pack (offices, staff, roles, devices) and the
  // inbox's events are added to it; the fold is the same whatever order they arrive in.
  const folder = day.journal.folder
  folder.add(reference)
  // Every event this device makes is linked to its previous one of the office day and signed (issue 10). The
  // journal's chain head is the truth across reloads, so a crash between two writes never leaves a gap.
  const signer =
    options.signer ??
    createEventSigner(ctx.device, {
      lastOwnEvent: (office, date) => {
        const h = folder.state.identity.heads[chainKey({ office, date, device: ctx.device })]
        return h ? folder.get(h.id) : undefined
      },
    })
  const bump = () => {
    version.value = folder.version
    if (earlierWaiting) void repostLate()
  }
  // A sealed day's entries the server never took are re-posted, unchanged, into the office's next open day:
  // this store's day, once it has begun (a day the office skips never gets them). Tried at start-up, after a
  // sealed refusal and whenever the fold changes while some wait (e.g. when the Day Begin syncs in).
  const lateReposts = signal<readonly LateRepostNote[]>([])
  const lateWaiting = signal(false)
  const sealedSource: SealedRoomSource = {
    rooms: sealedRooms,
    coverage: async (room) => (await sealedRoom(room))?.serverSv ?? null,
    async open(room) {
      const r = openRoom(room)
      await r.loaded
      return { doc: r.doc, close: () => r.destroy() }
    },
    done: forgetSealed,
  }
  let reposting: Promise<void> | null = null
  let earlierWaiting = false
  let closed = false
  const repostLate = (): Promise<void> => {
    reposting ??= (async () => {
      const mine = async () => (await sealedRooms()).filter((r) => r.startsWith(`office/${ctx.office}/day/`))
      const waiting = await mine()
      lateWaiting.value = waiting.length > 0
      const today = folder.state.day.days[`${ctx.office}/${ctx.date}`]
      // room names of one office sort by date: only earlier days' entries are re-posted here
      earlierWaiting = waiting.some((r) => r < day.name)
      if (!earlierWaiting || today?.status !== 'begun' || closed) return
      const notes = await repostSealedDays(ctx.office, ctx.date, sealedSource, day.journal)
      if (notes.length > 0) lateReposts.value = [...lateReposts.value, ...notes]
      const left = await mine()
      lateWaiting.value = left.length > 0
      earlierWaiting = left.some((r) => r < day.name)
    })().finally(() => {
      reposting = null
    })
    return reposting
  }
  const feedInbox = () => {
    folder.add(inbox.journal.events())
    bump()
  }
  const unsubs = [
    day.journal.subscribe((b) => {
      for (const e of b.events) clock.observe(e.hlc)
      bump()
    }),
    inbox.journal.subscribe((b) => {
      for (const e of b.events) clock.observe(e.hlc)
      folder.add(b.events)
      bump()
    }),
  ]
  const loaded = Promise.all([day.loaded, inbox.loaded]).then(async () => {
    feedInbox()
    for (const e of folder.events()) clock.observe(e.hlc)
    await repostLate()
  })
  // Peers verify every event they receive (issue 10), in chunks off the interaction path; loaded on demand.
  const verifying = loaded
    .then(() => import('./peer-verification.ts'))
    .then((m) => m.attachPeerVerification({ ctx, day, inbox, state: () => folder.state }))
  const syncs: RoomSync[] = []
  // Inboxes of other offices this device has written to (pre-advices, cash requests and bags).
  const outboxes = new Map<string, RoomDoc>()
  let syncOptions: SyncOptions | null = null
  const outbox = async (office: string): Promise<RoomDoc> => {
    const name = inboxRoom(office)
    let room = outboxes.get(name)
    if (!room) {
      room = openRoom(name)
      outboxes.set(name, room)
      await room.loaded
      if (syncOptions) {
        const { connectRoom } = await loadSync()
        const s = await connectRoom(room, { ...syncOptions, device: ctx.device })
        s.onChange(refreshStatus)
        syncs.push(s)
      }
    }
    return room
  }
  const refreshStatus = () => summarize(syncs)

  let listening = false
  const onOffline = () => {
    for (const s of syncs) s.provider.disconnect()
    refreshStatus()
  }
  const onOnline = () => {
    for (const s of syncs) if (!s.refusal()) s.provider.connect()
  }
  const decideNow = (command: Command, duty?: string | null) =>
    decide(folder.state, command, {
      office: ctx.office,
      date: ctx.date,
      actor: ctx.staff,
      device: ctx.device,
      duty: duty === undefined ? currentDuty(folder.state, ctx) : duty,
      now: clock.now(),
      newId: clock.newId,
      nextHlc: clock.nextHlc,
    })

  const runNow = async (
    command: Command,
    duty?: string | null,
  ): Promise<Result<readonly DakEvent[], RunError>> => {
    const decided = decideNow(command, duty)
    if (!decided.ok) return decided
    const before = folder.state
    const sealed = await signer.sealOutgoing(decided.value)
    const copies = sealed.flatMap((e) => addresseesOf(e, before).map((to) => ({ to, e })))
    const appended = day.journal.append(sealed)
    if (!appended.ok) {
      await signer.forget(sealed)
      return { ok: false, error: appended.error }
    }
    for (const { to, e } of copies) (await outbox(to)).journal.append([e])
    bump()
    refreshStatus()
    return { ok: true, value: sealed }
  }
  let runQueue: Promise<unknown> = Promise.resolve()

  return {
    ctx,
    day,
    inbox,
    version,
    state: () => folder.state,
    events: () => folder.events(),
    loaded,
    currentDuty: () => currentDuty(folder.state, ctx),
    lateReposts,
    lateWaiting,
    check: (command, duty) => decideNow(command, duty),
    run(command, duty) {
      // Serialised: sealing awaits the key, and the next command must be decided on the state after this one.
      const next = runQueue.then(() => runNow(command, duty))
      runQueue = next.catch(() => undefined)
      return next
    },
    async connect(options) {
      // follow the browser's idea of the network: stop retrying while offline, reconnect at once when back
      if (!listening) {
        listening = true
        globalThis.addEventListener?.('offline', onOffline)
        globalThis.addEventListener?.('online', onOnline)
      }
      syncOptions = options
      const { connectRoom } = await loadSync()
      if (closed) return
      for (const s of syncs.splice(0)) s.destroy()
      for (const room of [day, inbox, ...outboxes.values()]) {
        const s = await connectRoom(room, { ...options, device: ctx.device })
        s.onChange(refreshStatus)
        // a day refused as sealed keeps its unsent entries for the next open day (see `repostLate`)
        let sealedSeen = false
        s.onChange(() => {
          const stored = s.sealedStored()
          if (!stored || sealedSeen) return
          sealedSeen = true
          void stored.then(() => repostLate())
        })
        syncs.push(s)
      }
      refreshStatus()
    },
    reconnect(token) {
      if (!syncOptions) return false
      syncOptions = { ...syncOptions, token }
      for (const s of syncs) s.reconnect(token)
      refreshStatus()
      return true
    },
    async close() {
      closed = true
      void verifying.then((v) => v.stop()).catch(() => undefined)
      globalThis.removeEventListener?.('offline', onOffline)
      globalThis.removeEventListener?.('online', onOnline)
      for (const u of unsubs) u()
      for (const s of syncs.splice(0)) s.destroy()
      refreshStatus()
      await Promise.all([day.destroy(), inbox.destroy(), ...[...outboxes.values()].map((r) => r.destroy())])
    },
  }
}

/** The sync connection (y-websocket and its protocols), loaded when a room first connects, not at start-up. */
const loadSync = () => import('./sync.ts')

function currentDuty(state: State, ctx: WorkContext): string | null {
  const mine = Object.values(state.day.duties).find(
    (d) =>
      d.staff === ctx.staff &&
      d.office === ctx.office &&
      d.date === ctx.date &&
      (d.status === 'begun' || d.status === 'submitted' || d.status === 'verified'),
  )
  return mine?.id ?? null
}
