import { signal } from '@preact/signals'

export type Theme = 'system' | 'light' | 'dark'
const KEY = 'dak.theme'

function initial(): Theme {
  const v = globalThis.localStorage?.getItem(KEY)
  return v === 'light' || v === 'dark' ? v : 'system'
}

/** The person's theme choice; `system` follows the OS through `light-dark()`. */
export const theme = signal<Theme>(initial())

export function applyTheme(next: Theme): void {
  theme.value = next
  globalThis.localStorage?.setItem(KEY, next)
  const root = globalThis.document?.documentElement
  if (!root) return
  if (next === 'system') root.removeAttribute('data-theme')
  else root.dataset.theme = next
}
