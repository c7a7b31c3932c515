import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'

// Measures the BUILT app: the test command builds before it runs the tests.
const dist = new URL('../dist/', import.meta.url)
const BUDGET_GZIP = 150 * 1024

/** The entry chunk from index.html plus everything it imports statically (recursively). */
function initialChunks(): Map<string, string> {
  const html = readFileSync(new URL('index.html', dist), 'utf8')
  const entries = [...html.matchAll(/<script[^>]+type="module"[^>]+src="\/([^"]+)"/g)].map((m) => m[1] ?? '')
  const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+)"/g)].map(
    (m) => m[1] ?? '',
  )
  const seen = new Map<string, string>()
  const queue = [...entries, ...preloads]
  while (queue.length > 0) {
    const path = queue.pop() ?? ''
    if (seen.has(path)) continue
    const code = readFileSync(new URL(path, dist), 'utf8')
    seen.set(path, code)
    const dir = path.slice(0, path.lastIndexOf('/') + 1)
    // static `import … from "./x.js"` and bare `import "./x.js"`; `import("./x.js")` (dynamic) is excluded
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([^"']+\.js)["']/g))
      queue.push(dir + (m[1] ?? ''))
  }
  return seen
}

describe('size budget of the built app', () => {
  it('dist/ exists (run `pnpm --filter @dak/pwa build` first)', () => {
    expect(existsSync(new URL('index.html', dist)), 'apps/pwa/dist is missing: run the build first').toBe(
      true,
    )
  })

  it.runIf(existsSync(new URL('index.html', dist)))('initial JS is under 150 kB gzip', () => {
    const chunks = initialChunks()
    expect(chunks.size).toBeGreaterThan(0)
    const gz = [...chunks.values()].reduce((n, code) => n + gzipSync(code).length, 0)
    expect(
      gz,
      `initial JS is ${(gz / 1024).toFixed(1)} kB gzip over ${[...chunks.keys()].join(', ')}`,
    ).toBeLessThan(BUDGET_GZIP)
  })

  it.runIf(existsSync(new URL('index.html', dist)))(
    'scanner and label code are not in the initial JS',
    () => {
      const all = [...initialChunks().values()].join('\n')
      // markers of zxing-wasm / barcode-detector, bwip-js and qrcode
      expect(all).not.toMatch(/zxing_reader|ZXing/)
      expect(all).not.toMatch(/bwipp|BWIPJS|bwip-js/)
      expect(all).not.toMatch(/QR Code|qrcode|toCanvas\(/i)
    },
  )

  it.runIf(existsSync(new URL('index.html', dist)))(
    'the Hindi catalogue is a chunk of its own, not in the initial JS, and precached for offline use',
    () => {
      const all = [...initialChunks().values()].join('\n')
      // two Hindi messages (app.tagline, nav.home): English ships in the initial chunk, Hindi on demand
      expect(all).not.toContain('डाकघर का दिन')
      expect(all).not.toContain('मुखपृष्ठ')
      const chunk = readdirSync(new URL('assets/', dist)).find(
        (f) =>
          f.endsWith('.js') && readFileSync(new URL(`assets/${f}`, dist), 'utf8').includes('डाकघर का दिन'),
      )
      expect(chunk, 'no built chunk holds the Hindi catalogue').toBeDefined()
      expect(readFileSync(new URL('sw.js', dist), 'utf8')).toContain(`assets/${chunk}`)
    },
  )
})
