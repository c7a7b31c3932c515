import type { DakEvent, State } from '@dak/core'
import { dayRoom, inboxRoom } from '@dak/core/yjs'
import { signal } from '@preact/signals'
import { openRoom } from '../state/room.ts'
import { connectRoom, type RoomSync, type SyncOptions } from '../state/sync.ts'

/** Another office's day, folded read-only on this device (an account office looking at its offices). */
export interface OfficeView {
  readonly office: string
  readonly date: string
  /** Bumped on every change, so a screen reading it re-renders. */
  readonly version: { readonly value: number }
  state(): State
  close(): Promise<void>
}

/**
 * Opens an office's day and inbox rooms with the reference pack folded in, and keeps them live through the
 * sync server when a token is at hand (an HO's token covers its offices' rooms). Nothing is ever written, and
 * unlike the office store it leaves the app's sync indicator alone: it shows this device's own work only.
 */
export async function openOfficeView(
  office: string,
  date: string,
  reference: readonly DakEvent[],
  sync: SyncOptions | null,
): Promise<OfficeView> {
  const day = openRoom(dayRoom(office, date))
  const inbox = openRoom(inboxRoom(office))
  const version = signal(0)
  const folder = day.journal.folder
  folder.add(reference)
  const bump = () => {
    version.value = folder.version
  }
  await Promise.all([day.loaded, inbox.loaded])
  folder.add(inbox.journal.events())
  bump()
  const unsubs = [
    day.journal.subscribe(bump),
    inbox.journal.subscribe((b) => {
      folder.add(b.events)
      bump()
    }),
  ]
  const syncs: RoomSync[] = sync ? await Promise.all([connectRoom(day, sync), connectRoom(inbox, sync)]) : []
  return {
    office,
    date,
    version,
    state: () => folder.state,
    async close() {
      for (const u of unsubs) u()
      for (const s of syncs) s.destroy()
      await Promise.all([day.destroy(), inbox.destroy()])
    },
  }
}
