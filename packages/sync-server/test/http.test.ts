import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_CSP, loadOrCreateSecret, verifyToken } from '../src/index.ts'
import {
  append,
  type Client,
  connect,
  repoRoot,
  startTestServer,
  type TestServer,
  tempDir,
  waitFor,
} from './helpers.ts'

let server: TestServer
const clients: Client[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.close()
})

const base = () => `http://127.0.0.1:${server.port}`

describe('HTTP side', () => {
  it('serves /healthz and Prometheus /metrics', async () => {
    server = await startTestServer()
    const c = connect(server.url, 'office/SO123/inbox', server.token())
    clients.push(c)
    await waitFor(() => c.provider.synced)
    append(c)
    await waitFor(() => c.durable())
    expect(await (await fetch(`${base()}/healthz`)).json()).toMatchObject({
      ok: true,
      rooms: 1,
      connections: 1,
    })
    const metrics = await (await fetch(`${base()}/metrics`)).text()
    expect(metrics).toMatch(/^dak_sync_connections 1$/m)
    expect(metrics).toMatch(/^dak_sync_updates_in_total [1-9]/m)
    expect(metrics).toMatch(/^dak_sync_persist_seconds_count [1-9]/m)
    for (const path of ['/healthz', '/metrics']) {
      const post = await fetch(`${base()}${path}`, { method: 'POST' })
      expect(post.status).toBe(405)
      expect(post.headers.get('allow')).toBe('GET, HEAD')
    }
  })

  it('serves a built PWA with MIME types, SPA fallback, CSP and no caching of sw.js', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'assets'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Dak</title>')
    writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {})')
    writeFileSync(join(dir, 'assets', 'app-123.js'), 'export {}')
    writeFileSync(join(dir, 'manifest.webmanifest'), '{}')
    server = await startTestServer({ staticDir: dir })
    const index = await fetch(`${base()}/`)
    expect(index.headers.get('content-type')).toMatch(/text\/html/)
    expect(index.headers.get('content-security-policy')).toBe(DEFAULT_CSP)
    const route = await fetch(`${base()}/office/today`, { headers: { accept: 'text/html,*/*;q=0.8' } })
    expect(route.status).toBe(200)
    expect(await route.text()).toMatch(/<title>Dak/)
    // not the app: an API path, or a request that does not ask for a page
    expect((await fetch(`${base()}/api/nothing`, { headers: { accept: 'text/html' } })).status).toBe(404)
    expect((await fetch(`${base()}/office/today`, { headers: { accept: 'application/json' } })).status).toBe(
      404,
    )
    const sw = await fetch(`${base()}/sw.js`)
    expect(sw.headers.get('cache-control')).toBe('no-cache')
    expect(sw.headers.get('content-type')).toMatch(/javascript/)
    expect((await fetch(`${base()}/assets/app-123.js`)).headers.get('cache-control')).toMatch(/immutable/)
    expect((await fetch(`${base()}/manifest.webmanifest`)).headers.get('content-type')).toMatch(
      /manifest\+json/,
    )
    expect((await fetch(`${base()}/missing.png`)).status).toBe(404)
    expect((await fetch(`${base()}/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404)
  })

  it('lets the lead plug in extra routes that can issue tokens', async () => {
    server = await startTestServer({
      http: (req, res, ctx) => {
        if (req.url !== '/api/token') return false
        res.end(
          ctx.issueToken({
            staff: 'S1',
            office: 'SO123',
            device: 'D1',
            role: 'clerk',
            rooms: ['office/SO123/*'],
          }),
        )
        return true
      },
    })
    const token = await (await fetch(`${base()}/api/token`)).text()
    expect(verifyToken(server.secret, token, Date.now()).ok).toBe(true)
  })

  it('dak-sync token prints a token signed with the data directory secret', () => {
    const dir = tempDir()
    const out = execFileSync(
      process.execPath,
      [
        '--conditions=@dak/source',
        '--import',
        'tsx',
        'packages/sync-server/src/cli.ts',
        'token',
        '--data',
        dir,
        '--office',
        'SO123',
        '--staff',
        'S1',
        '--device',
        'D1',
        '--role',
        'clerk',
        '--rooms',
        'office/SO123/*',
        '--read-only',
        '--ttl',
        '60',
      ],
      { cwd: repoRoot, encoding: 'utf8' },
    ).trim()
    const verified = verifyToken(loadOrCreateSecret(dir), out, Date.now())
    expect(verified.ok && verified.value).toMatchObject({
      office: 'SO123',
      scope: 'ro',
      rooms: ['office/SO123/*'],
    })
  })
})
