/**
 * The static server for `pwa-load.bench.ts`: serves a snapshot of the built PWA (`apps/pwa/dist`) on the
 * loopback with the browser tests' server (`apps/pwa/e2e/serve.mjs`), and counts the bytes it sends so the
 * bench can tell what a visit cost on the wire (and prove that an offline load cost nothing).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import type { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serveDist as serveE2e } from '../apps/pwa/e2e/serve.mjs'

export const BUILD_HINT = 'run `pnpm --filter @dak/pwa run build` first, then `pnpm bench pwa-load` again'

/** A running server: its origin, the bytes (bodies and headers) it has sent so far, and how to stop it. */
export interface DistServer {
  origin: string
  /** Bytes written to sockets since the last `resetCount()`: response bodies plus status line and headers. */
  bytesSent(): number
  /** Requests answered since the last `resetCount()`. */
  requests(): number
  resetCount(): void
  close(): Promise<void>
}

/**
 * Copies the built app into a temporary folder, so a rebuild by someone else in the middle of the bench
 * cannot delete the hashed assets the service worker is precaching. A build in progress (no `sw.js` yet,
 * or an `index.html` naming an asset that is not there) is waited for, up to `waitMs`.
 */
export async function snapshotDist(dist: string, waitMs = 60_000): Promise<{ dir: string; remove(): void }> {
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`pwa-load: the built app is missing (no ${join(dist, 'index.html')}); ${BUILD_HINT}`)
  }
  const deadline = Date.now() + waitMs
  for (;;) {
    const dir = mkdtempSync(join(tmpdir(), 'dak-pwa-dist-'))
    let problem: string | null
    try {
      cpSync(dist, dir, { recursive: true })
      problem = incomplete(dir)
    } catch (e) {
      problem = `copying it failed (${(e as Error).message})`
    }
    if (!problem) return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
    rmSync(dir, { recursive: true, force: true })
    if (Date.now() > deadline) {
      throw new Error(`pwa-load: the built app in ${dist} is incomplete: ${problem}; ${BUILD_HINT}`)
    }
    await new Promise((ok) => setTimeout(ok, 1000))
  }
}

/** Why a copied dist cannot be served as a whole installable app, or null when it can. */
function incomplete(dir: string): string | null {
  if (!existsSync(join(dir, 'sw.js'))) return 'it has no sw.js (the service worker)'
  const html = readFileSync(join(dir, 'index.html'), 'utf8')
  for (const m of html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)) {
    const file = join(dir, m[1] ?? '')
    if (!existsSync(file) || !statSync(file).isFile()) return `index.html names ${m[1]}, which is not there`
  }
  return null
}

/**
 * Serves `root` on 127.0.0.1 at a free port with the browser tests' own server (`apps/pwa/e2e/serve.mjs`: MIME
 * types, cache headers, SPA fallback), counting what it sends.
 */
export async function serveDist(root: string): Promise<DistServer> {
  const { port, server, close } = await serveE2e({ root })
  let count = 0
  // Count what actually went out on the sockets (headers included), the way a device's data plan sees it:
  // each socket's bytesWritten, less what it had written at the last reset.
  const sockets = new Map<Socket, number>()
  let closedBytes = 0
  server.on('connection', (sock: Socket) => {
    sockets.set(sock, 0)
    sock.on('close', () => {
      closedBytes += sock.bytesWritten - (sockets.get(sock) ?? 0)
      sockets.delete(sock)
    })
  })
  server.on('request', () => {
    count++
  })
  const bytesSent = () => {
    let n = closedBytes
    for (const [sock, base] of sockets) n += sock.bytesWritten - base
    return n
  }
  return {
    origin: `http://127.0.0.1:${port}`,
    bytesSent,
    requests: () => count,
    resetCount: () => {
      closedBytes = 0
      count = 0
      for (const sock of sockets.keys()) sockets.set(sock, sock.bytesWritten)
    },
    close,
  }
}
