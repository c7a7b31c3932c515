/**
 * @dak/pwa: time to interactive on a cold OFFLINE load served from the service worker's precache, against the
 * cold ONLINE first visit (fresh profile, no service worker yet) in the same run. Debian's Chromium, headless,
 * a fresh profile per run, the BUILT app (`apps/pwa/dist`) served by a small static server in this process.
 *
 * "Interactive" means: the app's main heading (`h1`) and the first button of the current screen (`main button`,
 * on a fresh device the Setup screen's "load reference" button) are both laid out (non-zero size) and the button
 * is enabled. An init script notes `performance.now()` (ms since the navigation started) from a
 * MutationObserver at the first DOM change where that holds, so the figure is the page's own clock, not this
 * process's polling. The navigation entry's `domInteractive` and `loadEventEnd` are reported beside it.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { launchOptions } from '../apps/pwa/playwright.config.ts'
import { type Benchmark, compare, type Sample, stats } from './harness.ts'
import { type DistServer, serveDist, snapshotDist } from './pwa-load-serve.ts'

const RUNS = 9
const WARMUP = 1
const STEP_TIMEOUT_MS = 30_000
const DIST = fileURLToPath(new URL('../apps/pwa/dist/', import.meta.url))

// The browser tests' launch options (Debian's chromium on this closed network), with service workers on.
const LAUNCH = { ...launchOptions, serviceWorkers: 'allow' as const }

/**
 * Runs in every document before its own scripts: records when the first screen became interactive. A string,
 * not a function, so the TypeScript loader's helpers never leak into the page.
 */
const PROBE = `(() => {
  if ('__dakTti' in window) return
  window.__dakTti = null
  const ready = () => {
    const h = document.querySelector('h1')
    const b = document.querySelector('main button')
    if (!h || !b || b.disabled) return false
    const hr = h.getBoundingClientRect()
    const br = b.getBoundingClientRect()
    return hr.width > 0 && hr.height > 0 && br.width > 0 && br.height > 0
  }
  const mo = new MutationObserver(() => {
    if (window.__dakTti === null && ready()) {
      window.__dakTti = performance.now()
      mo.disconnect()
    }
  })
  mo.observe(document, { childList: true, subtree: true, attributes: true })
})()`

/** What one navigation measured, all in ms since the navigation started, and bytes by resource timing. */
interface Load {
  tti: number
  domInteractive: number
  loadEventEnd: number
  /** Sum of `transferSize` of the document and every resource that finished before interactive. */
  bytesToInteractive: number
}

/** The probe's mark on `window`. */
type Probed = Window & { __dakTti?: number | null }

/**
 * Navigates and waits for the interactive condition and the load event (bounded), then reads the clocks. The
 * page checks are functions, not strings: the app's CSP has no 'unsafe-eval', so string predicates would fail.
 */
async function measureLoad(page: Page, url: string): Promise<Load> {
  await page.goto(url, { waitUntil: 'load', timeout: STEP_TIMEOUT_MS })
  await page.waitForFunction(() => typeof (window as Probed).__dakTti === 'number', null, {
    timeout: STEP_TIMEOUT_MS,
  })
  await page.waitForFunction(
    () =>
      ((performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)
        ?.loadEventEnd ?? 0) > 0,
    null,
    { timeout: STEP_TIMEOUT_MS },
  )
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
    const tti = (window as Probed).__dakTti ?? Number.NaN
    let bytes = nav.transferSize
    for (const r of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
      if (r.responseEnd <= tti) bytes += r.transferSize
    }
    return {
      tti,
      domInteractive: nav.domInteractive,
      loadEventEnd: nav.loadEventEnd,
      bytesToInteractive: bytes,
    }
  })
}

/** Waits for `p`, or fails after STEP_TIMEOUT_MS saying what did not happen. */
async function bounded<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(
      () => fail(new Error(`pwa-load: waited ${STEP_TIMEOUT_MS} ms for ${what}`)),
      STEP_TIMEOUT_MS,
    )
  })
  try {
    return await Promise.race([p, timeout])
  } finally {
    clearTimeout(timer)
  }
}

async function open(profile: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profile, LAUNCH)
  await context.addInitScript({ content: PROBE })
  const page = context.pages()[0] ?? (await context.newPage())
  return { context, page }
}

/** One run: a fresh profile's first online visit (the baseline), then the offline reopen (the subject). */
interface Run {
  online: Load
  offline: Load
  /** Bytes the server sent for the whole first visit, including the service worker and its precache. */
  firstVisitBytes: number
  /** Bytes the server sent during the offline load: must be 0, or the load did not come from the precache. */
  offlineServerBytes: number
}

async function oneRun(server: DistServer): Promise<Run> {
  const profile = mkdtempSync(join(tmpdir(), 'dak-pwa-load-'))
  let context: BrowserContext | undefined
  try {
    const first = await open(profile)
    context = first.context
    server.resetCount()
    const online = await measureLoad(first.page, `${server.origin}/`)
    // The app registers its worker itself ('prompt' updates, no clients.claim): wait for the precache to be
    // installed and the worker activated, then reload once so it controls the page.
    await bounded(
      first.page.evaluate(async () => {
        const reg = await navigator.serviceWorker.ready
        const sw = reg.active
        if (!sw || sw.state === 'activated') return
        await new Promise<void>((done) => {
          sw.addEventListener('statechange', () => {
            if (sw.state === 'activated') done()
          })
        })
      }),
      'the service worker to install its precache and activate',
    )
    const firstVisitBytes = server.bytesSent()
    await first.page.reload({ waitUntil: 'load', timeout: STEP_TIMEOUT_MS })
    await first.page.waitForFunction(() => !!navigator.serviceWorker.controller, null, {
      timeout: STEP_TIMEOUT_MS,
    })
    await context.close()
    context = undefined

    const again = await open(profile)
    context = again.context
    await context.setOffline(true)
    server.resetCount()
    const offline = await measureLoad(again.page, `${server.origin}/`)
    const controlled = await again.page.evaluate(() => !!navigator.serviceWorker.controller)
    if (!controlled) throw new Error('pwa-load: the offline load was not controlled by the service worker')
    const offlineServerBytes = server.bytesSent()
    return { online, offline, firstVisitBytes, offlineServerBytes }
  } finally {
    await context?.close().catch(() => undefined)
    rmSync(profile, { recursive: true, force: true })
  }
}

const bench: Benchmark = {
  name: 'pwa-load',
  title: 'PWA: cold offline load from the precache vs the first online visit',
  description:
    'Time to interactive of the built staff app in headless Debian Chromium, each run in a fresh profile: the ' +
    'first visit online (no service worker yet; the baseline), then the same profile reopened with the ' +
    'network off and loaded from the service-worker precache (the subject). Interactive = the `h1` and the ' +
    "first screen's first button laid out and enabled, timed by the page's own clock from navigation start " +
    '(a MutationObserver in an init script); `domInteractive` and `loadEventEnd` from the navigation entry. ' +
    'Served from a snapshot of `apps/pwa/dist` on the loopback (no network latency: the online figure is a ' +
    'best case for the network).',
  async run(): Promise<Sample[]> {
    const snap = await snapshotDist(DIST)
    const server = await serveDist(snap.dir)
    const runs: Run[] = []
    try {
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const r = await oneRun(server)
        if (r.offlineServerBytes !== 0) {
          throw new Error(
            `pwa-load: the offline load fetched ${r.offlineServerBytes} bytes from the server; it must come ` +
              'from the service-worker precache (check the workbox globPatterns and navigateFallback)',
          )
        }
        if (i >= WARMUP) runs.push(r)
        process.stderr.write(
          `  [pwa-load] run ${i + 1 - WARMUP}/${RUNS}${i < WARMUP ? ' (warm-up)' : ''}: online tti ` +
            `${r.online.tti.toFixed(0)} ms, offline tti ${r.offline.tti.toFixed(0)} ms\n`,
        )
      }
    } finally {
      await server.close()
      snap.remove()
    }
    const online = (k: keyof Load) => ({
      ...stats(runs.map((r) => r.online[k])),
      label: 'cold online first visit',
    })
    const offline = (k: keyof Load) => stats(runs.map((r) => r.offline[k]))
    const bytes = stats(runs.map((r) => r.online.bytesToInteractive))
    const whole = stats(runs.map((r) => r.firstVisitBytes))
    return [
      compare(
        'cold offline load (precache): time to interactive',
        'ms',
        false,
        offline('tti'),
        online('tti'),
        undefined,
        'h1 and the first button of the first screen laid out and enabled, ms since navigation start; the ' +
          'server sent 0 bytes during every offline load. The online baseline is served over the loopback (no ' +
          'latency, no bandwidth limit), its best case: on a phone network every online figure grows with the ' +
          'round trips and the bytes below, while the offline load touches no network at all',
      ),
      compare(
        'cold offline load (precache): domInteractive',
        'ms',
        false,
        offline('domInteractive'),
        online('domInteractive'),
      ),
      compare(
        'cold offline load (precache): load event end',
        'ms',
        false,
        offline('loadEventEnd'),
        online('loadEventEnd'),
      ),
      compare(
        'first online visit: bytes transferred to interactive',
        'bytes',
        false,
        bytes,
        { ...whole, label: 'whole first visit incl. service worker + precache' },
        undefined,
        `resource-timing transferSize of the document and every resource finished before interactive; the ` +
          `baseline is what the server sent until the worker activated (median ${Math.round(whole.median)} ` +
          'bytes), i.e. the one-time cost of becoming usable offline; the offline load then costs 0 bytes',
      ),
    ]
  },
}

export default bench
