import type { Page } from '@playwright/test'
import { articleIdCheckDigit, deliveryOtp, orderBeat } from '../../../packages/core/src/index.ts'
import { encode } from '../../../packages/digipin/src/index.ts'
import { expectAxeClean } from './axe.ts'
import { beginDay, expect, expectSaved, setUpAndLogin, startShift, test } from './fixtures.ts'

const s10 = (serial: number) => `EE${serial}${articleIdCheckDigit(String(serial))}IN`
const OTP_ID = s10(40_000_001)
const COD_ID = s10(40_000_002)
const PLAIN_ID = s10(40_000_003)
/** Addresses around Pinnapuram (the BO delivers them), deliberately not in route order. */
const ADDRESSES = [
  { id: OTP_ID, name: 'Sita Devi', digipin: encode(15.5602, 78.3021) },
  { id: COD_ID, name: 'Ravi Teja', digipin: encode(15.5551, 78.2954) },
  { id: PLAIN_ID, name: 'Anil Kumar', digipin: encode(15.5649, 78.3102) },
]

/** Books one Speed Post document at the counter; `otp` and `cod` pick the value-added options. */
async function book(
  p: Page,
  url: string,
  a: (typeof ADDRESSES)[number],
  opts: { otp?: boolean; cod?: string },
) {
  await p.goto(`${url}/#/book`)
  await p.getByTestId('book-article').fill(a.id)
  const sender = p.locator('fieldset').nth(0)
  await sender.getByLabel(/^Name/).fill('Ravi Kumar')
  await sender.getByLabel(/^Address/).fill('Main Road, Panem')
  await sender.getByLabel(/^PIN code/).fill('518112')
  const addressee = p.locator('fieldset').nth(1)
  await addressee.getByLabel(/^Name/).fill(a.name)
  await addressee.getByLabel(/^Address/).fill('Temple Street, Pinnapuram')
  await addressee.getByLabel(/^PIN code/).fill('518112')
  await p.getByTestId('book-digipin').fill(a.digipin)
  await p.getByTestId('book-weight').fill('200')
  if (opts.otp) await p.getByTestId('book-opt-otpDelivery').check()
  if (opts.cod) {
    await p.getByTestId('book-opt-cod').check()
    await p.getByTestId('book-cod-amount').fill(opts.cod)
    await p.getByTestId('book-cod-biller').fill('biller-ecom-1')
  }
  await p.getByTestId('book-band').selectOption('upTo200km')
  await expect(p.getByTestId('book-total')).toHaveText(/^₹\d/)
  await p.getByTestId('book-submit').click()
  await expect(p.getByTestId('done')).toContainText(a.id)
}

/** The booking device's delivery secret, as the SMS gateway deriving the addressee's OTP would hold it. */
async function deliverySecretOf(page: Page, office: string): Promise<string> {
  return page.evaluate(
    (key) =>
      new Promise<string>((resolve, reject) => {
        const req = indexedDB.open('dak-meta', 1)
        req.onerror = () => reject(req.error)
        req.onsuccess = () => {
          const get = req.result.transaction('meta', 'readonly').objectStore('meta').get(key)
          get.onsuccess = () => resolve(String(get.result))
          get.onerror = () => reject(get.error)
        }
      }),
    `delivery-otp-secret:${office}`,
  )
}

test('booked at the SO with OTP and COD, bagged to the BO, known there from the pre-advice, beat taken out in order', async ({
  server,
  newDevice,
}) => {
  test.setTimeout(400_000)
  // the sub-office books three articles and dispatches them in one bag to the branch office
  const spm = await newDevice()
  const clerk = await newDevice()
  await setUpAndLogin(spm.page, server, 'panem-so', 'dev-so-spm', 'so-spm')
  await setUpAndLogin(clerk.page, server, 'panem-so', 'dev-so-counter-1', 'so-pa1')
  await beginDay(spm.page, server)
  await startShift(clerk.page, spm.page, server)
  const p = clerk.page
  await book(p, server.url, ADDRESSES[0]!, { otp: true })
  await book(p, server.url, ADDRESSES[1]!, { cod: '500' })
  await book(p, server.url, ADDRESSES[2]!, {})
  await p.goto(`${server.url}/#/bags`)
  await p.getByTestId('bag-to').selectOption('pinnapuram-bo')
  await p.getByTestId('bag-open').click()
  for (const a of ADDRESSES) {
    await p.getByTestId('bag-article').fill(a.id)
    await p.getByTestId('bag-add').click()
  }
  await p.getByTestId('bag-seal').fill('S-2001')
  await p.getByTestId('bag-weight').fill('700')
  await p.getByTestId('bag-close').click()
  await p.getByTestId('bag-label-link').click()
  const bagId = ((await p.getByTestId('label').locator('strong').textContent()) ?? '').trim()
  expect(bagId.length).toBeGreaterThan(5)
  await p.goto(`${server.url}/#/bags`)
  await p.getByTestId('bag-dispatch').click()
  await expectSaved(p)

  // the branch office, single-handed: the BPM receives the bag and walks the beat on the BO's one device (a BPM
  // acts on the authority of the post, no duty needed). It knows the articles only from the pre-advice.
  const bpm = await newDevice()
  await setUpAndLogin(bpm.page, server, 'pinnapuram-bo', 'dev-bo-mobile', 'bo-bpm')
  await expectSaved(bpm.page) // the office's documents are loaded before the day begins
  await beginDay(bpm.page, server, '30')
  const h = bpm.page
  await h.goto(`${server.url}/#/receive`)
  await h.getByTestId('receive-bag').fill(bagId)
  await h.getByTestId('receive-seal').fill('S-2001')
  for (const a of ADDRESSES) {
    await h.getByTestId('receive-article').fill(a.id)
    await h.getByTestId('receive-add').click()
  }
  await h.getByTestId('receive-submit').click()
  await expect(h.getByTestId('rec-matched')).toHaveText('3')
  await expect(h.getByTestId('rec-missing')).toHaveText('0')
  await expectSaved(h)

  // the BPM takes the beat out, in core's delivery order
  const postman = bpm
  const b = postman.page
  await b.goto(`${server.url}/#/beat`)
  await expect(b.getByTestId('beat-take')).toHaveCount(3)
  await b.getByTestId('beat-prepare').click()
  const stops = b.getByTestId('beat-stop')
  await expect(stops).toHaveCount(3)
  const expected = orderBeat(ADDRESSES.map((a) => ({ articleId: a.id, digipin: a.digipin }))).order
  expect(await stops.evaluateAll((els) => els.map((e) => e.getAttribute('data-article')))).toEqual(expected)
  await expect(b.locator(`[data-article="${COD_ID}"]`)).toContainText('COD')
  await expectSaved(b)

  // the whole delivery round with the network off
  await postman.context.setOffline(true)
  await expect(b.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline')
  const place = encode(15.5601, 78.302)
  // 1. by OTP: the code the addressee received, derived from the booking device's delivery secret
  const otp = deliveryOtp(await deliverySecretOf(p, 'panem-so'), OTP_ID)
  const otpStop = b.locator(`[data-article="${OTP_ID}"]`)
  await otpStop.getByTestId('beat-open-deliver').click()
  await expect(b.getByTestId('beat-method-otp')).toBeChecked()
  await b.getByTestId('beat-otp').fill(otp === '000000' ? '111111' : '000000')
  await b.getByTestId('beat-digipin').fill(place)
  await b.getByTestId('beat-deliver').click()
  await expect(b.getByTestId('beat-deliver-form').getByRole('alert')).toContainText(/OTP/)
  await b.getByTestId('beat-otp').fill(otp)
  await expectAxeClean(b)
  await b.getByTestId('beat-deliver').click()
  // the stop itself shows the delivery (the folded article changes in place; the screen must still re-render it)
  await expect(otpStop).toHaveAttribute('data-status', 'delivered')
  await expect(otpStop.getByTestId('beat-open-deliver')).toHaveCount(0)
  // back online the beat syncs without a click
  await postman.context.setOffline(false)
  await expectSaved(b)
})
