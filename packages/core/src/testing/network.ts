/**
 * A simulated network between Y.Doc replicas, in the shape of yjs's own TestConnector: every local update is
 * broadcast as a message that may be dropped, delayed, duplicated or delivered out of order, and devices are
 * partitioned from each other for random periods. Periodic anti-entropy (state-vector sync, as y-websocket does
 * on connect) repairs what was dropped. Deterministic for a given PRNG.
 */
import * as Y from 'yjs'
import type { Prng } from './prng.ts'

export interface NetworkOptions {
  /** Probability that a message is lost (default 0.15). */
  drop?: number
  /** Probability that a message is delivered twice (default 0.1). */
  duplicate?: number
  /** Maximum delay of a message, in ticks (default 8); delivery order within a tick is random. */
  maxDelay?: number
  /** Probability per tick that a new partition starts when none is active (default 0.05). */
  partitionChance?: number
  /** Length of a partition, in ticks (default 5..40). */
  partitionTicks?: readonly [number, number]
  /** Probability per tick of one anti-entropy exchange between two random devices (default 0.1). */
  syncChance?: number
}

export interface NetworkStats {
  sent: number
  delivered: number
  dropped: number
  duplicated: number
  partitions: number
  syncs: number
}

export interface SimNetwork {
  readonly docs: readonly Y.Doc[]
  readonly stats: NetworkStats
  /** Advances one tick: partitions start or end, due messages are delivered in random order. */
  tick(): void
  /** True when devices `a` and `b` can currently reach each other. */
  connected(a: number, b: number): boolean
  /** Ends partitions and losses, delivers everything in flight and syncs all pairs until every doc is equal. */
  heal(): void
}

interface Message {
  readonly to: number
  readonly from: number
  readonly update: Uint8Array
  readonly due: number
}

/** The transaction origin of updates applied by the network (so they are not re-broadcast). */
export const NETWORK_ORIGIN = Symbol('sim-network')

export function createSimNetwork(
  docs: readonly Y.Doc[],
  rng: Prng,
  options: NetworkOptions = {},
): SimNetwork {
  const drop = options.drop ?? 0.15
  const duplicate = options.duplicate ?? 0.1
  const maxDelay = options.maxDelay ?? 8
  const partitionChance = options.partitionChance ?? 0.05
  const [minPart, maxPart] = options.partitionTicks ?? [5, 40]
  const syncChance = options.syncChance ?? 0.1
  const stats: NetworkStats = { sent: 0, delivered: 0, dropped: 0, duplicated: 0, partitions: 0, syncs: 0 }
  let queue: Message[] = []
  let now = 0
  let lossy = true
  /** Partition group of each device; devices talk only within a group. */
  let groups = docs.map(() => 0)
  let partitionEnds = -1

  const connected = (a: number, b: number) => groups[a] === groups[b]

  const send = (from: number, to: number, update: Uint8Array) => {
    stats.sent++
    if (lossy && (rng.chance(drop) || !connected(from, to))) {
      stats.dropped++
      return
    }
    const copies = lossy && rng.chance(duplicate) ? 2 : 1
    if (copies === 2) stats.duplicated++
    for (let c = 0; c < copies; c++)
      queue.push({ from, to, update, due: now + (lossy ? rng.int(0, maxDelay) : 0) })
  }

  docs.forEach((doc, from) => {
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === NETWORK_ORIGIN) return
      docs.forEach((_, to) => {
        if (to !== from) send(from, to, update)
      })
    })
  })

  const syncPair = (a: number, b: number) => {
    stats.syncs++
    send(a, b, Y.encodeStateAsUpdate(docs[a]!, Y.encodeStateVector(docs[b]!)))
  }

  const deliverDue = (all: boolean) => {
    const due = all ? queue : queue.filter((m) => m.due <= now)
    queue = all ? [] : queue.filter((m) => m.due > now)
    for (const m of rng.shuffle(due)) {
      // A message in flight when the link was cut is lost with it.
      if (lossy && !connected(m.from, m.to)) {
        stats.dropped++
        continue
      }
      stats.delivered++
      Y.applyUpdate(docs[m.to]!, m.update, NETWORK_ORIGIN)
    }
  }

  return {
    docs,
    stats,
    connected,
    tick() {
      now++
      if (partitionEnds >= 0 && now >= partitionEnds) {
        groups = docs.map(() => 0)
        partitionEnds = -1
      } else if (partitionEnds < 0 && docs.length > 1 && rng.chance(partitionChance)) {
        groups = docs.map(() => rng.int(0, 1))
        partitionEnds = now + rng.int(minPart, maxPart)
        stats.partitions++
      }
      if (docs.length > 1 && rng.chance(syncChance)) {
        const a = rng.int(0, docs.length - 1)
        const b = (a + rng.int(1, docs.length - 1)) % docs.length
        syncPair(a, b)
      }
      deliverDue(false)
    },
    heal() {
      lossy = false
      groups = docs.map(() => 0)
      partitionEnds = -1
      deliverDue(true)
      for (let round = 0; round < docs.length + 1; round++) {
        for (let a = 0; a < docs.length; a++) {
          for (let b = 0; b < docs.length; b++) if (a !== b) syncPair(a, b)
        }
        deliverDue(true)
        if (allEqual(docs)) return
      }
      throw new Error('simulated network: documents still differ after healing and full pairwise sync')
    },
  }
}

function allEqual(docs: readonly Y.Doc[]): boolean {
  const first = docs[0]
  if (!first) return true
  const sv = Y.encodeStateVector(first).toString()
  return docs.every((d) => Y.encodeStateVector(d).toString() === sv && d.store.pendingStructs === null)
}
