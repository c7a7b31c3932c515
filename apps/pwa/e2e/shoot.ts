import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, type Page } from '@playwright/test'

const dir = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url))

/**
 * Screenshots the current screen in English and in Hindi (360-px phone viewport, not the full page, to keep
 * the PNGs small) into docs/screenshots/<name>.<lang>.png, leaving the page in the language it was in.
 */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(dir, { recursive: true })
  const start = await page.locator('html').getAttribute('lang')
  for (const _ of [0, 1]) {
    const lang = (await page.locator('html').getAttribute('lang')) ?? 'en'
    await page.evaluate(() => document.fonts.ready)
    await page.screenshot({ path: `${dir}${name}.${lang}.png` })
    await switchLanguage(page, lang)
  }
  const end = await page.locator('html').getAttribute('lang')
  if (end !== start) await switchLanguage(page, end ?? 'en')
}

/** Clicks the language switch and waits until the other catalogue (Hindi loads on demand) is on screen. */
async function switchLanguage(page: Page, from: string): Promise<void> {
  await page.getByTestId('lang-switch').click()
  await expect(page.locator('html')).not.toHaveAttribute('lang', from)
}
