import type { Page } from '@playwright/test'
import { beginDay, expect, expectSaved, type SyncServer, setUpAndLogin, test, totpNow } from './fixtures.ts'

/** First login of a staff member on a set-up device, with a code of the next TOTP step (within the ±1 window). */
async function loginNextStep(page: Page, server: SyncServer, office: string, device: string, staff: string) {
  await page.goto(`${server.url}/`)
  await page.getByTestId('setup-load').click()
  await page.getByTestId('setup-office').selectOption(office)
  await page.getByTestId('setup-device').selectOption(device)
  await page.getByTestId('setup-code').fill(server.enrolmentCodes[device] ?? '')
  await page.getByTestId('setup-save').click()
  await page.getByTestId('login-staff').selectOption(staff)
  await page.getByTestId('login-secret').fill(server.secrets[staff] ?? '')
  // the server refuses a code of a step already used by this staff member (on the first device)
  await page.getByTestId('login-code').fill(totpNow(server.secrets[staff] ?? '', Date.now() + 30_000))
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('day-status')).toBeVisible()
}

test('a login enrolled on the admin screen of a second device syncs with a token proved by that device key', async ({
  server,
  newDevice,
}) => {
  const first = await newDevice()
  await setUpAndLogin(first.page, server, 'nandyal-ho', 'dev-ho-pm', 'ho-pm')
  await expect(first.page.getByTestId('day-status')).toHaveText(/not begun/)

  // the postmaster sets up a second device (its enrolment syncs over a TOTP-checked token) and, on its admin
  // screen, enrols the treasurer's login with a new secret that only this device holds
  const second = await newDevice()
  await loginNextStep(second.page, server, 'nandyal-ho', 'dev-ho-treasury', 'ho-pm')
  await expectSaved(second.page)
  await second.page.goto(`${server.url}/#/admin`)
  await second.page.getByTestId('admin-totp-staff').selectOption('ho-trr')
  await second.page.getByTestId('admin-totp-generate').click()
  const secret = ((await second.page.getByTestId('admin-totp-secret').textContent()) ?? '').trim()
  expect(secret).not.toBe(server.secrets['ho-trr'])
  await second.page.getByTestId('admin-totp-code').fill(totpNow(secret))
  await second.page.getByTestId('admin-totp-confirm').click()
  await expect(second.page.locator('[data-testid="admin-totp-row"][data-staff="ho-trr"]')).toContainText(
    'dev-ho-treasury',
  )
  await expectSaved(second.page)

  // the treasurer logs in there: the server cannot check this code (it knows only the demo secret), so the app
  // asks for a token signed with the device key, and gets one for the treasurer's role
  await second.page.getByTestId('logout').click()
  await second.page.getByTestId('login-staff').selectOption('ho-trr')
  await expect(second.page.getByTestId('login-secret')).toHaveCount(0)
  const totpAnswer = second.page.waitForResponse((r) => r.url().endsWith('/api/token'))
  const deviceAnswer = second.page.waitForResponse((r) => r.url().endsWith('/api/device-token'))
  await second.page.getByTestId('login-code').fill(totpNow(secret, Date.now() + 30_000))
  await second.page.getByTestId('login-submit').click()
  expect((await totpAnswer).status()).toBe(401)
  const answer = await deviceAnswer
  expect(answer.status()).toBe(200)
  expect(await answer.json()).toMatchObject({
    staff: 'ho-trr',
    office: 'nandyal-ho',
    device: 'dev-ho-treasury',
    role: 'treasurer',
    scope: 'rw',
  })
  await expect(second.page.getByTestId('day-status')).toBeVisible()

  // what the treasurer journals reaches the server and the first device
  await beginDay(second.page, server, '12')
  await expectSaved(second.page)
  await first.page.goto(`${server.url}/#/`)
  await expect(first.page.getByTestId('day-status')).toHaveText(/Day begun. Opening cash ₹6,000/, {
    timeout: 20_000,
  })
})

test('a device set up while the server could vouch for no one gets its first token with its own evidence', async ({
  server,
  newDevice,
}) => {
  const first = await newDevice()
  await setUpAndLogin(first.page, server, 'nandyal-ho', 'dev-ho-pm', 'ho-pm')

  // as in a deployment where the server holds no TOTP secret: the postmaster's own secret, unknown to the server,
  // so the TOTP route refuses the code and the device, not enrolled on the server yet, gets no token either
  const second = await newDevice()
  const own = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
  await second.page.goto(`${server.url}/`)
  await second.page.getByTestId('setup-load').click()
  await second.page.getByTestId('setup-office').selectOption('nandyal-ho')
  await second.page.getByTestId('setup-device').selectOption('dev-ho-treasury')
  await second.page.getByTestId('setup-code').fill(server.enrolmentCodes['dev-ho-treasury'] ?? '')
  await second.page.getByTestId('setup-save').click()
  await second.page.getByTestId('login-staff').selectOption('ho-pm')
  await second.page.getByTestId('login-secret').fill(own)
  const refused = second.page.waitForResponse((r) => r.url().endsWith('/api/device-token'))
  await second.page.getByTestId('login-code').fill(totpNow(own))
  await second.page.getByTestId('login-submit').click()
  expect(await (await refused).json()).toMatchObject({ code: 'unknown-device' })
  await expect(second.page.getByTestId('day-status')).toBeVisible()

  // offline-only, the postmaster enrols the treasurer's login on this device (journaled here, not sent)
  await second.page.goto(`${server.url}/#/admin`)
  await second.page.getByTestId('admin-totp-staff').selectOption('ho-trr')
  await second.page.getByTestId('admin-totp-generate').click()
  const secret = ((await second.page.getByTestId('admin-totp-secret').textContent()) ?? '').trim()
  await second.page.getByTestId('admin-totp-code').fill(totpNow(secret))
  await second.page.getByTestId('admin-totp-confirm').click()
  await expect(second.page.locator('[data-testid="admin-totp-row"][data-staff="ho-trr"]')).toContainText(
    'dev-ho-treasury',
  )

  // the treasurer's login sends the device's enrolment and that login enrolment as evidence: a token at last,
  // and everything this device journaled syncs with it
  await second.page.getByTestId('logout').click()
  await second.page.getByTestId('login-staff').selectOption('ho-trr')
  const granted = second.page.waitForResponse((r) => r.url().endsWith('/api/device-token'))
  await second.page.getByTestId('login-code').fill(totpNow(secret, Date.now() + 30_000))
  await second.page.getByTestId('login-submit').click()
  const answer = await granted
  expect(answer.status()).toBe(200)
  expect(
    answer
      .request()
      .postDataJSON()
      .events.map((e: { type: string }) => e.type),
  ).toEqual(['device.enrolled', 'staff.totp-enrolled'])
  await expect(second.page.getByTestId('day-status')).toBeVisible()
  await beginDay(second.page, server, '4')
  await expectSaved(second.page)
  await first.page.goto(`${server.url}/#/`)
  await expect(first.page.getByTestId('day-status')).toHaveText(/Day begun. Opening cash ₹2,000/, {
    timeout: 20_000,
  })
})
