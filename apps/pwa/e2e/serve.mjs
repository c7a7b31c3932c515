// A tiny static server for the built app (dist/), reading each file per request so a rebuilt dist is served
// at once (vite preview caches its file list and 404s new hashed assets, which breaks the SW update test).
// Optionally forwards WebSocket upgrades under /sync to a sync server, so the app always talks to its own
// origin and the CSP can stay `connect-src 'self'`.
// CLI: node e2e/serve.mjs [port]   (env: DIST, SYNC_TARGET=host:port). Types: serve.d.mts. Also used by
// bench/pwa-load-serve.ts, so the bench measures the server the browser tests use.
import { readFile, stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import { connect } from 'node:net'
import { extname, join, normalize, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
}

/**
 * Starts the server; resolves with `{ port, server, close }` (`server` is the `http.Server`, for a caller that
 * watches its sockets, like the load bench counting bytes). `syncTarget` (`{ host, port }` or a getter returning
 * one) receives raw-piped WebSocket upgrades for paths starting with /sync.
 */
export function serveDist({ port = 0, root, syncTarget } = {}) {
  const dir = resolve(root ?? fileURLToPath(new URL('../dist/', import.meta.url)))
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://x')
      let path = normalize(decodeURIComponent(url.pathname))
      if (path.endsWith('/')) path += 'index.html'
      let file = join(dir, path)
      if (!file.startsWith(dir)) {
        res.writeHead(403).end('forbidden')
        return
      }
      let info = await stat(file).catch(() => null)
      if (!info?.isFile()) {
        // SPA fallback: unknown paths without an extension get the shell.
        if (extname(path)) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
          return
        }
        file = join(dir, 'index.html')
        info = await stat(file)
      }
      const body = await readFile(file)
      const cache = file.includes(`${join(dir, 'assets')}`)
        ? 'public, max-age=31536000, immutable'
        : 'no-cache'
      res.writeHead(200, {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'content-length': body.length,
        'cache-control': cache,
      })
      res.end(req.method === 'HEAD' ? undefined : body)
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e))
    }
  })
  server.on('upgrade', (req, socket, head) => {
    const target = typeof syncTarget === 'function' ? syncTarget() : syncTarget
    if (!target || !req.url?.startsWith('/sync')) {
      socket.destroy()
      return
    }
    const upstream = connect(target.port, target.host ?? '127.0.0.1', () => {
      let raw = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        raw += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`
      upstream.write(`${raw}\r\n`)
      if (head.length) upstream.write(head)
      socket.pipe(upstream).pipe(socket)
    })
    upstream.on('error', () => socket.destroy())
    socket.on('error', () => upstream.destroy())
  })
  return new Promise((ok) => {
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address()
      ok({
        port: typeof addr === 'object' && addr ? addr.port : port,
        server,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.()
            server.close(() => done())
          }),
      })
    })
  })
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 4175)
  const t = process.env.SYNC_TARGET?.split(':')
  const syncTarget = t ? { host: t[0], port: Number(t[1]) } : undefined
  serveDist({ port, root: process.env.DIST, syncTarget }).then(({ port: p }) => {
    console.log(`serving dist on http://127.0.0.1:${p}`)
  })
}
