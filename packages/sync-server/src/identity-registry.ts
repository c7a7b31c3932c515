/**
 * The server's persisted identity registry: for each office, the events that say which devices may sign for it
 * (`device.enrolment-opened`, `device.enrolled`, `device.revoked`, TOTP credentials) and who may manage them
 * (the office module's registrations and role grants).
 *
 * Why it exists: those events are journaled in whichever day room the device or admin happened to write to. After
 * a restart the signature check must still know them when an event arrives in another room (Tuesday's day room,
 * an inbox), without loading every room the office ever had. So the server keeps a copy of each office's trust
 * events in one stored room, `office/<id>/identity` (a journal `Y.Map` like any room, so tooling reads it; no
 * client may open it), written through the same `Storage` interface as every room (a distributed backend fits).
 *
 * - **On demand**: an office's record is loaded from storage when a connection needs it (`acquire`), and kept
 *   pinned while such connections are open; unpinned records are evicted least recently used first beyond
 *   `maxOffices`, so memory stays bounded whatever the number of offices.
 * - **Current**: the signature hook passes every event accepted into a day room (`learn`); trust events are
 *   appended to the record.
 * - **Durable no later than the acknowledgement**: `wrap(storage)` is the storage the rooms are written through;
 *   each of its writes carries the registry's pending appends in the same atomic batch, and waits for a write
 *   the registry started on its own. So when a client is told its enrolment is saved, the registry has it too.
 * - **Migration**: the first time a store is opened with a registry, every stored day room is read once and the
 *   trust events found are recorded (`dak/identity-registry` marks it done), so a data directory written before
 *   the registry existed keeps working after the upgrade.
 *
 * One process writes a store (LevelDB's lock); in a distributed mode the record's sequence numbers would have to
 * come from the store.
 */
import { type DakEvent, IDENTITY_EVENTS } from '@dak/core'
import * as Y from 'yjs'
import type { Logger } from './log.ts'
import { roomKind } from './rooms.ts'
import type { Snapshot, Storage, StoredRoom, StoredUpdate, WriteBatch } from './storage/storage.ts'
import { JOURNAL_MAP } from './validate.ts'

/** Event types the registry keeps: identity events, and the office module's registrations and role grants. */
export const TRUST_EVENT_TYPES: ReadonlySet<string> = new Set<string>([
  ...Object.values(IDENTITY_EVENTS),
  'office.registered',
  'staff.registered',
  'device.registered',
  'role.granted',
  'role.revoked',
])

/** The stored room holding an office's trust events (reserved: clients cannot open it). */
export const identityRoom = (office: string): string => `office/${office}/identity`

/** The stored room whose presence says the one-time migration of older day rooms is done. */
export const REGISTRY_MARKER_ROOM = 'dak/identity-registry'

/** Rooms only the server writes: `office/<id>/identity` and anything under `dak/`. */
export function isReservedRoom(name: string): boolean {
  const s = name.split('/')
  return (s[0] === 'office' && s.length === 3 && s[2] === 'identity') || s[0] === 'dak'
}

export interface IdentityRegistryOptions {
  /** Where records live. Without it the registry is memory-only and every office is available at once. */
  readonly storage?: Storage
  /** Unpinned office records kept in memory (default 4096); the least recently used beyond it are dropped. */
  readonly maxOffices?: number
  /** A record whose stored tail reaches this many appends is rewritten as one snapshot (default 64). */
  readonly compactEvery?: number
  readonly log?: Logger
}

/** Counters for operations and tests. */
export interface IdentityRegistryStats {
  /** Office records in memory. */
  readonly offices: number
  /** Of those, records pinned by open connections. */
  readonly pinned: number
  /** Appends not yet durable. */
  readonly pending: number
  /** Records read from storage since start. */
  readonly loads: number
}

export interface IdentityRegistry {
  /**
   * The trust events of `office`, when its record is in memory (the same array until it changes, so callers can
   * tell "unchanged" by identity). Otherwise `undefined`, and a load starts: the caller treats the office as not
   * yet known. With no storage, always defined.
   */
  events(office: string): readonly DakEvent[] | undefined
  /** Loads the records of `offices` and pins them until the returned release is called (once). */
  acquire(offices: Iterable<string>): Promise<() => void>
  /** Records the trust events among events accepted into a day room of their own office. */
  learn(events: Iterable<DakEvent>): void
  /** The storage rooms are written through: every write also makes the registry's pending appends durable. */
  wrap(storage: Storage): Storage
  /** Resolves once every append so far is durable (or rejects with the storage error). */
  flush(): Promise<void>
  stats(): IdentityRegistryStats
}

interface Entry {
  readonly office: string
  readonly doc: Y.Doc
  readonly ids: Set<string>
  events: readonly DakEvent[]
  /** Next storage sequence number of the record. */
  nextSeq: number
  /** Stored updates after the record's snapshot (drives compaction). */
  tail: number
  /** Open connections that need this record. */
  pins: number
  /** Appends handed to storage or queued and not yet durable: such a record is never evicted. */
  unflushed: number
}

interface Taken {
  readonly items: readonly { update: StoredUpdate; entry: Entry }[]
  readonly updates: StoredUpdate[]
  readonly snapshots: Snapshot[]
  readonly entries: Map<Entry, number>
}

/** Creates a registry (see the file comment). */
export function createIdentityRegistry(options: IdentityRegistryOptions = {}): IdentityRegistry {
  const storage = options.storage ?? null
  const maxOffices = Math.max(1, options.maxOffices ?? 4096)
  const compactEvery = Math.max(2, options.compactEvery ?? 64)
  const log = options.log ?? (() => {})
  // Map order is recency: a use moves the record to the end, eviction takes from the front.
  const entries = new Map<string, Entry>()
  const loading = new Map<string, Promise<Entry>>()
  // Trust events learned while their office's record was loading: applied once it is in.
  const early = new Map<string, DakEvent[]>()
  let queue: { update: StoredUpdate; entry: Entry }[] = []
  let flushing: Promise<void> | null = null
  let retrying = false
  let loads = 0
  let migrated: Promise<void> | null = storage ? null : Promise.resolve()

  const touch = (e: Entry): void => {
    entries.delete(e.office)
    entries.set(e.office, e)
  }

  const evict = (): void => {
    // a memory-only registry has nowhere to reload a record from: it keeps them all
    if (!storage || entries.size <= maxOffices) return
    for (const e of entries.values()) {
      if (entries.size <= maxOffices) return
      if (e.pins > 0 || e.unflushed > 0) continue
      entries.delete(e.office)
      e.doc.destroy()
    }
  }

  const append = (e: Entry, events: readonly DakEvent[]): void => {
    const added = events.filter((ev) => !e.ids.has(ev.id))
    if (added.length === 0) return
    const map = e.doc.getMap<unknown>(JOURNAL_MAP)
    let update: Uint8Array | null = null
    const capture = (u: Uint8Array) => {
      update = u
    }
    e.doc.on('update', capture)
    e.doc.transact(() => {
      for (const ev of added) map.set(ev.id, ev)
    })
    e.doc.off('update', capture)
    for (const ev of added) e.ids.add(ev.id)
    e.events = [...e.events, ...added]
    if (!storage || !update) return
    queue.push({ update: { room: identityRoom(e.office), seq: e.nextSeq++, update }, entry: e })
    e.unflushed++
    scheduleFlush()
  }

  const fresh = (office: string): Entry => ({
    office,
    doc: new Y.Doc({ gc: true }),
    ids: new Set(),
    events: [],
    nextSeq: 1,
    tail: 0,
    pins: 0,
    unflushed: 0,
  })

  const build = (office: string, stored: StoredRoom): Entry => {
    const e = fresh(office)
    Y.transact(e.doc, () => {
      if (stored.snapshot) Y.applyUpdate(e.doc, stored.snapshot.state)
      for (const u of stored.tail) Y.applyUpdate(e.doc, u.update)
    })
    const held = trustEvents(e.doc.getMap<unknown>(JOURNAL_MAP).values(), office)
    for (const ev of held) e.ids.add(ev.id)
    e.events = held
    e.nextSeq = (stored.tail.at(-1)?.seq ?? stored.snapshot?.upto ?? 0) + 1
    e.tail = stored.tail.length
    return e
  }

  const load = (office: string): Promise<Entry> => {
    const known = entries.get(office)
    if (known) {
      touch(known)
      return Promise.resolve(known)
    }
    let p = loading.get(office)
    if (p) return p
    p = migrate()
      .then(() => {
        const again = entries.get(office) // the migration may have created it
        if (again) return again
        loads++
        return (storage as Storage).load(identityRoom(office)).then((stored) => build(office, stored))
      })
      .then(
        (e) => {
          loading.delete(office)
          entries.set(office, e)
          const waiting = early.get(office)
          early.delete(office)
          if (waiting) append(e, waiting)
          evict()
          return e
        },
        (error: unknown) => {
          loading.delete(office)
          log('error', 'identity-load-failed', { office, error: String(error) })
          throw error
        },
      )
    loading.set(office, p)
    return p
  }

  // Reads every stored day room once and records its trust events, then leaves the marker.
  const migrate = (): Promise<void> => {
    migrated ??= (async () => {
      const s = storage as Storage
      if ((await markerState(s)) === 'current') return
      const found = new Map<string, DakEvent[]>()
      let rooms = 0
      for (const room of await s.rooms()) {
        const kind = roomKind(room)
        if (kind.kind !== 'day') continue
        rooms++
        const doc = new Y.Doc({ gc: true })
        const stored = await s.load(room)
        Y.transact(doc, () => {
          if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot.state)
          for (const u of stored.tail) Y.applyUpdate(doc, u.update)
        })
        const events = trustEvents(doc.getMap<unknown>(JOURNAL_MAP).values(), kind.office)
        doc.destroy()
        if (events.length > 0) found.set(kind.office, [...(found.get(kind.office) ?? []), ...events])
      }
      const snapshots: Snapshot[] = [markerSnapshot('current', { rooms, offices: found.size })]
      for (const [office, events] of found) {
        const e = build(office, await s.load(identityRoom(office)))
        // straight into a snapshot, with the marker: either both are stored or neither
        const ids = new Set(e.ids)
        append(e, events.filter((ev) => !ids.has(ev.id)).sort(byHlc))
        queue = queue.filter((q) => q.entry !== e)
        e.unflushed = 0
        snapshots.push({
          room: identityRoom(office),
          upto: e.nextSeq - 1,
          state: Y.encodeStateAsUpdate(e.doc),
        })
        e.tail = 0
        entries.set(office, e)
      }
      await s.write({ updates: [], snapshots, seals: [] })
      log('info', 'identity-registry-migrated', { rooms, offices: found.size })
      evict()
    })()
    migrated.catch(() => {
      migrated = null // try again on the next load
    })
    return migrated
  }

  const take = (): Taken => {
    const items = queue
    queue = []
    const entries = new Map<Entry, number>()
    const updates: StoredUpdate[] = []
    const snapshots: Snapshot[] = []
    const byEntry = new Map<Entry, StoredUpdate[]>()
    for (const { update, entry } of items) {
      entries.set(entry, (entries.get(entry) ?? 0) + 1)
      byEntry.set(entry, [...(byEntry.get(entry) ?? []), update])
    }
    for (const [e, list] of byEntry) {
      if (e.tail + list.length >= compactEvery) {
        // the snapshot covers every append so far, including these: they need no row
        snapshots.push({
          room: identityRoom(e.office),
          upto: e.nextSeq - 1,
          state: Y.encodeStateAsUpdate(e.doc),
        })
      } else updates.push(...list)
    }
    return { items, updates, snapshots, entries }
  }

  const settle = (t: Taken): void => {
    const compacted = new Set(t.snapshots.map((s) => s.room))
    for (const [e, n] of t.entries) {
      e.unflushed -= n
      e.tail = compacted.has(identityRoom(e.office)) ? 0 : e.tail + n
    }
    evict()
  }

  // nothing of a failed batch was stored: its appends go back to the front, with their sequence numbers
  const requeue = (t: Taken): void => {
    queue = [...t.items, ...queue]
  }

  const flushNow = (): Promise<void> => {
    if (!storage || queue.length === 0) return flushing ?? Promise.resolve()
    const before = flushing
    const t = take()
    const p = (async () => {
      try {
        await storage.write({ updates: t.updates, snapshots: t.snapshots, seals: [] })
      } catch (error) {
        requeue(t)
        log('error', 'identity-persist-failed', { error: String(error) })
        if (!retrying) {
          retrying = true
          setTimeout(() => {
            retrying = false
            flushNow().catch(() => {})
          }, 1000).unref()
        }
        throw error
      } finally {
        await before
      }
      settle(t)
    })()
    flushing = p
    p.then(
      () => {
        if (flushing === p) flushing = null
      },
      () => {
        if (flushing === p) flushing = null
      },
    )
    return p
  }

  let scheduled = false
  const scheduleFlush = (): void => {
    if (scheduled) return
    scheduled = true
    // a room write issued in this turn carries the appends itself; only what is left goes on its own
    setImmediate(() => {
      scheduled = false
      flushNow().catch(() => {})
    })
  }

  return {
    events(office) {
      const e = entries.get(office)
      if (e) {
        touch(e)
        return e.events
      }
      if (!storage) {
        const created = fresh(office)
        entries.set(office, created)
        evict()
        return created.events
      }
      load(office).catch(() => {})
      return undefined
    },
    async acquire(offices) {
      const wanted = [...new Set(offices)]
      const loaded = await Promise.all(wanted.map((o) => (storage ? load(o) : Promise.resolve(ensure(o)))))
      for (const e of loaded) e.pins++
      let released = false
      return () => {
        if (released) return
        released = true
        for (const e of loaded) e.pins--
        evict()
      }
    },
    learn(events) {
      const byOffice = new Map<string, DakEvent[]>()
      for (const ev of events) {
        if (!TRUST_EVENT_TYPES.has(ev.type)) continue
        byOffice.set(ev.office, [...(byOffice.get(ev.office) ?? []), ev])
      }
      for (const [office, list] of byOffice) {
        const e = entries.get(office) ?? (storage ? undefined : ensure(office))
        if (e) {
          append(e, list)
          continue
        }
        early.set(office, [...(early.get(office) ?? []), ...list])
        load(office).catch(() => {})
      }
    },
    wrap(inner) {
      return {
        load: (room) => inner.load(room),
        rooms: () => inner.rooms(),
        close: () => inner.close(),
        async write(batch: WriteBatch) {
          const before = flushing
          if (queue.length === 0) {
            await inner.write(batch)
            await before
            return
          }
          const t = take()
          try {
            await inner.write({
              updates: [...batch.updates, ...t.updates],
              snapshots: [...batch.snapshots, ...t.snapshots],
              seals: batch.seals,
            })
          } catch (error) {
            requeue(t)
            scheduleFlush()
            throw error
          }
          settle(t)
          await before
        },
      }
    },
    async flush() {
      // events learned for an office still loading are appended once it is in
      while (loading.size > 0) await Promise.allSettled([...loading.values()])
      while (queue.length > 0 || flushing) {
        if (queue.length > 0) await flushNow()
        else await flushing
      }
    },
    stats() {
      let pinned = 0
      let pending = 0
      for (const e of entries.values()) {
        if (e.pins > 0) pinned++
        pending += e.unflushed
      }
      return { offices: entries.size, pinned, pending, loads }
    },
  }

  function ensure(office: string): Entry {
    let e = entries.get(office)
    if (!e) {
      e = fresh(office)
      entries.set(office, e)
    }
    return e
  }
}

/** The marker's state: `current` (the registry has everything), `stale` (re-read the day rooms) or absent. */
async function markerState(storage: Storage): Promise<'current' | 'stale' | null> {
  const stored = await storage.load(REGISTRY_MARKER_ROOM)
  if (!stored.snapshot && stored.tail.length === 0) return null
  const doc = new Y.Doc()
  Y.transact(doc, () => {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot.state)
    for (const u of stored.tail) Y.applyUpdate(doc, u.update)
  })
  const state = doc.getMap<unknown>('registry').get('state')
  doc.destroy()
  return state === 'stale' ? 'stale' : 'current'
}

function markerSnapshot(state: 'current' | 'stale', detail: Record<string, unknown> = {}): Snapshot {
  const doc = new Y.Doc()
  doc.getMap<unknown>('registry').set('state', state)
  doc.getMap<unknown>('registry').set('detail', detail)
  const snapshot = { room: REGISTRY_MARKER_ROOM, upto: 0, state: Y.encodeStateAsUpdate(doc) }
  doc.destroy()
  return snapshot
}

/**
 * Marks a store's registry as stale (the server calls it when it starts with signatures off): identity events
 * accepted meanwhile reach no registry, so the next start that checks signatures reads every day room again.
 */
export async function markIdentityRegistryStale(storage: Storage): Promise<void> {
  await storage.write({ updates: [], snapshots: [markerSnapshot('stale')], seals: [] })
}

/** The trust events of `office` among journal values (objects or JSON strings), in fold order. */
function trustEvents(values: Iterable<unknown>, office: string): DakEvent[] {
  const out: DakEvent[] = []
  for (const raw of values) {
    let v = raw
    if (typeof v === 'string') {
      try {
        v = JSON.parse(v)
      } catch {
        continue
      }
    }
    if (v === null || typeof v !== 'object') continue
    const e = v as DakEvent
    if (typeof e.id === 'string' && TRUST_EVENT_TYPES.has(e.type) && e.office === office) out.push(e)
  }
  return out.sort(byHlc)
}

const byHlc = (a: DakEvent, b: DakEvent): number =>
  a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
