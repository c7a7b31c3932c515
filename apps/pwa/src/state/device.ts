import type { DakEvent } from '@dak/core'
import { deleteMeta, getMeta, setMeta } from './db.ts'

/** This device's registration: the office it belongs to and its id in the office's reference data. */
export interface DeviceConfig {
  readonly device: string
  readonly office: string
  readonly label: string
}

const DEVICE = 'device'
const REFERENCE = 'reference'

export const loadDevice = (): Promise<DeviceConfig | undefined> => getMeta<DeviceConfig>(DEVICE)
export const saveDevice = (d: DeviceConfig): Promise<void> => setMeta(DEVICE, d)
export const forgetDevice = (): Promise<void> => deleteMeta(DEVICE)

/** The reference pack (offices, staff, roles, devices) kept on this device so it starts offline. */
export const loadReference = async (): Promise<DakEvent[]> => (await getMeta<DakEvent[]>(REFERENCE)) ?? []
export const saveReference = (events: readonly DakEvent[]): Promise<void> => setMeta(REFERENCE, events)

/** Fetches the reference pack from the server that served the app. */
export async function fetchReference(): Promise<DakEvent[]> {
  const res = await fetch('/api/reference', { headers: { accept: 'application/json' } })
  if (!res.ok) throw new Error(`the server answered ${res.status} for /api/reference`)
  const body = (await res.json()) as { events?: DakEvent[] }
  if (!Array.isArray(body.events)) throw new Error('the server sent no reference events')
  return body.events
}
