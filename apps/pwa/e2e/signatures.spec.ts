import { expect, expectSaved, type SyncServer, setUpAndLogin, startSyncServer, test } from './fixtures.ts'

// The server refuses every event not signed by an enrolled device of its office (issue 10): this runs a day's
// first steps on two freshly set-up devices, so each must enrol its key with the one-time code and sign and
// chain everything it writes, or nothing is ever saved on the server.
test('with signatures required, set-up enrols each device and everything it signs is saved on the server', async ({
  newDevice,
}) => {
  const server: SyncServer = await startSyncServer(['--require-signatures'])
  try {
    const a = await newDevice()
    const b = await newDevice()
    await setUpAndLogin(a.page, server, 'panem-so', 'dev-so-spm', 'so-spm')
    await setUpAndLogin(b.page, server, 'panem-so', 'dev-so-counter-1', 'so-pa1')

    await a.page.goto(`${server.url}/#/day-begin`)
    await a.page.getByTestId('denom-500').fill('40')
    await a.page.getByTestId('day-begin-submit').click()
    await expect(a.page.getByTestId('day-begun')).toBeVisible()
    await expectSaved(a.page)

    // the counter sees the supervisor's signed day begin, and its own signed duty request is accepted
    await b.page.goto(`${server.url}/#/`)
    await expect(b.page.getByTestId('day-status')).toContainText('20,000.00')
    await b.page.goto(`${server.url}/#/duty`)
    await b.page.getByTestId('duty-request').click()
    await expect(b.page.getByTestId('duty-mine')).toBeVisible()
    await expectSaved(b.page)
    await a.page.goto(`${server.url}/#/duty`)
    await a.page.getByTestId('duty-approve').click()
    await expect(b.page.getByTestId('duty-begin')).toBeVisible()
    await b.page.getByTestId('duty-begin').click()
    // b sees the approval only if the server accepted a's signed event, and b's own begin is saved in turn
    await expect(b.page.getByTestId('duty-mine')).toContainText(/on shift/)
    await expectSaved(b.page)
  } finally {
    server.process.kill('SIGTERM')
  }
})
