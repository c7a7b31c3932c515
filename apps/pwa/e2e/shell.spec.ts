import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, expect, test } from '@playwright/test'
import { launchOptions } from '../playwright.config.ts'
import { expectAxeClean } from './axe.ts'

test('the app loads with its shell and no CSP violation', async ({ page }) => {
  const cspErrors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text())
  })
  await page.goto('/')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Dak|डाक/)
  await expect(page.getByTestId('sync-status')).toBeVisible()
  expect(cspErrors).toEqual([])
})

test('switching to Hindi renders Devanagari and sets <html lang>', async ({ page }) => {
  await page.goto('/')
  await page.evaluate(() => localStorage.setItem('dak.locale', 'en'))
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await page.getByTestId('lang-switch').click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'hi')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('डाक')
  const text = await page.locator('main').textContent()
  expect(text).toMatch(/[\u0900-\u097F]/)
  // the Devanagari font is self-hosted and actually used
  const loaded = await page.evaluate(async () => {
    await document.fonts.ready
    return document.fonts.check('16px "Noto Sans Devanagari"', 'डाक')
  })
  expect(loaded).toBe(true)
})

test('installable: manifest with icons and an active service worker', async ({ page }) => {
  await page.goto('/')
  const href = await page.locator('link[rel="manifest"]').getAttribute('href')
  expect(href).toBeTruthy()
  const res = await page.request.get(href ?? '')
  expect(res.headers()['content-type']).toContain('application/manifest+json')
  const manifest = (await res.json()) as {
    name: string
    short_name: string
    display: string
    start_url: string
    icons: { sizes: string; purpose?: string }[]
  }
  expect(manifest.name).toBeTruthy()
  expect(manifest.short_name).toBe('Dak')
  expect(manifest.display).toBe('standalone')
  expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']))
  expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true)
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const reg = await navigator.serviceWorker.ready
        return reg.active?.state
      }),
    )
    .toBe('activated')
})

test("Chromium's own installability check passes (persistent profile)", async ({ baseURL }) => {
  // The default test context is incognito, which Chromium never installs from; use a real profile.
  const dir = await mkdtemp(join(tmpdir(), 'dak-pwa-'))
  const context = await chromium.launchPersistentContext(dir, { ...launchOptions, serviceWorkers: 'allow' })
  try {
    const page = await context.newPage()
    await page.goto(baseURL ?? '/')
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    const cdp = await context.newCDPSession(page)
    await expect
      .poll(async () => {
        const r = (await cdp.send('Page.getInstallabilityErrors')) as {
          installabilityErrors: { errorId: string }[]
        }
        return r.installabilityErrors.map((e) => e.errorId)
      })
      .toEqual([])
  } finally {
    await context.close()
    await rm(dir, { recursive: true, force: true })
  }
})

test('offline reload serves the shell from the precache', async ({ page, context }) => {
  await page.goto('/')
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
  })
  // wait until the page is controlled so the reload goes through the service worker
  await page.reload()
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true)
  await context.setOffline(true)
  await page.reload()
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline')
  await context.setOffline(false)
})

test('the shell is axe clean in both languages and both themes', async ({ page }) => {
  await page.goto('/')
  for (const lang of ['en', 'hi'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate(
        ({ l, th }) => {
          localStorage.setItem('dak.locale', l)
          localStorage.setItem('dak.theme', th)
        },
        { l: lang, th: theme },
      )
      await page.reload()
      await expect(page.locator('html')).toHaveAttribute('lang', lang)
      await expectAxeClean(page)
    }
  }
  await page.goto('/#/settings')
  await expectAxeClean(page)
})
