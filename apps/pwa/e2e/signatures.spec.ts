import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, expectSaved, type SyncServer, setUpAndLogin, startSyncServer, test } from './fixtures.ts'

/** Stops a sync server and waits for its process to exit (its port is then free again). */
async function stop(server: SyncServer): Promise<void> {
  if (server.process.exitCode !== null) return
  const exited = new Promise<void>((resolve) => server.process.once('exit', () => resolve()))
  server.process.kill('SIGTERM')
  await exited
}

// The server refuses every event not signed by an enrolled device of its office (issue 10), by default: this runs
// a day's first steps on two freshly set-up devices, so each must enrol its key with the one-time code and sign
// and chain everything it writes, or nothing is ever saved on the server. Then the server restarts over the same
// data: the devices enrolled before are still known (the identity registry), and a third device enrols with its
// code.
test('signatures are required: set-up enrols each device and what it signs is saved, also after a server restart', async ({
  newDevice,
}) => {
  const data = mkdtempSync(join(tmpdir(), 'dak-e2e-signatures-'))
  let server: SyncServer = await startSyncServer(['--data', data])
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

    // a restart on the same port and data: the pages reconnect by themselves
    const port = new URL(server.url).port
    await stop(server)
    server = await startSyncServer(['--data', data, '--port', port])
    const c = await newDevice()
    await setUpAndLogin(c.page, server, 'panem-so', 'dev-so-counter-2', 'so-pa2')
    await c.page.goto(`${server.url}/#/duty`)
    await c.page.getByLabel('Counter', { exact: true }).selectOption('2') // counter 1 is b's
    await c.page.getByTestId('duty-request').click()
    await expect(c.page.getByTestId('duty-mine')).toBeVisible()
    await expectSaved(c.page)
    // the supervisor's device, enrolled before the restart, still signs what the server accepts
    await a.page.goto(`${server.url}/#/duty`)
    await a.page.getByTestId('duty-approve').click()
    await expectSaved(a.page)
    await expect(c.page.getByTestId('duty-begin')).toBeVisible()
    await c.page.getByTestId('duty-begin').click()
    await expect(c.page.getByTestId('duty-mine')).toContainText(/on shift/)
    await expectSaved(c.page)
  } finally {
    await stop(server)
  }
})
