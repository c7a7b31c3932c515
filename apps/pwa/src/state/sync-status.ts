import { computed, signal } from '@preact/signals'

/** What the browser says about the network (`online`/`offline` events). */
export const networkOnline = signal<boolean>(globalThis.navigator?.onLine ?? true)
/** True while at least one sync socket is connected and has completed its first sync. */
export const connected = signal<boolean>(false)
/** Local events not yet acknowledged as durable by the server. */
export const pending = signal<number>(0)
/** True once the server has acknowledged everything written so far (its `sync-status` message). */
export const savedOnServer = signal<boolean>(false)

globalThis.addEventListener?.('online', () => {
  networkOnline.value = true
})
globalThis.addEventListener?.('offline', () => {
  networkOnline.value = false
})

export type SyncDisplay = 'offline' | 'pending' | 'saved' | 'syncing' | 'online'

/** The one state the indicator shows: offline beats pending beats saved. */
export const syncDisplay = computed<SyncDisplay>(() => {
  if (!networkOnline.value) return 'offline'
  if (pending.value > 0) return connected.value ? 'syncing' : 'pending'
  if (connected.value && savedOnServer.value) return 'saved'
  return 'online'
})
