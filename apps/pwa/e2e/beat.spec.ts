import type { Page } from '@playwright/test'
import { articleIdCheckDigit, deliveryOtp, orderBeat } from '../../../packages/core/src/index.ts'
import { encode } from '../../../packages/digipin/src/index.ts'
import { expectAxeClean } from './axe.ts'
import { expect, expectSaved, test } from './fixtures.ts'
import { type Addressed, mailAtBranch } from './office-setup.ts'

const s10 = (serial: number) => `EE${serial}${articleIdCheckDigit(String(serial))}IN`
const OTP_ID = s10(40_000_001)
const COD_ID = s10(40_000_002)
const PLAIN_ID = s10(40_000_003)
/** Addresses around Pinnapuram (the BO delivers them), deliberately not in route order. */
const ADDRESSES: readonly Addressed[] = [
  { id: OTP_ID, name: 'Sita Devi', digipin: encode(15.5602, 78.3021), otp: true },
  { id: COD_ID, name: 'Ravi Teja', digipin: encode(15.5551, 78.2954), cod: '500' },
  { id: PLAIN_ID, name: 'Anil Kumar', digipin: encode(15.5649, 78.3102) },
]

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
  // the sub-office books three articles and bags them to the branch office, which receives them (office-setup)
  const { clerk, bpm } = await mailAtBranch(server, newDevice, ADDRESSES, {
    seal: 'S-2001',
    bpmNotes500: '30',
  })
  const p = clerk.page

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
  await expect(otpStop.getByTestId('beat-pod')).toHaveAttribute('data-method', 'otp')
  await expect(otpStop.getByTestId('beat-pod-to')).toHaveText('Sita Devi')
  await expect(otpStop.getByTestId('beat-pod-place')).toHaveText(place)
  // back online the beat syncs without a click
  await postman.context.setOffline(false)
  await expectSaved(b)
})
