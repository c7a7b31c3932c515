import type { Server } from 'node:http'

/** Where WebSocket upgrades under /sync are piped (the sync server). */
export interface SyncTarget {
  readonly host?: string
  readonly port: number
}

export interface ServeOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number
  /** The folder to serve; defaults to apps/pwa/dist. */
  readonly root?: string
  readonly syncTarget?: SyncTarget | (() => SyncTarget | null | undefined)
}

export interface ServedDist {
  readonly port: number
  readonly server: Server
  close(): Promise<void>
}

/** Serves a built app on 127.0.0.1, reading each file per request, with the SPA fallback to index.html. */
export function serveDist(options?: ServeOptions): Promise<ServedDist>
