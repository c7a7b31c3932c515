import { expectAxeClean } from './axe.ts'
import { expect, setUpAndLogin, test } from './fixtures.ts'

test('a screen whose code cannot be fetched says what to do, and opens on retry', async ({
  server,
  browser,
}) => {
  // no service worker: the device is offline before the app was saved on it, the one case the precache misses
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 360, height: 780 } })
  try {
    const page = await context.newPage()
    await setUpAndLogin(page, server, 'pinnapuram-bo', 'dev-bo-mobile', 'bo-bpm')
    const beatChunk = /\/assets\/beat-[\w-]+\.js$/
    await page.route(beatChunk, (route) => route.abort('internetdisconnected'))
    await page.goto(`${server.url}/#/beat`)
    const alert = page.getByRole('alert')
    await expect(alert).toContainText('could not be loaded')
    await expect(alert).toContainText('Connect once, then try again')
    await expectAxeClean(page)
    await page.unroute(beatChunk)
    await alert.getByRole('button', { name: 'Try again' }).click()
    await expect(page.locator('#beat-h')).toHaveText('Beat, delivery and COD')
    await expect(page.getByRole('alert')).toHaveCount(0)
  } finally {
    await context.close()
  }
})
