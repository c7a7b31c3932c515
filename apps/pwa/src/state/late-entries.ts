/**
 * A day room the server refused as sealed (4423 `room-sealed`: its day was ended there) still holds this
 * device's entries that never reached the server. They are re-posted, unchanged (same ids, same signatures),
 * into the device's open day room: the money really changed hands, so nothing is dropped, and core's day
 * module holds an event of an ended day as a late entry with a `posted-after-day-end` conflict for review.
 * The sync server checks only the office of a day room's events, not their date, so it accepts them there.
 */
import type { DakEvent, State } from '@dak/core'
import { JOURNAL_MAP, parseRoom, type YJournal } from '@dak/core/yjs'
import * as Y from 'yjs'

/** The ids of the journal entries in `doc` that a peer with state vector `serverSv` (null: nothing) lacks. */
export function entryIdsMissingFrom(doc: Y.Doc, serverSv: Uint8Array | null): string[] {
  const { structs } = Y.decodeUpdate(Y.encodeStateAsUpdate(doc, serverSv ?? undefined))
  const ids: string[] = []
  // every journal append is one map entry: an Item whose parentSub is the event id
  for (const s of structs) if (s instanceof Y.Item && s.parentSub !== null) ids.push(s.parentSub)
  return ids
}

/** What re-posting did: the ids now in the open day, and the ids that could not be posted (with why). */
export interface LateRepost {
  readonly posted: readonly string[]
  readonly error: { readonly code: string; readonly message: string } | null
}

/**
 * Re-posts the entries of the sealed room's `doc` the server does not hold (`serverSv`: the sync's coverage)
 * into `openDay`'s journal, unchanged. Idempotent: an entry already in the open day is not written again.
 */
export function repostAsLateEntries(
  sealed: Y.Doc,
  serverSv: Uint8Array | null,
  openDay: Pick<YJournal<State>, 'append'>,
): LateRepost {
  const map = sealed.getMap<unknown>(JOURNAL_MAP)
  const events: DakEvent[] = []
  for (const id of entryIdsMissingFrom(sealed, serverSv)) {
    const raw = map.get(id)
    // the default journal encoding is plain objects; JSON text is parsed back the same way core reads it
    const event = typeof raw === 'string' ? (JSON.parse(raw) as DakEvent) : (raw as DakEvent | undefined)
    if (event) events.push(event)
  }
  if (events.length === 0) return { posted: [], error: null }
  const r = openDay.append(events)
  if (!r.ok) return { posted: [], error: { code: r.error.code, message: r.error.message } }
  return { posted: events.map((e) => e.id), error: null }
}

/** What re-posting a sealed day did on this device, for the screens ("entered late, from <date>"). */
export interface LateRepostNote {
  /** The sealed day's business date. */
  readonly from: string
  /** The day it was re-posted into. */
  readonly into: string
  readonly posted: readonly string[]
  readonly error: { readonly code: string; readonly message: string } | null
}

/** Where the sealed rooms are kept and read (`sync.ts` and `room.ts` in the app; fakes in tests). */
export interface SealedRoomSource {
  /** Rooms refused as sealed whose entries still wait to be re-posted. */
  rooms(): Promise<readonly string[]>
  /** The server's coverage of a sealed room when it refused it (null: unknown, so everything is re-posted). */
  coverage(room: string): Promise<Uint8Array | null>
  /** The room's local document, loaded from this device's storage; `close` releases it. */
  open(room: string): Promise<{ readonly doc: Y.Doc; close(): Promise<void> }>
  /** Called once a room's entries are in the open day: it is not re-posted again. */
  done(room: string): Promise<void>
}

/**
 * Re-posts the unsent entries of every sealed day room of `office` dated before `openDate` into the open day's
 * journal. The caller calls it only once the open day has begun: that is the office's next open day (a date the
 * office skipped, such as a Sunday, never gets them). A room whose entries could not be appended is kept for the
 * next attempt and reported with the journal's reason.
 */
export async function repostSealedDays(
  office: string,
  openDate: string,
  source: SealedRoomSource,
  openDay: Pick<YJournal<State>, 'append'>,
): Promise<LateRepostNote[]> {
  const notes: LateRepostNote[] = []
  for (const name of await source.rooms()) {
    const room = parseRoom(name)
    if (!room.ok || room.value.kind !== 'day' || room.value.office !== office) continue
    if (room.value.date >= openDate) continue
    const from = room.value.date
    const sealed = await source.open(name)
    try {
      const r = repostAsLateEntries(sealed.doc, await source.coverage(name), openDay)
      notes.push({ from, into: openDate, posted: r.posted, error: r.error })
      if (!r.error) await source.done(name)
    } finally {
      await sealed.close()
    }
  }
  return notes
}
