import { expectAxeClean } from './axe.ts'
import { beginDay, expect, expectSaved, setUpAndLogin, startShift, test } from './fixtures.ts'
import { shoot } from './shoot.ts'

test('a cash bag received on two offline devices gives one conflict, which a supervisor resolves', async ({
  server,
  newDevice,
}) => {
  const ho = await newDevice()
  const spm = await newDevice()
  const trr = await newDevice()
  await setUpAndLogin(ho.page, server, 'nandyal-ho', 'dev-ho-pm', 'ho-pm')
  await setUpAndLogin(spm.page, server, 'panem-so', 'dev-so-spm', 'so-spm')
  await setUpAndLogin(trr.page, server, 'panem-so', 'dev-so-treasury', 'so-trr')
  await beginDay(ho.page, server, '600')
  await beginDay(spm.page, server, '100')
  await startShift(trr.page, spm.page, server, 'treasury')

  // the SO asks for cash; the HO approves, packs and dispatches it
  const s = spm.page
  await s.goto(`${server.url}/#/cash`)
  await s.getByTestId('denom-500').fill('20')
  await s.getByTestId('cash-remark').fill('Pension payments tomorrow')
  await s.getByTestId('cash-request').click()
  await expectSaved(s)
  const h = ho.page
  await h.goto(`${server.url}/#/cash`)
  await h.getByTestId('cash-decide-reason').fill('Pension payments due at Panem')
  await h.getByTestId('cash-approve').click()
  const pack = h.getByTestId('cash-to-pack')
  await pack.getByTestId('cash-bag-no').fill('CB-0002')
  await pack.getByTestId('cash-seal-no').fill('SEAL-88')
  await pack.getByTestId('cash-pack').click()
  const sent = h.getByTestId('cash-sent-bag')
  const code = (await sent.getByTestId('cash-bag-code').textContent())?.trim() ?? ''
  await sent.getByTestId('cash-dispatch').click()
  await expect(sent).toHaveAttribute('data-status', 'in-transit')

  // both SO devices see the bag, lose the network, and each receives it
  for (const d of [spm, trr]) {
    await d.page.goto(`${server.url}/#/cash`)
    await expect(d.page.getByTestId('cash-receive')).toBeVisible({ timeout: 20_000 })
  }
  for (const d of [spm, trr]) await d.context.setOffline(true)
  for (const d of [spm, trr]) {
    const recv = d.page.getByTestId('cash-receive')
    await recv.getByTestId('cash-recv-seal').fill('SEAL-88')
    await recv.getByTestId('denom-500').fill('20')
    await recv.getByTestId('cash-recv-code').fill(code)
    await recv.getByTestId('cash-recv-submit').click()
    await expect(d.page.getByTestId('cash-receive')).toHaveCount(0)
  }

  // back online: both receipts meet; every device shows the same single conflict, nothing counted twice
  for (const d of [spm, trr]) await d.context.setOffline(false)
  for (const d of [spm, trr]) {
    await d.page.goto(`${server.url}/#/conflicts`)
    await expect(d.page.getByTestId('conflict')).toHaveCount(1, { timeout: 30_000 })
  }
  await expect(spm.page.getByTestId('conflict')).toContainText('cashbag-received-twice')
  await expectAxeClean(spm.page)
  await shoot(spm.page, '14-conflicts')

  // the supervisor resolves it with a reason: core accepts the resolution event
  await spm.page.getByLabel(/Why/).fill('Counted once by the supervisor; treasury entry is the duplicate')
  await spm.page.getByTestId('conflict-resolve').click()
  await expect(spm.page.getByTestId('done')).toBeVisible()
  // folding the resolution closes the conflict on both devices
  for (const d of [spm, trr]) {
    await expect(d.page.getByTestId('conflicts-none')).toBeVisible({ timeout: 30_000 })
    await expect(d.page.getByTestId('conflict')).toHaveCount(0)
  }
})
