import type { Page } from '@playwright/test'
import { expectAxeClean } from './axe.ts'
import {
  beginDay,
  expect,
  expectSaved,
  type SyncServer,
  setUpAndLogin,
  startSyncServer,
  test,
  totpNow,
} from './fixtures.ts'
import { shoot } from './shoot.ts'

/** Sets a fresh device up with the admin's ticket (not the demo sheet's code) and logs a staff member in. */
async function setUpWithTicket(page: Page, server: SyncServer, ticket: string, qr: Buffer | null) {
  await page.goto(`${server.url}/`)
  await page.getByTestId('setup-load').click()
  await page.getByTestId('setup-office').selectOption('nandyal-ho')
  await page.getByTestId('setup-device').selectOption('dev-ho-treasury')
  if (qr) {
    // a photo of the QR on the postmaster's screen, read on this device (self-hosted zxing, no network)
    await page
      .getByTestId('setup-code-photo')
      .setInputFiles({ name: 'ticket.png', mimeType: 'image/png', buffer: qr })
    await expect(page.getByTestId('setup-code')).toHaveValue(ticket)
  } else {
    // typed as a person would read it off the screen: lower case
    await page.getByTestId('setup-code').fill(ticket.toLowerCase())
  }
  await page.getByTestId('setup-save').click()
  await page.getByTestId('login-staff').selectOption('ho-trr')
  await page.getByTestId('login-secret').fill(server.secrets['ho-trr'] ?? '')
  await page.getByTestId('login-code').fill(totpNow(server.secrets['ho-trr'] ?? ''))
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('day-status')).toBeVisible()
}

/**
 * The postmaster's device registers the HO treasury device with a one-time ticket; the new device enrols with
 * it (read from a photo of the QR in the first test, typed in the second) and logs in; the postmaster revokes
 * it after a confirmation. Returns both pages.
 */
async function registerEnrolRevoke(
  server: SyncServer,
  newDevice: () => Promise<{ page: Page }>,
  screenshots: boolean,
) {
  const admin = await newDevice()
  await setUpAndLogin(admin.page, server, 'nandyal-ho', 'dev-ho-pm', 'ho-pm')
  await admin.page.goto(`${server.url}/#/admin`)
  await admin.page.getByTestId('admin-register-device').selectOption('dev-ho-treasury')
  await admin.page.getByTestId('admin-register-issue').click()
  const ticket = ((await admin.page.getByTestId('admin-ticket').textContent()) ?? '').trim()
  expect(ticket).toMatch(/^E[A-Z2-9]{9}\.[A-Z2-9]{4}(-[A-Z2-9]{4}){4}$/)
  await expect(admin.page.getByTestId('admin-ticket-qr')).toBeVisible()
  const qr = screenshots ? await admin.page.getByTestId('admin-ticket-qr').screenshot() : null
  const openCodes = admin.page.getByTestId('admin-open-enrolments').locator('li')
  const openBefore = await openCodes.count()
  await expectSaved(admin.page)
  if (screenshots) {
    await expectAxeClean(admin.page)
    await shoot(admin.page, '40-admin-register-device')
  }

  // the new device takes the ticket, makes its key and journals its enrolment at its first login
  const b = await newDevice()
  await setUpWithTicket(b.page, server, ticket, qr)
  await expectSaved(b.page)
  const row = admin.page.locator('[data-testid="admin-device-row"][data-device="dev-ho-treasury"]')
  await expect(row.getByTestId('admin-device-state')).toHaveText(/Active/, { timeout: 20_000 })
  // its enrolment used the code: no longer listed as open
  await expect(openCodes).toHaveCount(openBefore - 1)

  // revoke, with a confirmation that says what it does
  await row.getByTestId('admin-revoke').click()
  await expect(row.getByTestId('admin-revoke-confirm-text')).toBeVisible()
  await expect(row.getByTestId('admin-revoke-confirm')).toBeDisabled()
  await row.getByTestId('admin-revoke-reason').fill('phone lost')
  if (screenshots) {
    await expectAxeClean(admin.page)
    await shoot(admin.page, '41-admin-revoke-confirm')
  }
  await row.getByTestId('admin-revoke-confirm').click()
  await expect(row.getByTestId('admin-device-state')).toHaveText(/Revoked: phone lost/)
  await expectSaved(admin.page)
  return { admin, b }
}

test('the postmaster registers a device with a one-time code; it enrols and logs in; once revoked the server refuses it', async ({
  server,
  newDevice,
}) => {
  const { b } = await registerEnrolRevoke(server, newDevice, true)
  // the revoked device can still work locally, but the server (which requires signatures) refuses what it sends
  await beginDay(b.page, server)
  await expect(b.page.getByTestId('sync-status')).toHaveAttribute('data-state', 'refused', {
    timeout: 20_000,
  })
})

test('peers flag what a revoked device sends, naming the device and the event (server not verifying)', async ({
  newDevice,
}) => {
  const server = await startSyncServer(['--no-signatures'])
  try {
    const { admin, b } = await registerEnrolRevoke(server, newDevice, false)
    await beginDay(b.page, server)
    await admin.page.goto(`${server.url}/#/conflicts`)
    const flag = admin.page.locator('[data-testid="peer-flag"][data-code="revoked-device"]')
    await expect(flag.first()).toContainText('dev-ho-treasury', { timeout: 20_000 })
    await expect(flag.first()).toContainText('day.begun')
    await expectAxeClean(admin.page)
    await shoot(admin.page, '42-peer-flag-revoked')
  } finally {
    server.process.kill('SIGTERM')
  }
})

test('TOTP enrolment shows the otpauth QR and is journaled only after a confirming code', async ({
  server,
  newDevice,
}) => {
  const { page } = await newDevice()
  await setUpAndLogin(page, server, 'nandyal-ho', 'dev-ho-pm', 'ho-pm')
  await page.goto(`${server.url}/#/admin`)
  await page.getByTestId('admin-totp-staff').selectOption('ho-spm')
  await page.getByTestId('admin-totp-generate').click()
  const secret = ((await page.getByTestId('admin-totp-secret').textContent()) ?? '').trim()
  expect(secret).toMatch(/^[A-Z2-7]{32}$/)
  await expect(page.getByTestId('admin-totp-uri')).toContainText(`otpauth://totp/`)
  await expect(page.getByTestId('admin-totp-uri')).toContainText(`secret=${secret}`)
  await expect(page.getByTestId('admin-totp-qr')).toBeVisible()
  await expectAxeClean(page)
  await shoot(page, '43-admin-totp-enrol')

  // a wrong first code is refused and nothing is journaled
  const right = totpNow(secret)
  await page.getByTestId('admin-totp-code').fill(right === '000000' ? '111111' : '000000')
  await page.getByTestId('admin-totp-confirm').click()
  await expect(page.getByTestId('error')).toBeVisible()
  await expect(page.locator('[data-testid="admin-totp-row"][data-staff="ho-spm"]')).toHaveCount(0)

  const confirming = totpNow(secret)
  await page.getByTestId('admin-totp-code').fill(confirming)
  await page.getByTestId('admin-totp-confirm').click()
  await expect(page.locator('[data-testid="admin-totp-row"][data-staff="ho-spm"]')).toContainText('dev-ho-pm')
  await expect(page.getByTestId('done')).toBeVisible()
  await expectSaved(page)

  // the secret is kept on this device sealed: nothing in IndexedDB holds it in plain text
  const plainFound = await page.evaluate(async (needle) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('dak-meta')
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
    })
    const value = await new Promise<unknown>((resolve, reject) => {
      const req = db.transaction('meta').objectStore('meta').get('totp:ho-spm')
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
    })
    const text = JSON.stringify(value, (_k, v) => (v instanceof Uint8Array ? [...v] : v))
    return { sealed: text.includes('"box"'), plain: text.includes(needle) }
  }, secret)
  expect(plainFound).toEqual({ sealed: true, plain: false })

  // the staff member logs in on this device with the app: no secret to type, the confirming code is spent
  await page.getByTestId('logout').click()
  await page.getByTestId('login-staff').selectOption('ho-spm')
  await expect(page.getByTestId('login-secret')).toHaveCount(0)
  await page.getByTestId('login-code').fill(confirming)
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('error')).toContainText('already used')
  // the next step's code (within the ±1 step window) opens the sealed secret and logs in, offline-capable
  await page.getByTestId('login-code').fill(totpNow(secret, Date.now() + 30_000))
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('day-status')).toBeVisible()
})

test('a staff member without the postmaster role sees why the admin screen is closed to them', async ({
  server,
  newDevice,
}) => {
  const { page } = await newDevice()
  await setUpAndLogin(page, server, 'panem-so', 'dev-so-counter-1', 'so-pa1')
  await page.goto(`${server.url}/#/admin`)
  await expect(page.getByTestId('admin-forbidden')).toBeVisible()
  await expect(page.getByTestId('admin-register-issue')).toHaveCount(0)
  await expectAxeClean(page)
})

/** Replaces `from` with `to` (same length, so the Yjs encoding stays valid) in every frame the server sends. */
async function tamperIncoming(page: Page, from: string, to: string) {
  const a = Buffer.from(from)
  const b = Buffer.from(to)
  expect(b.length).toBe(a.length)
  await page.routeWebSocket(/./, (ws) => {
    const server = ws.connectToServer()
    ws.onMessage((m) => server.send(m))
    server.onMessage((m) => {
      if (typeof m === 'string') return ws.send(m.split(from).join(to))
      let at = m.indexOf(a)
      while (at >= 0) {
        b.copy(m, at)
        at = m.indexOf(a, at + b.length)
      }
      ws.send(m)
    })
  })
}

test('a tampered event from a second device is flagged on the postmaster’s device, then marked reviewed with a reason', async ({
  server,
  newDevice,
}) => {
  // what reaches the postmaster's device from the server is altered in transit: the treasurer's Day Begin says
  // ₹98,500 instead of the ₹18,500 it was signed with (37 notes of ₹500)
  const admin = await newDevice()
  await tamperIncoming(admin.page, '18500.00', '98500.00')
  await setUpAndLogin(admin.page, server, 'nandyal-ho', 'dev-ho-pm', 'ho-pm')
  const b = await newDevice()
  await setUpAndLogin(b.page, server, 'nandyal-ho', 'dev-ho-treasury', 'ho-trr')
  await beginDay(b.page, server, '37')
  await expectSaved(b.page)

  await admin.page.goto(`${server.url}/#/admin`)
  const flag = admin.page.locator('[data-testid="peer-flag"][data-code="bad-signature"]')
  await expect(flag.first()).toContainText('dev-ho-treasury', { timeout: 20_000 })
  await expect(flag.first()).toContainText('day.begun')
  await expect(flag.first()).toContainText('ho-trr')
  await expect(admin.page.getByTestId('trust-link')).toBeVisible()
  await expectAxeClean(admin.page)
  await shoot(admin.page, '44-peer-flag-review')

  // every open flag (the signature, and any link chained to the altered event) is reviewed with a reason
  const open = admin.page.getByTestId('peer-flag')
  const total = await open.count()
  expect(total).toBeGreaterThan(0)
  for (let left = total; left > 0; left--) {
    const first = open.first()
    await first
      .getByTestId('peer-review-reason')
      .fill('altered in transit; the treasurer’s own copy is right')
    await first.getByTestId('peer-review').click()
    await expect(open).toHaveCount(left - 1)
  }
  // reviewed flags leave the header count but stay listed, struck through, naming who reviewed them and why
  await expect(admin.page.getByTestId('trust-link')).toHaveCount(0)
  const reviewed = admin.page.getByTestId('peer-flag-reviewed')
  await expect(reviewed).toHaveCount(total)
  await expect(reviewed.first().locator('s')).toContainText('dev-ho-treasury')
  await expect(reviewed.first()).toContainText('ho-pm')
  await expect(reviewed.first()).toContainText('altered in transit')
  await expectSaved(admin.page)
  await expectAxeClean(admin.page)
  await shoot(admin.page, '45-peer-flag-reviewed')
})
