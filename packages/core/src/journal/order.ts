import type { DakEvent } from '../events/envelope.ts'

/**
 * The fold order: by HLC stamp, then by id. Plain code-unit comparison (not `localeCompare`), so every device
 * and the server order the same events the same way whatever their locale.
 */
export function compareEvents(a: DakEvent, b: DakEvent): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1
  if (a.id !== b.id) return a.id < b.id ? -1 : 1
  return 0
}

/**
 * Picks one of two events that share an id (a bug or a forgery: ids are unique by contract) the same way on
 * every device: the earlier in fold order, then the smaller JSON. Keeps `fold` independent of arrival order.
 */
export function preferredDuplicate(a: DakEvent, b: DakEvent): DakEvent {
  const c = compareEvents(a, b)
  if (c !== 0) return c < 0 ? a : b
  if (a === b) return a
  return JSON.stringify(a) <= JSON.stringify(b) ? a : b
}

/** Sorts a copy of `events` into fold order, keeping one event per id. */
export function dedupeAndSort(events: Iterable<DakEvent>): DakEvent[] {
  const byId = new Map<string, DakEvent>()
  for (const e of events) {
    const seen = byId.get(e.id)
    byId.set(e.id, seen ? preferredDuplicate(seen, e) : e)
  }
  return [...byId.values()].sort(compareEvents)
}
