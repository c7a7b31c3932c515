/**
 * The incremental fold. Events that arrive in order (the common case) are applied in O(1) each. An event that
 * sorts before the tip (normal when an offline device reconnects) re-folds from the nearest checkpoint before
 * it, not from the start of the day. Invariant, property-tested: `folder.state` equals `fold(all events added)`.
 */
import type { DakEvent } from '../events/envelope.ts'
import type { Kernel } from './kernel.ts'
import type { Conflict } from './module.ts'
import { compareEvents, preferredDuplicate } from './order.ts'

export interface FolderOptions {
  /** Minimum number of events between checkpoints (default 256). */
  checkpointEvery?: number
  /**
   * Checkpoints are at least `applied / checkpointRatio` events apart (default 8), so cloning a state that grows
   * with the journal stays O(1) amortised per event.
   */
  checkpointRatio?: number
  /** Checkpoints kept besides the empty start (default 8); the oldest go first. */
  maxCheckpoints?: number
}

/** What one `add` did. */
export interface FolderAddResult {
  /** Events that were new (not already held by id), in fold order. */
  readonly added: readonly DakEvent[]
  /** Events re-applied because some new event sorted before the tip (0 when all arrived in order). */
  readonly refolded: number
}

/** A live, incrementally folded state. */
export interface Folder<S> {
  /** Adds events in any order, with any duplicates. */
  add(events: Iterable<DakEvent>): FolderAddResult
  /** The current state. Live: read it, never mutate it; it changes on the next `add`. */
  readonly state: S
  /** Increases on every `add` that changed something (for views that re-render on change). */
  readonly version: number
  /** Number of distinct events held. */
  readonly size: number
  has(id: string): boolean
  get(id: string): DakEvent | undefined
  /** All events held, in fold order. */
  events(): readonly DakEvent[]
  /** Open conflicts of the current state. */
  conflicts(): Conflict[]
}

interface Checkpoint<S> {
  /** Number of events (of `sorted`) folded into `state`. */
  readonly index: number
  readonly state: S
}

export function createFolder<S>(kernel: Kernel<S>, options: FolderOptions = {}): Folder<S> {
  const every = Math.max(1, options.checkpointEvery ?? 256)
  const ratio = Math.max(1, options.checkpointRatio ?? 8)
  const maxCheckpoints = Math.max(1, options.maxCheckpoints ?? 8)
  const sorted: DakEvent[] = []
  const byId = new Map<string, DakEvent>()
  let checkpoints: Checkpoint<S>[] = []
  let state = kernel.init()
  let version = 0

  const lastCheckpointIndex = () => checkpoints[checkpoints.length - 1]?.index ?? 0
  const maybeCheckpoint = () => {
    const n = sorted.length
    if (n - lastCheckpointIndex() < Math.max(every, Math.floor(n / ratio))) return
    checkpoints.push({ index: n, state: kernel.clone(state) })
    if (checkpoints.length > maxCheckpoints) checkpoints.shift()
  }

  /** Re-folds `sorted[from..]` from the nearest checkpoint at or before `from`. */
  const refoldFrom = (from: number): number => {
    checkpoints = checkpoints.filter((c) => c.index <= from)
    const base = checkpoints[checkpoints.length - 1]
    state = base ? kernel.clone(base.state) : kernel.init()
    const start = base?.index ?? 0
    for (let i = start; i < sorted.length; i++) {
      kernel.applyInPlace(state, sorted[i]!)
      if (i + 1 - lastCheckpointIndex() >= Math.max(every, Math.floor((i + 1) / ratio))) {
        checkpoints.push({ index: i + 1, state: kernel.clone(state) })
        if (checkpoints.length > maxCheckpoints) checkpoints.shift()
      }
    }
    return sorted.length - start
  }

  return {
    add(events) {
      const list = Array.isArray(events) ? (events as readonly DakEvent[]) : [...events]
      // The hot path: one new event after the tip (a local action, or a peer's live update).
      const only = list.length === 1 ? list[0]! : undefined
      if (only && !byId.has(only.id)) {
        const tip = sorted[sorted.length - 1]
        if (!tip || compareEvents(tip, only) < 0) {
          byId.set(only.id, only)
          sorted.push(only)
          kernel.applyInPlace(state, only)
          maybeCheckpoint()
          version++
          return { added: list, refolded: 0 }
        }
      }
      const fresh = new Map<string, DakEvent>()
      let replaced = false
      for (const e of list) {
        const held = byId.get(e.id)
        if (held) {
          // Same id, different content: keep the deterministic choice so every device folds the same.
          if (held !== e && preferredDuplicate(held, e) === e && JSON.stringify(held) !== JSON.stringify(e)) {
            const i = sorted.indexOf(held)
            sorted.splice(i, 1)
            byId.delete(e.id)
            fresh.set(e.id, e)
            replaced = true
          }
          continue
        }
        const seen = fresh.get(e.id)
        fresh.set(e.id, seen ? preferredDuplicate(seen, e) : e)
      }
      if (fresh.size === 0) return { added: [], refolded: 0 }
      const added = [...fresh.values()].sort(compareEvents)
      for (const e of added) byId.set(e.id, e)
      version++
      const tip = sorted[sorted.length - 1]
      if (!replaced && (!tip || compareEvents(tip, added[0]!) < 0)) {
        for (const e of added) {
          sorted.push(e)
          kernel.applyInPlace(state, e)
          maybeCheckpoint()
        }
        return { added, refolded: 0 }
      }
      const from = replaced ? 0 : insertionPoint(sorted, added[0]!)
      mergeInto(sorted, from, added)
      return { added, refolded: refoldFrom(from) }
    },
    get state() {
      return state
    },
    get version() {
      return version
    },
    get size() {
      return sorted.length
    },
    has: (id) => byId.has(id),
    get: (id) => byId.get(id),
    events: () => sorted,
    conflicts: () => kernel.openConflicts(state),
  }
}

/** First index whose event sorts after `e` (binary search). */
function insertionPoint(sorted: readonly DakEvent[], e: DakEvent): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (compareEvents(sorted[mid]!, e) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Merges sorted `added` into `sorted` from index `from` on (every added event sorts at or after `from`). */
function mergeInto(sorted: DakEvent[], from: number, added: readonly DakEvent[]): void {
  const tail = sorted.splice(from)
  let i = 0
  let j = 0
  while (i < tail.length || j < added.length) {
    if (j >= added.length || (i < tail.length && compareEvents(tail[i]!, added[j]!) < 0))
      sorted.push(tail[i++]!)
    else sorted.push(added[j++]!)
  }
}
