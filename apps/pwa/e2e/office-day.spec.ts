import { expectAxeClean } from './axe.ts'
import { expect, expectSaved, setUpAndLogin, test } from './fixtures.ts'
import { shoot } from './shoot.ts'

test('two devices of one office run a day through the real sync server', async ({ server, newDevice }) => {
  const a = await newDevice()
  const b = await newDevice()
  await setUpAndLogin(a.page, server, 'panem-so', 'dev-so-spm', 'so-spm', true)
  await setUpAndLogin(b.page, server, 'panem-so', 'dev-so-counter-1', 'so-pa1')

  // Day Begin on the supervisor's device
  await a.page.goto(`${server.url}/#/day-begin`)
  await a.page.getByTestId('denom-500').fill('40')
  await a.page.getByTestId('denom-100').fill('25')
  await expect(a.page.getByTestId('count-total')).toHaveText('₹22,500.00')
  await expectAxeClean(a.page)
  await shoot(a.page, '04-day-begin')
  await a.page.getByTestId('day-begin-submit').click()
  await expect(a.page.getByTestId('day-begun')).toBeVisible()
  await expectSaved(a.page)

  // the counter device sees the day begun, asks for counter 1
  await b.page.goto(`${server.url}/#/`)
  await expect(b.page.getByTestId('day-status')).toContainText('22,500.00')
  await expectSaved(b.page) // a device that only received shows "saved on server", not "syncing"
  await b.page.goto(`${server.url}/#/duty`)
  await b.page.getByTestId('duty-request').click()
  await expect(b.page.getByTestId('duty-mine')).toBeVisible()

  // the supervisor approves it; the counter begins the shift
  await a.page.goto(`${server.url}/#/duty`)
  await shoot(a.page, '05-duty-approval')
  await a.page.getByTestId('duty-approve').click()
  await expectAxeClean(a.page)
  await expect(b.page.getByTestId('duty-begin')).toBeVisible()
  await b.page.getByTestId('duty-begin').click()
  await expect(b.page.getByTestId('duty-mine')).toContainText(/on shift/)
  await expectSaved(b.page)
})

// Two browser profiles stand for the BO's one shared phone: two keys for one device id, so only the first is
// enrolled and a server requiring signatures would (rightly) refuse the second profile's events.
test('a counter closes its account offline, reloads offline, then syncs; the day ends sealed', {
  tag: '@no-signatures',
}, async ({ server, newDevice }) => {
  const a = await newDevice()
  const b = await newDevice()
  await setUpAndLogin(a.page, server, 'pinnapuram-bo', 'dev-bo-mobile', 'bo-bpm')
  await setUpAndLogin(b.page, server, 'pinnapuram-bo', 'dev-bo-mobile', 'bo-abpm')
  await a.page.goto(`${server.url}/#/day-begin`)
  await a.page.getByTestId('denom-100').fill('30')
  await a.page.getByTestId('day-begin-submit').click()
  await expect(a.page.getByTestId('day-begun')).toBeVisible()

  await b.page.goto(`${server.url}/#/duty`)
  await b.page.getByTestId('duty-kind').selectOption('delivery')
  await b.page.getByTestId('duty-request').click()
  await a.page.goto(`${server.url}/#/duty`)
  await a.page.getByTestId('duty-approve').click()
  await b.page.getByTestId('duty-begin').click()
  await expect(b.page.getByTestId('duty-mine')).toContainText(/on shift/)
  await expectSaved(b.page)

  // the whole Close Account with the network off
  await b.context.setOffline(true)
  await expect(b.page.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline')
  await b.page.goto(`${server.url}/#/close-account`)
  await b.page.getByTestId('close-submit').click()
  await expect(b.page.getByTestId('close-difference')).toHaveText('₹0.00')
  await b.page.reload()
  await expect(b.page.getByTestId('close-difference')).toHaveText('₹0.00')
  await expectAxeClean(b.page)
  await shoot(b.page, '06-close-account-offline')
  // nothing of it has reached the supervisor yet
  await a.page.goto(`${server.url}/#/close-account`)
  await expect(a.page.getByTestId('close-to-verify')).toHaveCount(0)

  // back online: it syncs without a click
  await b.context.setOffline(false)
  await expectSaved(b.page)
  await expect(a.page.getByTestId('close-to-verify')).toHaveCount(1)
  await a.page.getByTestId('close-verify').click()
  await expect(b.page.getByTestId('close-end-shift')).toBeVisible()
  await b.page.getByTestId('close-end-shift').click()

  // Day End: the checklist passes, the day is sealed
  await a.page.goto(`${server.url}/#/day-end`)
  await expect(a.page.getByTestId('day-end-submit')).toBeEnabled()
  await expectAxeClean(a.page)
  await shoot(a.page, '07-day-end-checklist')
  await a.page.getByTestId('day-end-submit').click()
  await expect(a.page.getByTestId('day-sealed')).toBeVisible()
  await expectSaved(a.page)
  await shoot(a.page, '08-day-sealed')
  await a.page.goto(`${server.url}/#/conflicts`)
  await expectAxeClean(a.page)
  await a.page.goto(`${server.url}/#/settings`)
  await expectAxeClean(a.page)
  await shoot(a.page, '15-settings')
})
