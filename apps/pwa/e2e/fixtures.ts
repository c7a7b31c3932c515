import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { type BrowserContext, test as base, expect, type Page } from '@playwright/test'
import { Secret, TOTP } from 'otpauth'
import { shoot } from './shoot.ts'

/** A running sync server (real `@dak/sync-server`) serving the built app on the same origin. */
export interface SyncServer {
  readonly url: string
  readonly secrets: Readonly<Record<string, string>>
  /** The one-time enrolment code of each demo device (its set-up asks for it). */
  readonly enrolmentCodes: Readonly<Record<string, string>>
  readonly process: ChildProcess
}

/** Starts `e2e/start-sync.ts` on a random loopback port and waits for its ready line. */
export async function startSyncServer(extra: string[] = []): Promise<SyncServer> {
  const cwd = fileURLToPath(new URL('..', import.meta.url))
  const child = spawn(
    process.execPath,
    ['--conditions=@dak/source', '--import', 'tsx', 'e2e/start-sync.ts', ...extra],
    {
      cwd,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const ready = await new Promise<{
    port: number
    secrets: Record<string, string>
    enrolmentCodes: Record<string, string>
  }>((resolve, reject) => {
    let buf = ''
    const timer = setTimeout(() => reject(new Error('sync server did not start within 30 s')), 30_000)
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString()
      const line = buf.split('\n')[0]
      if (buf.includes('\n') && line) {
        clearTimeout(timer)
        resolve(JSON.parse(line))
      }
    })
    child.on('exit', (code) => reject(new Error(`sync server exited with ${code}`)))
  })
  return {
    url: `http://127.0.0.1:${ready.port}`,
    secrets: ready.secrets,
    enrolmentCodes: ready.enrolmentCodes,
    process: child,
  }
}

/** The current TOTP code of a demo secret, at a moment that avoids a step boundary race. */
export function totpNow(secret: string, at = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
    timestamp: at,
  })
}

/**
 * Sets a fresh device up for an office (enrolling its key with the demo one-time code) and logs a staff member
 * in (first login: secret + code).
 */
export async function setUpAndLogin(
  page: Page,
  server: SyncServer,
  office: string,
  device: string,
  staff: string,
  screenshots = false,
) {
  await page.goto(`${server.url}/`)
  await page.getByTestId('setup-load').click()
  await page.getByTestId('setup-office').selectOption(office)
  await page.getByTestId('setup-device').selectOption(device)
  await page.getByTestId('setup-code').fill(server.enrolmentCodes[device] ?? '')
  if (screenshots) await shoot(page, '01-setup')
  await page.getByTestId('setup-save').click()
  await page.getByTestId('login-staff').selectOption(staff)
  await page.getByTestId('login-secret').fill(server.secrets[staff] ?? '')
  if (screenshots) await shoot(page, '02-login')
  await page.getByTestId('login-code').fill(totpNow(server.secrets[staff] ?? ''))
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('day-status')).toBeVisible()
  if (screenshots) await shoot(page, '03-home')
}

/**
 * Waits until the app's service worker is active (its precache installed), so a reload with no network is served
 * from the precache. A dist rebuilt under a running test makes the install fail; this then times out here.
 */
export async function expectOfflineReady(page: Page) {
  await page.waitForFunction(
    async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated',
    undefined,
    { timeout: 60_000 },
  )
}

/** Waits until everything this page wrote is durable on the server. */
export async function expectSaved(page: Page) {
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'saved', { timeout: 20_000 })
}

// A fresh server (memory storage) per test: each test starts from an empty network with only the reference data.
export const test = base.extend<{
  server: SyncServer
  newDevice: () => Promise<{ page: Page; context: BrowserContext }>
}>({
  // The server requires device signatures, as the product does. A test tagged `@no-signatures` (one shared phone
  // simulated by two browser profiles, i.e. two keys for one device id) runs it with `--no-signatures`.
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring
  server: async ({}, use, testInfo) => {
    const server = await startSyncServer(testInfo.tags.includes('@no-signatures') ? ['--no-signatures'] : [])
    await use(server)
    server.process.kill('SIGTERM')
  },
  newDevice: async ({ browser }, use) => {
    const contexts: BrowserContext[] = []
    await use(async () => {
      const context = await browser.newContext({
        serviceWorkers: 'allow',
        viewport: { width: 360, height: 780 },
      })
      contexts.push(context)
      return { page: await context.newPage(), context }
    })
    for (const c of contexts) await c.close()
  },
})

export { expect }

/** Begins the day on a postmaster's or supervisor's device (the page must be logged in). */
export async function beginDay(page: Page, server: SyncServer, notes500 = '10') {
  await page.goto(`${server.url}/#/day-begin`)
  await page.getByTestId('denom-500').fill(notes500)
  await page.getByTestId('day-begin-submit').click()
  await expect(page.getByTestId('day-begun')).toBeVisible()
}

/** Asks for a duty on `worker`, approves it on `supervisor`, begins the shift on `worker`. */
export async function startShift(worker: Page, supervisor: Page, server: SyncServer, kind = 'counter') {
  await worker.goto(`${server.url}/#/duty`)
  await worker.getByTestId('duty-kind').selectOption(kind)
  await worker.getByTestId('duty-request').click()
  await supervisor.goto(`${server.url}/#/duty`)
  await supervisor.getByTestId('duty-approve').click()
  await worker.getByTestId('duty-begin').click()
  await expect(worker.getByTestId('duty-mine')).toContainText(/on shift/)
}
