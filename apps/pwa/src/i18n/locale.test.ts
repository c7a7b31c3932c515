import { describe, expect, it } from 'vitest'
import { en } from './en.ts'
import { enMail } from './en-mail.ts'
import { hi } from './hi.ts'
import { hasKey, loadPart, locale, messages, setLocale, t } from './index.ts'

describe('switching language loads the catalogue before re-rendering', () => {
  it('starts in English, the catalogue in the initial chunk', () => {
    expect(locale.value).toBe('en')
    expect(t('app.name')).toBe(en['app.name'])
  })

  it('keeps showing the current language while Hindi loads, then switches in one step', async () => {
    const switching = setLocale('hi')
    // nothing changed yet: no key, no half-switched screen while the chunk is fetched
    expect(locale.value).toBe('en')
    expect(t('app.name')).toBe('Dak')
    await switching
    expect(locale.value).toBe('hi')
    expect(messages.value).toEqual(hi)
    expect(t('app.name')).toBe('डाक')
    expect(t('status.pending', { count: 3 })).toBe(hi['status.pending'].replace('{count}', '3'))
    await setLocale('en')
    expect(t('app.name')).toBe('Dak')
  })

  it('when switches overlap, the last one asked for wins', async () => {
    const a = setLocale('hi')
    const b = setLocale('en')
    await Promise.all([a, b])
    expect(locale.value).toBe('en')
    const c = setLocale('en')
    const d = setLocale('hi')
    await Promise.all([c, d])
    expect(locale.value).toBe('hi')
    await setLocale('en')
  })
})

describe('English parts of lazy screens', () => {
  it('are not in the initial catalogue and are there once their part is loaded', async () => {
    expect(Object.hasOwn(en, 'beat.title')).toBe(false)
    expect(hasKey('beat.title')).toBe(false)
    await loadPart('mail')
    await loadPart('mail')
    expect(t('beat.title')).toBe(enMail['beat.title'])
    expect(t('beat.lastAttempt', { count: 2, reason: 'r', action: 'a' })).toBe('Attempt 2: r → a')
    expect(hasKey('beat.title')).toBe(true)
    await setLocale('hi')
    expect(t('beat.title')).toBe(hi['beat.title'])
    await setLocale('en')
  })
})
