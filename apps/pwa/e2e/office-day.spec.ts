import { expectAxeClean } from './axe.ts'
import { expect, expectSaved, setUpAndLogin, test } from './fixtures.ts'

test('two devices of one office run a day through the real sync server', async ({ server, newDevice }) => {
  const a = await newDevice()
  const b = await newDevice()
  await setUpAndLogin(a.page, server, 'panem-so', 'dev-so-spm', 'so-spm')
  await setUpAndLogin(b.page, server, 'panem-so', 'dev-so-counter-1', 'so-pa1')

  // Day Begin on the supervisor's device
  await a.page.goto(`${server.url}/#/day-begin`)
  await a.page.getByTestId('denom-500').fill('40')
  await a.page.getByTestId('denom-100').fill('25')
  await expect(a.page.getByTestId('count-total')).toHaveText('₹22,500.00')
  await expectAxeClean(a.page)
  await a.page.getByTestId('day-begin-submit').click()
  await expect(a.page.getByTestId('day-begun')).toBeVisible()
  await expectSaved(a.page)

  // the counter device sees the day begun, asks for counter 1
  await b.page.goto(`${server.url}/#/`)
  await expect(b.page.getByTestId('day-status')).toContainText('22,500.00')
  await b.page.goto(`${server.url}/#/duty`)
  await b.page.getByTestId('duty-request').click()
  await expect(b.page.getByTestId('duty-mine')).toBeVisible()

  // the supervisor approves it; the counter begins the shift
  await a.page.goto(`${server.url}/#/duty`)
  await a.page.getByTestId('duty-approve').click()
  await expectAxeClean(a.page)
  await expect(b.page.getByTestId('duty-begin')).toBeVisible()
  await b.page.getByTestId('duty-begin').click()
  await expect(b.page.getByTestId('duty-mine')).toContainText(/on shift/)
  await expectSaved(b.page)
})
