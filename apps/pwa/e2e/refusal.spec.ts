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
  {
    code: 4401,
    reason: 'token-expired: refresh the token and reconnect',
    state: 'Not saved: your login has expired',
    next: /Log in again/,
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
