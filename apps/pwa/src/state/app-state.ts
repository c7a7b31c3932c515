import type { DakEvent } from '@dak/core'
import { signal } from '@preact/signals'
import { businessDate } from '../i18n/format.ts'
import { createDeviceClock } from './clock.ts'
import { type DeviceConfig, loadDevice, loadReference } from './device.ts'
import { enrolPending } from './device-enrolment.ts'
import { restoreSession, type Session, session } from './session.ts'
import { type OfficeStore, openOfficeStore } from './store.ts'
import { defaultSyncUrl } from './sync.ts'

/** This device's registration, or null before set-up. */
export const device = signal<DeviceConfig | null>(null)
/** The reference pack kept on this device. */
export const reference = signal<readonly DakEvent[]>([])
/** The open office day, once someone is logged in. */
export const store = signal<OfficeStore | null>(null)
/** True once the device's saved state has been read. */
export const booted = signal(false)

/** Reads the device, its reference pack and any session, and opens the office day. */
export async function boot(): Promise<void> {
  device.value = (await loadDevice()) ?? null
  reference.value = await loadReference()
  const s = await restoreSession()
  if (s && device.value) await openStore(s)
  booted.value = true
}

/** Opens today's office day for a session (closing any other) and connects it when a token is at hand. */
export async function openStore(s: Session, now = Date.now()): Promise<OfficeStore> {
  const previous = store.value
  const date = businessDate(now)
  if (previous && previous.ctx.staff === s.staff && previous.ctx.date === date) {
    if (s.token) await previous.connect({ url: defaultSyncUrl(), token: s.token })
    return previous
  }
  if (previous) await previous.close()
  const next = openOfficeStore(
    { office: s.office, date, staff: s.staff, device: s.device },
    createDeviceClock(s.device),
    reference.value,
  )
  await next.loaded
  if (s.token) await next.connect({ url: defaultSyncUrl(), token: s.token })
  // A newly set-up device journals its key (device.enrolled) before anything else it does (issue 10).
  const enrolled = await enrolPending(next, { online: s.token !== null })
  if (!enrolled.ok) console.warn(`device enrolment not journaled: ${enrolled.error.message}`)
  store.value = next
  void attachIndexes(next)
  return next
}

/** Keeps the Dexie search indexes (loaded on demand) equal to the folded journal. */
async function attachIndexes(office: OfficeStore): Promise<void> {
  const ix = await import('./indexes.ts')
  const db = ix.openIndexDb()
  await ix.rebuild(db, office.state())
  const onBatch = (b: { events: readonly DakEvent[] }) => void ix.update(db, office.state(), b.events)
  office.day.journal.subscribe(onBatch)
  office.inbox.journal.subscribe(onBatch)
}

export async function closeStore(): Promise<void> {
  const s = store.value
  store.value = null
  if (s) await s.close()
}

/** The signed-in session (re-exported for screens). */
export { session }
