import { computed, signal } from '@preact/signals'
import { en, type MessageKey, type Messages } from './en.ts'
import type { Locale } from './format.ts'
import { hi } from './hi.ts'

export type { MessageKey } from './en.ts'
export type { Locale } from './format.ts'

const catalogues: Record<Locale, Messages> = { en, hi }
const STORAGE_KEY = 'dak.locale'

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY)
  if (saved === 'en' || saved === 'hi') return saved
  return globalThis.navigator?.language?.startsWith('hi') ? 'hi' : 'en'
}

/** The current locale; changing it re-renders every `t()` reader and updates `<html lang>`. */
export const locale = signal<Locale>(initialLocale())

/** The active catalogue, derived from `locale`. */
export const messages = computed(() => catalogues[locale.value])

export function setLocale(next: Locale): void {
  locale.value = next
  globalThis.localStorage?.setItem(STORAGE_KEY, next)
  if (globalThis.document) document.documentElement.lang = next === 'hi' ? 'hi' : 'en'
}

/** Looks a message up in the current locale and fills `{placeholders}`. */
export function t(key: MessageKey, params?: Readonly<Record<string, string | number>>): string {
  const text = messages.value[key]
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name]
    return v === undefined ? whole : String(v)
  })
}

/** True when `key` is a message key (used to map core error codes to messages). */
export function hasKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key)
}
