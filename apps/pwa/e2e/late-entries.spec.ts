import { encode } from '../../../packages/digipin/src/index.ts'
import { expectAxeClean } from './axe.ts'
import { beginDay, expect, expectSaved, setUpAndLogin, startShift, test } from './fixtures.ts'
import { bookArticle } from './office-setup.ts'
import { shoot } from './shoot.ts'

const ARTICLE = 'EE123456785IN'

// Issue 11 (and 7): a counter books offline while the supervisor ends the day; the server seals the day and
// refuses the late write; nothing is lost — the clerk's device keeps it, re-posts it into the next day once
// that day begins, and both devices show it as a late entry that the supervisor reviews.
// The server requires signatures: the re-posted entry keeps its signature and its chain link into its own
// (sealed) day, which the server accepts for an earlier day's event in today's room.
test('an entry made offline in a day sealed meanwhile becomes a late entry of the next day on both devices', async ({
  server,
  newDevice,
}) => {
  const clerk = await newDevice()
  const spm = await newDevice()
  await setUpAndLogin(clerk.page, server, 'panem-so', 'dev-so-counter-1', 'so-pa1')
  await setUpAndLogin(spm.page, server, 'panem-so', 'dev-so-spm', 'so-spm')
  await beginDay(spm.page, server, '50')
  await startShift(clerk.page, spm.page, server)
  await expectSaved(clerk.page)

  // the clerk's network drops; a booking is made and kept on the device
  await clerk.context.setOffline(true)
  await expect(clerk.page.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline')
  // Booked offline: tariff and ids are on the device.
  await bookArticle(clerk.page, server.url, {
    id: ARTICLE,
    name: 'Sita Devi',
    digipin: encode(15.489826, 78.487541),
  })

  // meanwhile the supervisor force-ends the unreachable counter's shift and ends the day: the server seals it
  const s = spm.page
  await s.goto(`${server.url}/#/day-end`)
  const shift = s.getByTestId('day-end-open-shift')
  await expect(shift).toContainText('B. Naveen')
  await shift.getByTestId('day-end-force-reason').fill('Counter 1 offline, clerk unreachable')
  await shift.getByTestId('day-end-force').click()
  await expect(s.getByTestId('day-end-submit')).toBeEnabled()
  await s.getByTestId('day-end-submit').click()
  await expect(s.getByTestId('day-sealed')).toBeVisible()
  await expectSaved(s)

  // the clerk reconnects: the server refuses the sealed day; the app says what happened and what comes next
  await clerk.context.setOffline(false)
  const c = clerk.page
  const status = c.getByTestId('sync-status')
  await expect(status).toHaveAttribute('data-state', 'refused', { timeout: 20_000 })
  await expect(status).toHaveAttribute('data-refusal', 'sealed')
  await expect(c.getByTestId('sync-refusal-next')).toContainText(/late entries into the next day/)
  await c.goto(`${server.url}/#/day-end`)
  await expect(c.getByTestId('late-waiting')).toBeVisible()
  await expect(c.getByTestId('late-link')).toBeVisible()

  // the next business day (both devices' clocks move on; the sessions stay)
  const tomorrow = Date.now() + 24 * 3600 * 1000
  for (const d of [clerk, spm]) {
    await d.context.clock.setFixedTime(tomorrow)
    await d.page.goto(`${server.url}/#/`)
    await d.page.reload()
    await expect(d.page.getByTestId('day-status')).toBeVisible()
  }
  // nothing is re-posted into a day that has not begun: the entries still wait on the clerk's device
  await c.goto(`${server.url}/#/day-end`)
  await expect(c.getByTestId('late-waiting')).toBeVisible()
  await expect(c.getByTestId('late-entry')).toHaveCount(0)

  await beginDay(s, server, '50')
  // the clerk's device re-posts the booking into the begun day; both devices fold it as a late entry
  for (const p of [c, s]) {
    await p.goto(`${server.url}/#/day-end`)
    const entry = p.getByTestId('late-entry')
    await expect(entry).toHaveCount(1, { timeout: 30_000 })
    await expect(entry).toContainText(/article\.booked: entered late, from .+, by B\. Naveen/)
  }
  await expect(c.getByTestId('late-reposted')).toContainText('1 of your entries')
  await expect(c.getByTestId('late-waiting')).toHaveCount(0)
  await expect(c.getByTestId('late-next')).toContainText(/Ask the postmaster or supervisor/)
  await expect(c.getByTestId('late-accept')).toHaveCount(0)
  await expectSaved(c) // the re-posted entry is on the server
  await expectSaved(s) // the supervisor's device only received it, and shows saved
  await expect(s.getByTestId('late-next')).toContainText(/accept it .* or reverse it/)
  await expect(s.getByTestId('late-link')).toContainText('Late entries to review: 1')
  await expect(s.getByTestId('day-end-checklist')).toContainText('late-entries-reviewed')
  // nothing lost: the article booked offline is traceable on the supervisor's device
  await s.goto(`${server.url}/#/track`)
  await s.getByTestId('track-id').fill(ARTICLE)
  await expect(s.getByTestId('track-timeline').locator('li').first()).toBeVisible()

  // the supervisor accepts it with a reason; it is reviewed on both devices and no longer blocks Day End
  await s.goto(`${server.url}/#/day-end`)
  await expectAxeClean(s)
  await shoot(s, '16-late-entries')
  await s.getByTestId('late-reason').fill('Booked at counter 1 while offline; cash counted')
  await s.getByTestId('late-accept').click()
  for (const p of [s, c]) {
    await p.goto(`${server.url}/#/day-end`)
    await expect(p.getByTestId('late-entry')).toHaveCount(0, { timeout: 30_000 })
  }
  await expect(s.getByTestId('day-end-checklist')).not.toContainText('late-entries-reviewed')
  await expect(s.getByTestId('late-link')).toHaveCount(0)
  await expectSaved(s)
})
