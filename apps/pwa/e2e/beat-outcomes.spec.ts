import { articleIdCheckDigit } from '../../../packages/core/src/index.ts'
import { encode } from '../../../packages/digipin/src/index.ts'
import { expectAxeClean } from './axe.ts'
import { expect, expectSaved, test } from './fixtures.ts'
import { type Addressed, mailAtBranch } from './office-setup.ts'
import { shoot } from './shoot.ts'

const s10 = (serial: number) => `EE${serial}${articleIdCheckDigit(String(serial))}IN`
const ID_DOC = s10(40_000_011)
const ABSENT = s10(40_000_012)
const REFUSED = s10(40_000_013)
const COD = s10(40_000_014)
/** Where the absent addressee moved to (the redirection's DIGIPIN). */
const NEW_PLACE = encode(15.5633, 78.3066)
/** Four articles for Pinnapuram BO's beat: each ends its round differently. */
const ARTICLES: readonly Addressed[] = [
  { id: ID_DOC, name: 'Lakshmi Narayana', digipin: encode(15.5602, 78.3021) },
  { id: ABSENT, name: 'Sita Devi', digipin: encode(15.5551, 78.2954) },
  { id: REFUSED, name: 'Anil Kumar', digipin: encode(15.5649, 78.3102) },
  { id: COD, name: 'Ravi Teja', digipin: encode(15.5578, 78.2987), cod: '500' },
]

test('the beat: delivery by ID document (only its last 4 recorded), attempts with a reason and what next, a redirection, COD collected and deposited into the ledger', async ({
  server,
  newDevice,
}) => {
  test.setTimeout(400_000)
  const { bpm } = await mailAtBranch(server, newDevice, ARTICLES, { seal: 'S-3001', bpmNotes500: '30' })
  const b = bpm.page
  const stop = (id: string) => b.locator(`[data-testid="beat-stop"][data-article="${id}"]`)

  // before the round: ₹15,000 in the BO treasury, no COD pouch
  await b.goto(`${server.url}/#/dashboard`)
  const cash = b.getByTestId('dash-cash')
  await expect(cash.locator('tr[data-account="treasury:pinnapuram-bo"]')).toContainText('₹15,000.00')
  await expect(cash.locator('tr[data-account^="cod-pouch:"]')).toHaveCount(0)

  await b.goto(`${server.url}/#/beat`)
  await expect(b.getByTestId('beat-take')).toHaveCount(4)
  await b.getByTestId('beat-prepare').click()
  await expect(b.getByTestId('beat-stop')).toHaveCount(4)
  for (const a of ARTICLES) await expect(stop(a.id)).toHaveAttribute('data-status', 'out-for-delivery')
  await expect(stop(COD)).toContainText('COD ₹500.00 to collect')
  await expect(b.getByTestId('beat-pouch')).toHaveText('₹0.00')
  await expect(b.getByTestId('beat-deposit')).toBeDisabled()
  await expectSaved(b)
  // once the service worker controls the page (a reload after it is ready), the round can be reloaded offline
  await b.evaluate(async () => {
    await navigator.serviceWorker.ready
  })
  await b.reload()
  await expect(b.getByTestId('beat-stop')).toHaveCount(4)
  await expect.poll(() => b.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true)

  // the round, with the network off
  await bpm.context.setOffline(true)
  await expect(b.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline')
  const place = encode(15.5601, 78.302)

  // 1. by an ID document: the addressee's Aadhaar; only its last four digits are recorded
  await stop(ID_DOC).getByTestId('beat-open-deliver').click()
  const form = stop(ID_DOC).getByTestId('beat-deliver-form')
  await expect(form.getByTestId('beat-method-id-document')).toBeChecked()
  await expect(form.getByTestId('beat-recipient')).toHaveValue('Lakshmi Narayana')
  await form.getByTestId('beat-doc-type').selectOption('aadhaar')
  await form.getByTestId('beat-doc-no').fill('12')
  await form.getByTestId('beat-digipin').fill(place)
  await form.getByTestId('beat-deliver').click()
  await expect(form.getByRole('alert')).toContainText('at least 4')
  await expect(stop(ID_DOC)).toHaveAttribute('data-status', 'out-for-delivery')
  await form.getByTestId('beat-doc-no').fill('2345 6789 0123')
  await expectAxeClean(b)
  await form.getByTestId('beat-deliver').click()
  await expect(stop(ID_DOC)).toHaveAttribute('data-status', 'delivered')
  const pod = stop(ID_DOC).getByTestId('beat-pod')
  await expect(pod).toHaveAttribute('data-method', 'id-document')
  await expect(pod.getByTestId('beat-pod-to')).toHaveText('Lakshmi Narayana')
  await expect(pod.getByTestId('beat-pod-proof')).toHaveText('Aadhaar ending 0123')
  await expect(pod.getByTestId('beat-pod-place')).toHaveText(place)
  await expect(b.locator('main')).not.toContainText('2345')
  await shoot(b, '30-beat-proof-of-delivery')

  // 2. addressee absent: an intimation is left and the article is held at the office, to be taken out again
  await stop(ABSENT).getByTestId('beat-open-attempt').click()
  const attempt = stop(ABSENT).getByTestId('beat-attempt-form')
  await attempt.getByTestId('beat-reason').selectOption('addressee-absent')
  await attempt.getByTestId('beat-action').selectOption('hold-at-office')
  await expectAxeClean(b)
  await attempt.getByTestId('beat-attempt').click()
  await expect(stop(ABSENT)).toHaveAttribute('data-status', 'attempted')
  await expect(stop(ABSENT).getByTestId('beat-attempt-note')).toHaveText(
    'Attempt 1: Addressee absent → Intimation left; held at the office',
  )
  await expect(stop(ABSENT).getByTestId('beat-return')).toHaveCount(0)
  await expect(b.getByTestId('beat-take')).toHaveCount(1)
  await expect(b.getByTestId('beat-take').locator('..')).toContainText(ABSENT)

  // 3. refused: recorded as an attempt to return, then returned to the sender
  await stop(REFUSED).getByTestId('beat-open-attempt').click()
  const refusal = stop(REFUSED).getByTestId('beat-attempt-form')
  await refusal.getByTestId('beat-reason').selectOption('addressee-refused')
  await refusal.getByTestId('beat-action').selectOption('return-to-sender')
  await refusal.getByTestId('beat-attempt').click()
  await expect(stop(REFUSED)).toHaveAttribute('data-status', 'attempted')
  await expect(stop(REFUSED).getByTestId('beat-attempt-note')).toHaveText(
    'Attempt 1: Addressee refused → Return to sender',
  )
  await stop(REFUSED).scrollIntoViewIfNeeded()
  await shoot(b, '31-beat-attempt')
  await stop(REFUSED).getByTestId('beat-return').click()
  await expect(stop(REFUSED)).toHaveAttribute('data-status', 'returned')
  await expect(stop(REFUSED).getByTestId('beat-return')).toHaveCount(0)
  await expect(b.getByTestId('beat-take')).toHaveCount(1) // a returned article is not taken out again

  // 4. COD: the amount is collected before the article is handed over, into the postman's pouch
  await stop(COD).getByTestId('beat-open-deliver').click()
  const codForm = stop(COD).getByTestId('beat-deliver-form')
  await expect(codForm.getByTestId('beat-cod-collect')).toContainText('Collect ₹500.00')
  await codForm.getByTestId('beat-doc-type').selectOption('voter-id')
  await codForm.getByTestId('beat-doc-no').fill('ABC1234567')
  await codForm.getByTestId('beat-digipin').fill(place)
  await expect(codForm.getByTestId('beat-deliver')).toBeDisabled()
  await codForm.getByTestId('beat-cod-collected').check()
  await expectAxeClean(b)
  await codForm.getByTestId('beat-deliver').click()
  await expect(stop(COD)).toHaveAttribute('data-status', 'delivered')
  await expect(stop(COD).getByTestId('beat-pod-proof')).toHaveText('Voter ID ending 4567')
  await expect(stop(COD).getByTestId('beat-cod-held')).toContainText('COD ₹500.00 collected, in the pouch')
  await expect(b.getByTestId('beat-pouch')).toHaveText('₹500.00')

  // 5. the absent addressee has moved: the article is redirected to the new address, taken out again, and
  // not found there either; every attempt stays on the article
  await stop(ABSENT).getByTestId('beat-open-redirect').click()
  const redirect = stop(ABSENT).getByTestId('beat-redirect-form')
  await expect(redirect.getByTestId('beat-redirect-address')).toBeChecked()
  await redirect.getByTestId('beat-redirect-addr').fill('12-3 Gandhi Nagar, Pinnapuram')
  await redirect.getByTestId('beat-redirect-pin').fill('51811')
  await redirect.getByTestId('beat-redirect-digipin').fill(NEW_PLACE)
  await redirect.getByTestId('beat-redirect-reason').fill('Addressee moved; neighbour gave the new address')
  await redirect.getByTestId('beat-redirect').click()
  await expect(redirect.getByRole('alert')).toContainText('6 digits')
  await expect(stop(ABSENT)).toHaveAttribute('data-status', 'attempted')
  await redirect.getByTestId('beat-redirect-pin').fill('518112')
  await expectAxeClean(b)
  await redirect.getByTestId('beat-redirect').click()
  await expect(stop(ABSENT)).toHaveAttribute('data-status', 'received')
  await expect(stop(ABSENT).getByTestId('redirect-note')).toHaveText(
    `Redirected to 12-3 Gandhi Nagar, Pinnapuram, 518112 · ${NEW_PLACE} — Addressee moved; neighbour gave the new address`,
  )
  await expect(stop(ABSENT).getByTestId('beat-attempt-note')).toHaveText(
    'Attempt 1: Addressee absent → Intimation left; held at the office',
  )
  await stop(ABSENT).scrollIntoViewIfNeeded()
  await shoot(b, '33-beat-redirect')
  await expect(b.getByTestId('beat-take')).toHaveCount(1)
  await b.getByTestId('beat-prepare').click()
  await expect(stop(ABSENT)).toHaveAttribute('data-status', 'out-for-delivery')
  await stop(ABSENT).getByTestId('beat-open-attempt').click()
  const again = stop(ABSENT).getByTestId('beat-attempt-form')
  await again.getByTestId('beat-reason').selectOption('premises-locked')
  await again.getByTestId('beat-action').selectOption('retry-next-beat')
  await again.getByTestId('beat-attempt').click()
  await expect(stop(ABSENT)).toHaveAttribute('data-status', 'attempted')
  await expect(stop(ABSENT).getByTestId('beat-attempt-note')).toHaveText(
    'Attempt 2: Premises locked → Try again on the next beat',
  )
  await expect(stop(ABSENT).getByTestId('redirect-note')).toContainText('518112')

  // the BPM reads Hindi: the persisted choice is loaded before the first paint, offline, with no flash of keys
  await bpm.context.addInitScript(() => {
    const w = window as unknown as { __firstText?: string }
    new MutationObserver((_, observer) => {
      const text = document.getElementById('app')?.textContent ?? ''
      if (text && w.__firstText === undefined) {
        w.__firstText = text
        observer.disconnect()
      }
    }).observe(document, { subtree: true, childList: true, characterData: true })
  })
  await b.evaluate(() => localStorage.setItem('dak.locale', 'hi'))
  await b.reload()
  await expect(b.locator('html')).toHaveAttribute('lang', 'hi')
  const first = await b.evaluate(() => (window as unknown as { __firstText?: string }).__firstText ?? '')
  expect(first).toContain('डाक')
  expect(first).not.toMatch(/app\.|status\.|beat\./)
  await expect(b.locator('#beat-h')).toHaveText('बीट, वितरण और COD')
  await expect(stop(ID_DOC).getByTestId('beat-pod-proof')).toHaveText('आधार, अंतिम अंक 0123')
  await expect(stop(ABSENT).getByTestId('beat-attempt-note')).toHaveText(
    'प्रयास 2: परिसर बंद → अगली बीट में फिर प्रयास',
  )
  await expect(b.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline')
  await expectAxeClean(b)
  await b.getByTestId('lang-switch').click()
  await expect(b.locator('html')).toHaveAttribute('lang', 'en')

  // back online: the round syncs without a click; at the end of the shift the pouch goes into the treasury
  await bpm.context.setOffline(false)
  await expectSaved(b)
  await b.goto(`${server.url}/#/dashboard`)
  await expect(cash.locator('tr[data-account="cod-pouch:bo-bpm"]')).toContainText('₹500.00')
  await expect(cash.locator('tr[data-account="treasury:pinnapuram-bo"]')).toContainText('₹15,000.00')
  // track and trace: where the article is now, its last attempt, the redirection and each step of its way
  await b.goto(`${server.url}/#/track`)
  await b.getByTestId('track-id').fill(ABSENT)
  const now = b.getByTestId('track-now')
  await expect(now).toHaveAttribute('data-status', 'attempted')
  await expect(now.getByTestId('beat-attempt-note')).toHaveText(
    'Attempt 2: Premises locked → Try again on the next beat',
  )
  await expect(now.getByTestId('redirect-note')).toContainText('12-3 Gandhi Nagar, Pinnapuram, 518112')
  const timeline = b.getByTestId('track-timeline')
  await expect(timeline.locator('li[data-code="EMH"]')).toHaveCount(2)
  await expect(timeline.locator('li[data-code="EMH"]').first()).toContainText(
    'Delivery attempted: Addressee absent → Intimation left; held at the office',
  )
  await expect(timeline.locator('li[data-code="RDR"]')).toContainText('Redirected: 12-3 Gandhi Nagar')
  await expectAxeClean(b)
  await shoot(b, '34-track-attempts-redirect')

  await b.goto(`${server.url}/#/dashboard`)
  const states = b.getByTestId('dash-articles')
  await expect(states.locator('tr[data-state="delivered"] td')).toHaveText('2')
  await expect(states.locator('tr[data-state="attempted"] td')).toHaveText('1')
  await expect(states.locator('tr[data-state="returned"] td')).toHaveText('1')

  await b.goto(`${server.url}/#/beat`)
  await expectAxeClean(b)
  await b.getByTestId('beat-pouch').scrollIntoViewIfNeeded()
  await shoot(b, '32-beat-cod-pouch')
  await b.getByTestId('beat-deposit').click()
  await expect(b.getByTestId('beat-pouch')).toHaveText('₹0.00')
  await expect(b.getByTestId('beat-deposit')).toBeDisabled()
  await expect(b.getByTestId('beat-pouch').locator('..').getByTestId('done')).toContainText('deposited')
  await expectSaved(b)

  // the dashboard's cash by custody: the pouch is empty and the treasury holds the ₹500 owed to the biller
  await b.goto(`${server.url}/#/dashboard`)
  await expect(cash.locator('tr[data-account="treasury:pinnapuram-bo"]')).toContainText('₹15,500.00')
  await expect(cash.locator('tr[data-account^="cod-pouch:"]')).toHaveCount(0)
  await expectAxeClean(b)
})
