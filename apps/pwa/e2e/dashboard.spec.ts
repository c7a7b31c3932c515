import { expectAxeClean } from './axe.ts'
import { beginDay, expect, expectOfflineReady, expectSaved, test } from './fixtures.ts'
import { hoAndSo } from './office-setup.ts'
import { shoot } from './shoot.ts'

test('the office-day dashboard, and the HO at a glance over its SO, live and offline', async ({
  server,
  newDevice,
}) => {
  // the HO's day begun with ₹3,00,000; the SO's not yet
  const { ho, so } = await hoAndSo(server, newDevice, { hoNotes500: '600', soNotes500: null })

  const h = ho.page
  await h.goto(`${server.url}/#/dashboard`)
  await expect(h.getByTestId('dash-day')).toHaveAttribute('data-status', 'begun')
  await expect(h.getByTestId('dash-cash').locator('tr[data-account="treasury:nandyal-ho"]')).toContainText(
    '₹3,00,000.00',
  )
  await expect(h.getByTestId('dash-articles').locator('tr[data-state="booked"] td')).toHaveText('0')
  const row = h.locator('[data-testid="dash-office"][data-office="panem-so"]')
  await expect(row).toHaveAttribute('data-status', 'notBegun')

  // the SO begins its day: the HO's glance follows live, with the cash held against the authorised limits
  await beginDay(so.page, server, '10') // ₹5,000: below Panem's authorised minimum of ₹20,000
  await expect(row).toHaveAttribute('data-status', 'begun', { timeout: 20_000 })
  await expect(row).toContainText('₹5,000.00')
  await expect(row).toHaveAttribute('data-band', 'under')
  await expectAxeClean(h)
  // looking at other offices' days leaves this device's own sync indicator alone
  await expectSaved(h)
  await shoot(h, '22-dashboard-ho')

  // the SO's own dashboard
  await so.page.goto(`${server.url}/#/dashboard`)
  await expect(so.page.getByTestId('dash-day')).toHaveAttribute('data-status', 'begun')
  await expect(
    so.page.getByTestId('dash-cash').locator('tr[data-account="treasury:panem-so"]'),
  ).toContainText('₹5,000.00')
  await expectAxeClean(so.page)

  // offline, the HO's device still shows what it last synced, from its own storage
  await expectOfflineReady(h)
  await ho.context.setOffline(true)
  await h.reload()
  await expect(h.locator('[data-testid="dash-office"][data-office="panem-so"]')).toHaveAttribute(
    'data-status',
    'begun',
  )
  await expect(h.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline')
})
