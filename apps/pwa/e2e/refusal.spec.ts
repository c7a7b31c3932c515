import { expect, setUpAndLogin, test } from './fixtures.ts'

// A refused write is never a silent "pending" forever (issues 9 and 11): the sync indicator says what happened
// and what to do next. The server's close is played by a routed socket, so each refusal is exact and immediate.
const cases = [
  {
    code: 4423,
    reason: 'room-sealed: day ended: post these events as late entries in the open day',
    state: 'Not saved: the day is sealed',
    next: /late entries/,
  },
  {
    code: 4403,
    reason: 'wrong-office: event e1 is for office SO999, expected SO123',
    state: 'Not saved: not allowed for this office',
    next: /postmaster/,
  },
] as const

for (const c of cases) {
  test(`a ${c.code} refusal of the day room is shown with what to do next`, async ({ newDevice, server }) => {
    const { page } = await newDevice()
    await page.routeWebSocket(/\/office\/[^/]+\/day\//, (ws) => {
      ws.close({ code: c.code, reason: c.reason })
    })
    await setUpAndLogin(page, server, 'panem-so', 'dev-so-spm', 'so-spm')
    const status = page.getByTestId('sync-status')
    await expect(status).toHaveAttribute('data-state', 'refused')
    await expect(status).toContainText(c.state)
    await expect(page.getByTestId('sync-refusal-next')).toContainText(c.next)
    await expect(status).toHaveAttribute('title', c.reason)
  })
}

// A 4401 is not shown as it comes: the device first asks for a new token with its key (token-refresh.spec.ts
// covers the renewal that succeeds). Here the server cannot vouch for this device (its login's code is the demo
// route's, not a credential enrolled for the device), so the renewal is refused, and that is what is shown.
test('a 4401 whose token renewal is refused is shown with what to do next', async ({ newDevice, server }) => {
  const { page } = await newDevice()
  await page.routeWebSocket(/\/office\/[^/]+\/day\//, (ws) => {
    ws.close({ code: 4401, reason: 'token-expired: refresh the token and reconnect' })
  })
  await setUpAndLogin(page, server, 'panem-so', 'dev-so-spm', 'so-spm')
  const status = page.getByTestId('sync-status')
  await expect(status).toHaveAttribute('data-state', 'refused')
  await expect(status).toHaveAttribute('data-refusal', 'renewal-refused')
  await expect(status).toContainText('Not saved: the sync token could not be renewed')
  await expect(page.getByTestId('sync-refusal-next')).toContainText(/Log out and log in again/)
  // the server's reason, naming this device (not enrolled, or no login enrolled on it)
  await expect(status).toHaveAttribute('title', /device dev-so-spm/)
})
