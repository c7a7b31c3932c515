/**
 * Serves a built PWA from a directory: correct MIME types, SPA fallback to `index.html`, a strict
 * Content-Security-Policy, long caching for hashed assets and no caching for `sw.js`, `index.html` and the
 * manifest (so a new version is picked up).
 */
import { createReadStream, promises as fs } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, normalize, resolve, sep } from 'node:path'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
}

/**
 * The default policy: only this origin (its WebSocket included), WebAssembly allowed for the barcode
 * scanner, images from data:/blob: (QR codes, camera frames), no inline scripts, no framing.
 */
export const DEFAULT_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

const NO_CACHE = new Set(['sw.js', 'index.html', 'manifest.webmanifest', 'registerSW.js'])

function acceptsHtml(req: IncomingMessage): boolean {
  return /text\/html|application\/xhtml\+xml/.test(req.headers.accept ?? '')
}

/** Returns a request handler for `dir`; it answers GET/HEAD and returns false for anything else. */
export function createStaticHandler(dir: string, csp: string = DEFAULT_CSP) {
  const root = resolve(dir)
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false
    const url = new URL(req.url ?? '/', 'http://x')
    let rel: string
    try {
      rel = decodeURIComponent(url.pathname)
    } catch {
      return false
    }
    let file = normalize(join(root, rel))
    if (file !== root && !file.startsWith(root + sep)) return false
    let stat = await fs.stat(file).catch(() => null)
    if (stat?.isDirectory()) {
      file = join(file, 'index.html')
      stat = await fs.stat(file).catch(() => null)
    }
    if (!stat?.isFile()) {
      // SPA fallback: a page request for a path without an extension is a client-side route; an API path
      // or a request that does not ask for HTML gets a plain 404 instead of the app
      if (extname(rel) !== '' || rel.startsWith('/api/') || !acceptsHtml(req)) return false
      file = join(root, 'index.html')
      stat = await fs.stat(file).catch(() => null)
      if (!stat?.isFile()) return false
    }
    const name = file.slice(file.lastIndexOf(sep) + 1)
    const hashed = file.startsWith(join(root, 'assets') + sep)
    res.writeHead(200, {
      'content-type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': stat.size,
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': NO_CACHE.has(name)
        ? 'no-cache'
        : hashed
          ? 'public, max-age=31536000, immutable'
          : 'public, max-age=3600',
      ...(name === 'sw.js' ? { 'service-worker-allowed': '/' } : {}),
    })
    if (req.method === 'HEAD') {
      res.end()
      return true
    }
    createReadStream(file).pipe(res)
    return true
  }
}
