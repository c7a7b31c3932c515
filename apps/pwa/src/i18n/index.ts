import { computed, signal } from '@preact/signals'
import { en, type MessageKey, type Messages } from './en.ts'
import type { Locale } from './format.ts'

export type { MessageKey } from './en.ts'
export type { Locale } from './format.ts'

const STORAGE_KEY = 'dak.locale'

/**
 * English ships in the initial chunk; Hindi is its own chunk (precached by the service worker, so it loads
 * offline too), fetched the first time it is needed. Keeping it out of the first load is part of the 150 kB
 * budget.
 */
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<Messages>> = {
  hi: () => import('./hi.ts').then((m) => m.hi),
}
/** Catalogues of the other languages once loaded (English is `en` plus its parts, see `messages`). */
const loaded: Partial<Record<Locale, Messages>> = {}

/**
 * English parts of lazily loaded screens, fetched with the screen's own chunk (see `loadPart`); Hindi ships
 * whole in its chunk. Until a part is loaded its keys are absent, but no screen using them renders before.
 */
const partLoaders = {
  mail: () => import('./en-mail.ts').then((m) => m.enMail),
} as const
const enParts = signal<Readonly<Record<string, string>>>({})

/** Loads an English message part (idempotent); a lazy screen awaits it together with its code. */
export async function loadPart(name: keyof typeof partLoaders): Promise<void> {
  const part = await partLoaders[name]()
  if (!Object.hasOwn(enParts.value, Object.keys(part)[0] ?? '')) enParts.value = { ...enParts.value, ...part }
}

/** The locale the person chose on this device (or, before any choice, the browser's language). */
export function preferredLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY)
  if (saved === 'en' || saved === 'hi') return saved
  return globalThis.navigator?.language?.startsWith('hi') ? 'hi' : 'en'
}

/**
 * The current locale; changing it re-renders every `t()` reader and updates `<html lang>`. It only ever names a
 * catalogue that is already loaded (set it through `setLocale`), so `t()` never shows a key or a half-switched
 * screen.
 */
export const locale = signal<Locale>('en')

/** The active catalogue, derived from `locale` (English: the initial catalogue plus the parts loaded). */
export const messages = computed<Messages>(
  () => loaded[locale.value] ?? ({ ...en, ...enParts.value } as unknown as Messages),
)

let latest = 0

/**
 * Switches the language: loads its catalogue first, then re-renders in one step and remembers the choice. When
 * switches overlap, the last one asked for wins. If the catalogue cannot be loaded (it is precached, so only a
 * broken install gets here) the screen stays in the current language and the promise rejects.
 */
export async function setLocale(next: Locale): Promise<void> {
  const ticket = ++latest
  if (next !== 'en') loaded[next] ??= await loaders[next]()
  if (ticket !== latest) return
  locale.value = next
  globalThis.localStorage?.setItem(STORAGE_KEY, next)
  if (globalThis.document) document.documentElement.lang = next === 'hi' ? 'hi' : 'en'
}

/** Looks a message up in the current locale and fills `{placeholders}`. */
export function t(key: MessageKey, params?: Readonly<Record<string, string | number>>): string {
  // a key of a part not loaded yet shows as itself rather than breaking the screen (no screen renders first)
  const text = messages.value[key] ?? key
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name]
    return v === undefined ? whole : String(v)
  })
}

/** True when `key` is a message key (used to map core error codes to messages). */
export function hasKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key) || Object.hasOwn(enParts.value, key)
}
