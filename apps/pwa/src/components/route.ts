import { signal } from '@preact/signals'

/**
 * Hash routing (`#/book`): it works the same online and offline and needs no server rewrite rules.
 * `route` holds the path without the `#`, e.g. `/book`.
 */
export const route = signal<string>(readHash())

function readHash(): string {
  const h = globalThis.location?.hash ?? ''
  return h.startsWith('#/') ? h.slice(1) : '/'
}

globalThis.addEventListener?.('hashchange', () => {
  route.value = readHash()
})

export function navigate(path: string): void {
  if (globalThis.location) globalThis.location.hash = path
  route.value = path
}
