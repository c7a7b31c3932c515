import { encode } from '../../../packages/digipin/src/index.ts'
import { expectAxeClean } from './axe.ts'
import { beginDay, expect, expectSaved, setUpAndLogin, startShift, test } from './fixtures.ts'
import { bookArticle, soCounterOnShift } from './office-setup.ts'
import { shoot } from './shoot.ts'

test('book, bag, print the label, dispatch; the head office receives it and sees the reconciliation', async ({
  server,
  newDevice,
}) => {
  const { clerk } = await soCounterOnShift(server, newDevice)

  // booking with a live price from the published tariff, paid by UPI QR
  const p = clerk.page
  const article = {
    id: 'EE123456785IN',
    name: 'Sita Devi',
    address: 'Station Road, Nandyal',
    pincode: '518501',
    digipin: encode(15.489826, 78.487541),
  }
  await bookArticle(p, server.url, article, {
    payment: 'upi-qr',
    beforeSubmit: async (page) => {
      await expectAxeClean(page)
      await page.getByTestId('book-price').scrollIntoViewIfNeeded()
      await shoot(page, '09-booking-price')
    },
  })

  // bag it for the head office, close, label, dispatch
  await p.goto(`${server.url}/#/bags`)
  await p.getByTestId('bag-to').selectOption('nandyal-ho')
  await p.getByTestId('bag-open').click()
  await p.getByTestId('bag-article').fill('EE123456785IN')
  await p.getByTestId('bag-add').click()
  await p.getByTestId('bag-seal').fill('S-1001')
  await p.getByTestId('bag-weight').fill('450')
  await p.getByTestId('bag-close').click()
  await expectAxeClean(p)
  await shoot(p, '10-bags')
  await p.getByTestId('bag-label-link').click()
  const label = p.getByTestId('label')
  await expect(label.locator('img')).toHaveCount(2)
  const bagId = (await label.locator('strong').textContent())?.trim() ?? ''
  expect(bagId.length).toBeGreaterThan(5)
  const barcode = label.locator('img.label-barcode')
  await expect
    .poll(() => barcode.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
    .toBe(true)
  const barcodePng = await barcode.screenshot()
  await expectAxeClean(p)
  await shoot(p, '11-bag-label')
  // printed at label size: one 100 mm × 50 mm page
  const pdf = await p.pdf({ preferCSSPageSize: true })
  const sizes = [...pdf.toString('latin1').matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ])
  expect(sizes.length).toBeGreaterThan(0)
  expect(Math.abs((sizes[0]?.[0] ?? 0) - 283.46)).toBeLessThan(3)
  expect(Math.abs((sizes[0]?.[1] ?? 0) - 141.73)).toBeLessThan(3)
  await p.goto(`${server.url}/#/bags`)
  await p.getByTestId('bag-dispatch').click()
  await expectSaved(p)

  // the head office: day begun, a mail-processing shift, the bag received by its label with one extra article
  const pm = await newDevice()
  const spmHo = await newDevice()
  await setUpAndLogin(pm.page, server, 'nandyal-ho', 'dev-ho-pm', 'ho-pm')
  await setUpAndLogin(spmHo.page, server, 'nandyal-ho', 'dev-ho-treasury', 'ho-spm')
  await beginDay(pm.page, server, '100')
  await startShift(pm.page, spmHo.page, server, 'mail-processing')
  const h = pm.page
  await h.goto(`${server.url}/#/receive`)
  // the bag label read from a photo with the network off: the zxing wasm comes from the app's own precache
  await pm.context.setOffline(true)
  await h
    .getByTestId('receive-bag-photo')
    .setInputFiles({ name: 'label.png', mimeType: 'image/png', buffer: barcodePng })
  await expect(h.getByTestId('receive-bag')).toHaveValue(bagId)
  await pm.context.setOffline(false)
  await h.getByTestId('receive-seal').fill('S-1001')
  for (const id of ['EE123456785IN', 'EE876543216IN']) {
    await h.getByTestId('receive-article').fill(id)
    await h.getByTestId('receive-add').click()
  }
  await h.getByTestId('receive-submit').click()
  await expect(h.getByTestId('rec-matched')).toHaveText('1')
  await expect(h.getByTestId('rec-missing')).toHaveText('0')
  await expect(h.getByTestId('rec-excess')).toHaveText('1')
  await expectAxeClean(h)
  await h.getByTestId('reconciliation').scrollIntoViewIfNeeded()
  await shoot(h, '12-bag-receipt-reconciliation')

  // track and trace on the booking office's device shows the article's journey so far
  await p.goto(`${server.url}/#/track`)
  await p.getByTestId('track-id').fill('EE123456785IN')
  await expect(p.getByTestId('track-timeline').locator('li').first()).toBeVisible()
  await expectAxeClean(p)
  await shoot(p, '13-track-and-trace')
})
