import { CASH, cashBagQr, fromMinorUnits } from '../../../packages/core/src/index.ts'
import { expectAxeClean } from './axe.ts'
import { expect, expectSaved, test } from './fixtures.ts'
import { hoAndSo } from './office-setup.ts'
import { shoot } from './shoot.ts'

test('an SO asks for cash; the HO approves, packs and dispatches; the SO receives it offline with the code', async ({
  server,
  newDevice,
}) => {
  // ₹3,00,000 in the HO treasury, ₹50,000 in the SO's
  const { ho, so } = await hoAndSo(server, newDevice, { hoNotes500: '600', soNotes500: '100' })

  // the SO asks its account office for ₹10,000 in ₹500 notes
  const s = so.page
  await s.goto(`${server.url}/#/cash`)
  await expect(s.getByTestId('cash-held')).toContainText('₹50,000.00')
  await s.getByTestId('denom-500').fill('20')
  await s.getByTestId('cash-remark').fill('Pension payments tomorrow')
  await expectAxeClean(s)
  await s.getByTestId('cash-request').click()
  await expect(s.getByTestId('cash-my-request')).toHaveAttribute('data-status', 'requested')
  await expectSaved(s)

  // the HO sees it, approves; only then can it pack (never dispatch unapproved)
  const h = ho.page
  await h.goto(`${server.url}/#/cash`)
  await expect(h.getByTestId('cash-to-decide')).toHaveCount(1)
  await expect(h.getByTestId('cash-to-pack')).toHaveCount(0)
  await expectAxeClean(h)
  // the SO declared its treasury balance in the request: ₹50,000 + ₹10,000 is within its limits, no reason asked
  await h.getByTestId('cash-approve').click()
  await expectSaved(h)
  const pack = h.getByTestId('cash-to-pack')
  await expect(pack).toBeVisible()
  await expect(pack.getByTestId('count-total')).toHaveText('₹10,000.00')
  await pack.getByTestId('cash-bag-no').fill('CB-0001')
  await pack.getByTestId('cash-seal-no').fill('SEAL-77')
  await pack.getByTestId('cash-pack').click()
  const sent = h.getByTestId('cash-sent-bag')
  await expect(sent).toHaveAttribute('data-status', 'packed')
  await expect(sent.locator('img.qr')).toBeVisible()
  const code = (await sent.getByTestId('cash-bag-code').textContent())?.trim() ?? ''
  expect(code).toMatch(/^\d{8}$/)
  await expectSaved(h) // the bag's copy in the SO inbox is acknowledged like the HO's own day
  await expectAxeClean(h)
  await shoot(h, '20-cash-bag-packed')
  await sent.getByTestId('cash-dispatch').click()
  await expect(sent).toHaveAttribute('data-status', 'in-transit')
  await expect(h.getByTestId('cash-held')).toContainText('₹2,90,000.00')
  await expectSaved(h)
  // the approval, the bag and its dispatch reach the SO through the server
  await expect(s.getByTestId('cash-my-request')).toHaveAttribute('data-status', 'packed', { timeout: 20_000 })

  // the SO sees the bag in transit, then loses the network and receives it with the carrier's code
  const recv = s.getByTestId('cash-receive')
  await expect(recv).toBeVisible({ timeout: 20_000 })
  await so.context.setOffline(true)
  await expect(s.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline')
  await recv.getByTestId('cash-recv-seal').fill('SEAL-77')
  await recv.getByTestId('denom-500').fill('19') // one note short
  await recv.getByTestId('cash-recv-code').fill(code === '00000000' ? '11111111' : '00000000')
  await recv.getByTestId('cash-recv-submit').click()
  await expect(recv.getByTestId('error')).toContainText(/code/i)
  await recv.getByTestId('cash-recv-code').fill(code)
  await expectAxeClean(s)
  await shoot(s, '21-cash-receive-offline')
  await recv.getByTestId('cash-recv-submit').click()
  await expect(s.getByTestId('cash-receive')).toHaveCount(0)
  await expect(s.getByTestId('cash-held')).toContainText('₹59,500.00')
  const short = s.getByTestId('cash-discrepancy')
  await expect(short).toHaveAttribute('data-kind', 'shortage')
  await expect(short).toContainText('₹500.00')

  // back online: the receipt reaches the HO without a click; the shortage is settled with a reason
  await so.context.setOffline(false)
  await expect(s.getByTestId('sync-status')).not.toHaveAttribute('data-state', 'offline')
  await expectSaved(s) // the receipt and its copy in the HO inbox are both on the server
  await expect(h.getByTestId('cash-sent-bag')).toHaveCount(0, { timeout: 20_000 })
  await expectSaved(h) // the relayed receipt in the HO inbox is not the HO's pending work
  await s.getByTestId('cash-settle-reason').fill('Short note reported to the HO treasurer')
  await s.getByTestId('cash-settle').click()
  await expect(short).toHaveAttribute('data-settled', 'true')
  await expectAxeClean(s)
})

test('an SO remits surplus cash up; the HO receives the bag by its QR', async ({ server, newDevice }) => {
  const { ho, so } = await hoAndSo(server, newDevice, { hoNotes500: '600', soNotes500: '100' })

  const s = so.page
  await s.goto(`${server.url}/#/cash`)
  await s.getByTestId('cash-remit').click()
  const form = s.getByTestId('cash-remit-form')
  await form.getByTestId('cash-bag-no').fill('CB-R-01')
  await form.getByTestId('cash-seal-no').fill('SEAL-88')
  await form.getByTestId('denom-500').fill('10')
  await expectAxeClean(s)
  await form.getByTestId('cash-pack').click()
  await s.getByTestId('cash-dispatch').click()
  await expect(s.getByTestId('cash-sent-bag')).toHaveAttribute('data-status', 'in-transit')
  await expect(s.getByTestId('cash-held')).toContainText('₹45,000.00')
  await expectSaved(s)

  const h = ho.page
  await h.goto(`${server.url}/#/cash`)
  const recv = h.getByTestId('cash-receive')
  await expect(recv).toBeVisible({ timeout: 20_000 })
  await recv.getByTestId('cash-method-qr').check()
  const qr = cashBagQr({
    bagNo: 'CB-R-01',
    sealNo: 'SEAL-88',
    amount: fromMinorUnits(CASH, 500_000),
    from: 'panem-so',
    to: 'nandyal-ho',
  })
  await recv.getByTestId('cash-recv-qr').fill(qr)
  await recv.getByTestId('cash-recv-seal').fill('SEAL-88')
  await recv.getByTestId('denom-500').fill('10')
  await recv.getByTestId('cash-recv-submit').click()
  await expect(h.getByTestId('cash-receive')).toHaveCount(0)
  await expect(h.getByTestId('cash-held')).toContainText('₹3,05,000.00')
  await expect(h.getByTestId('cash-discrepancy')).toHaveCount(0)
  await expectSaved(h)
  // the receipt reaches the SO through the server: its bag leaves the list of bags in transit
  await expect(s.getByTestId('cash-sent-bag')).toHaveCount(0, { timeout: 20_000 })
})
