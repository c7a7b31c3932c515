import type { Page } from '@playwright/test'
import {
  beginDay,
  expect,
  expectOfflineReady,
  expectSaved,
  type SyncServer,
  setUpAndLogin,
  startSyncServer,
  test,
  totpNow,
} from './fixtures.ts'

/** Device tokens live this long here (the product's default is an hour): several expire within the test. */
const TTL_SECONDS = 6

interface Grant {
  readonly at: number
  readonly exp: number
}

/** Records every device token the page is granted (`POST /api/device-token` answered 200). */
function watchGrants(page: Page): Grant[] {
  const grants: Grant[] = []
  page.on('response', async (r) => {
    if (!r.url().endsWith('/api/device-token') || r.status() !== 200) return
    const body = (await r.json()) as { exp: number }
    grants.push({ at: Date.now(), exp: body.exp })
  })
  return grants
}

/** On a device whose postmaster is logged in, enrols the treasurer's login with a secret only it holds. */
async function enrolTreasurerHere(page: Page, server: SyncServer): Promise<string> {
  await page.goto(`${server.url}/#/admin`)
  await page.getByTestId('admin-totp-staff').selectOption('ho-trr')
  await page.getByTestId('admin-totp-generate').click()
  const secret = ((await page.getByTestId('admin-totp-secret').textContent()) ?? '').trim()
  await page.getByTestId('admin-totp-code').fill(totpNow(secret))
  await page.getByTestId('admin-totp-confirm').click()
  await expect(page.locator('[data-testid="admin-totp-row"][data-staff="ho-trr"]')).toContainText(
    'dev-ho-treasury',
  )
  await expectSaved(page)
  return secret
}

test('a device keeps syncing across the expiry of short-lived tokens, renewed ahead and after a 4401 while offline', async ({
  newDevice,
}) => {
  test.setTimeout(120_000)
  const server = await startSyncServer(['--device-token-ttl', String(TTL_SECONDS)])
  try {
    // the postmaster sets the treasury device up (a TOTP-checked token, 12 h) and enrols the treasurer's login on
    // it: the server cannot check that login's codes, so the treasurer's tokens come from the device-token route,
    // short-lived here
    const { page, context } = await newDevice()
    await setUpAndLogin(page, server, 'nandyal-ho', 'dev-ho-treasury', 'ho-pm')
    await expectSaved(page)
    const secret = await enrolTreasurerHere(page, server)
    await page.getByTestId('logout').click()
    const grants = watchGrants(page)
    await page.getByTestId('login-staff').selectOption('ho-trr')
    await page.getByTestId('login-code').fill(totpNow(secret, Date.now() + 30_000))
    await page.getByTestId('login-submit').click()
    await expect(page.getByTestId('day-status')).toBeVisible()
    await expect.poll(() => grants.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1)
    const first = grants[0] as Grant
    expect(first.exp - first.at).toBeLessThanOrEqual(TTL_SECONDS * 1000)

    // renewed ahead of each expiry with no one typing anything: two renewals, and the first token is long dead
    await expect.poll(() => grants.length, { timeout: 4 * TTL_SECONDS * 1000 }).toBeGreaterThanOrEqual(3)
    await expect.poll(() => Date.now() > first.exp + 1000, { timeout: TTL_SECONDS * 1000 }).toBe(true)
    await expect(page.getByTestId('sync-status')).not.toHaveAttribute('data-state', 'refused')
    await expectSaved(page)

    await expectOfflineReady(page)
    // offline for longer than a token lives: the Day Begin is kept on the device; back online, the reconnect with
    // the expired token is closed with 4401, a fresh token is asked for and the queued entries reach the server
    await context.setOffline(true)
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline')
    const beforeOffline = grants.length
    const lastExp = (grants[grants.length - 1] as Grant).exp
    await beginDay(page, server, '6')
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline')
    await expect
      .poll(() => Date.now() > lastExp + 1500, { timeout: 2 * TTL_SECONDS * 1000 + 5000 })
      .toBe(true)
    expect(grants.length).toBe(beforeOffline)
    await context.setOffline(false)
    await expect.poll(() => grants.length, { timeout: 15_000 }).toBeGreaterThan(beforeOffline)
    await expectSaved(page)
    await expect(page.getByTestId('sync-status')).not.toHaveAttribute('data-state', 'refused')

    // what the treasurer journaled reached the server: another device of the office sees the day begun (the
    // postmaster logs in there with a code of the next step: the server refuses a step it already took)
    const other = await newDevice()
    await other.page.goto(`${server.url}/`)
    await other.page.getByTestId('setup-load').click()
    await other.page.getByTestId('setup-office').selectOption('nandyal-ho')
    await other.page.getByTestId('setup-device').selectOption('dev-ho-pm')
    await other.page.getByTestId('setup-code').fill(server.enrolmentCodes['dev-ho-pm'] ?? '')
    await other.page.getByTestId('setup-save').click()
    await other.page.getByTestId('login-staff').selectOption('ho-pm')
    await other.page.getByTestId('login-secret').fill(server.secrets['ho-pm'] ?? '')
    await other.page
      .getByTestId('login-code')
      .fill(totpNow(server.secrets['ho-pm'] ?? '', Date.now() + 30_000))
    await other.page.getByTestId('login-submit').click()
    await expect(other.page.getByTestId('day-status')).toHaveText(/Day begun. Opening cash ₹3,000/, {
      timeout: 20_000,
    })
  } finally {
    server.process.kill('SIGTERM')
  }
})
