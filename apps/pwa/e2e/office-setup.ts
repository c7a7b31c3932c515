/**
 * Set-ups the office specs share: the account office with its sub-office, and mail booked at the sub-office and
 * received at its branch office (the beat's starting point). Each step asserts what the screen shows, so a
 * set-up that went wrong fails where it went wrong.
 */
import type { BrowserContext, Page } from '@playwright/test'
import { beginDay, expect, expectSaved, type SyncServer, setUpAndLogin, startShift } from './fixtures.ts'

/** A browser context of its own, as the `newDevice` fixture gives it. */
export interface Device {
  readonly page: Page
  readonly context: BrowserContext
}
export type NewDevice = () => Promise<Device>

/**
 * Nandyal HO (its postmaster's device) and Panem SO (its SPM's device), both logged in; the HO's day begun with
 * `hoNotes500` ₹500 notes, the SO's with `soNotes500` (or not begun when null, for a test that begins it).
 */
export async function hoAndSo(
  server: SyncServer,
  newDevice: NewDevice,
  cash: { hoNotes500: string; soNotes500: string | null },
): Promise<{ ho: Device; so: Device }> {
  const ho = await newDevice()
  const so = await newDevice()
  await setUpAndLogin(ho.page, server, 'nandyal-ho', 'dev-ho-pm', 'ho-pm')
  await setUpAndLogin(so.page, server, 'panem-so', 'dev-so-spm', 'so-spm')
  await beginDay(ho.page, server, cash.hoNotes500)
  if (cash.soNotes500 !== null) await beginDay(so.page, server, cash.soNotes500)
  return { ho, so }
}

/**
 * Panem SO with its day begun by the SPM and counter clerk `so-pa1` on shift (duty asked for, approved by the
 * SPM, begun): the starting point of every counter workflow.
 */
export async function soCounterOnShift(
  server: SyncServer,
  newDevice: NewDevice,
): Promise<{ spm: Device; clerk: Device }> {
  const spm = await newDevice()
  const clerk = await newDevice()
  await setUpAndLogin(spm.page, server, 'panem-so', 'dev-so-spm', 'so-spm')
  await setUpAndLogin(clerk.page, server, 'panem-so', 'dev-so-counter-1', 'so-pa1')
  await beginDay(spm.page, server)
  await startShift(clerk.page, spm.page, server)
  return { spm, clerk }
}

/**
 * An article to book: its S10 id, addressee and DIGIPIN (address and PIN code default to Pinnapuram's); `otp`
 * and `cod` (rupees) pick the value-added options.
 */
export interface Addressed {
  readonly id: string
  readonly name: string
  readonly digipin: string
  readonly address?: string
  readonly pincode?: string
  readonly otp?: boolean
  readonly cod?: string
}

/** How the booking is paid, and a step to run on the priced form before it is submitted (checks, screenshot). */
export interface BookingOptions {
  /** `cash` (the default) or `upi-qr`: the counter shows the UPI QR for the total, which must be drawn. */
  readonly payment?: 'cash' | 'upi-qr'
  readonly beforeSubmit?: (p: Page) => Promise<void>
}

/** Books one Speed Post document at the counter (the page must be a clerk on shift). */
export async function bookArticle(
  p: Page,
  url: string,
  a: Addressed,
  opts: BookingOptions = {},
): Promise<void> {
  await p.goto(`${url}/#/book`)
  await p.getByTestId('book-article').fill(a.id)
  const sender = p.locator('fieldset').nth(0)
  await sender.getByLabel(/^Name/).fill('Ravi Kumar')
  await sender.getByLabel(/^Address/).fill('Main Road, Panem')
  await sender.getByLabel(/^PIN code/).fill('518112')
  const addressee = p.locator('fieldset').nth(1)
  await addressee.getByLabel(/^Name/).fill(a.name)
  await addressee.getByLabel(/^Address/).fill(a.address ?? 'Temple Street, Pinnapuram')
  await addressee.getByLabel(/^PIN code/).fill(a.pincode ?? '518112')
  await p.getByTestId('book-digipin').fill(a.digipin)
  await p.getByTestId('book-weight').fill('200')
  if (a.otp) await p.getByTestId('book-opt-otpDelivery').check()
  if (a.cod) {
    await p.getByTestId('book-opt-cod').check()
    await p.getByTestId('book-cod-amount').fill(a.cod)
    await p.getByTestId('book-cod-biller').fill('biller-ecom-1')
  }
  await p.getByTestId('book-band').selectOption('upTo200km')
  await expect(p.getByTestId('book-total')).toHaveText(/^₹\d/)
  if (opts.payment === 'upi-qr') {
    await p.getByTestId('book-pay-qr').check()
    await expect(p.getByTestId('book-upi-qr').locator('img')).toBeVisible()
  }
  await opts.beforeSubmit?.(p)
  await p.getByTestId('book-submit').click()
  await expect(p.getByTestId('done')).toContainText(a.id)
}

/**
 * Mail for the branch office's beat: a counter clerk at Panem SO (on shift, approved by the SPM) books
 * `articles`, bags them to Pinnapuram BO and dispatches the bag; the BO's single-handed BPM sets up its one
 * device, begins the day with `bpmNotes500` ₹500 notes and receives the bag, every article matched. The BPM
 * acts on the authority of the post (no duty needed) and knows the articles only from the pre-advice.
 */
export async function mailAtBranch(
  server: SyncServer,
  newDevice: NewDevice,
  articles: readonly Addressed[],
  opts: { seal: string; bpmNotes500: string },
): Promise<{ clerk: Device; bpm: Device; bagId: string }> {
  const { clerk } = await soCounterOnShift(server, newDevice)
  const p = clerk.page
  for (const a of articles) await bookArticle(p, server.url, a)
  await p.goto(`${server.url}/#/bags`)
  await p.getByTestId('bag-to').selectOption('pinnapuram-bo')
  await p.getByTestId('bag-open').click()
  for (const a of articles) {
    await p.getByTestId('bag-article').fill(a.id)
    await p.getByTestId('bag-add').click()
  }
  await p.getByTestId('bag-seal').fill(opts.seal)
  await p.getByTestId('bag-weight').fill(String(250 * articles.length))
  await p.getByTestId('bag-close').click()
  await p.getByTestId('bag-label-link').click()
  const bagId = ((await p.getByTestId('label').locator('strong').textContent()) ?? '').trim()
  expect(bagId.length).toBeGreaterThan(5)
  await p.goto(`${server.url}/#/bags`)
  await p.getByTestId('bag-dispatch').click()
  await expectSaved(p)

  const bpm = await newDevice()
  const h = bpm.page
  await setUpAndLogin(h, server, 'pinnapuram-bo', 'dev-bo-mobile', 'bo-bpm')
  await expectSaved(h) // the office's documents are loaded before the day begins
  await beginDay(h, server, opts.bpmNotes500)
  await h.goto(`${server.url}/#/receive`)
  await h.getByTestId('receive-bag').fill(bagId)
  await h.getByTestId('receive-seal').fill(opts.seal)
  for (const a of articles) {
    await h.getByTestId('receive-article').fill(a.id)
    await h.getByTestId('receive-add').click()
  }
  await h.getByTestId('receive-submit').click()
  await expect(h.getByTestId('rec-matched')).toHaveText(String(articles.length))
  await expect(h.getByTestId('rec-missing')).toHaveText('0')
  await expectSaved(h)
  return { clerk, bpm, bagId }
}
