/** Server metrics, rendered in the Prometheus text exposition format at `/metrics`. */

const BUCKETS = [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const

/** A latency histogram in seconds. */
export interface Histogram {
  observe(seconds: number): void
  render(name: string, help: string): string
}

function createHistogram(): Histogram {
  const counts = BUCKETS.map(() => 0)
  let sum = 0
  let count = 0
  return {
    observe(s) {
      sum += s
      count++
      for (let i = 0; i < BUCKETS.length; i++) if (s <= BUCKETS[i]!) counts[i]!++
    },
    render(name, help) {
      const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`]
      BUCKETS.forEach((b, i) => {
        lines.push(`${name}_bucket{le="${b}"} ${counts[i]}`)
      })
      lines.push(`${name}_bucket{le="+Inf"} ${count}`, `${name}_sum ${sum}`, `${name}_count ${count}`)
      return lines.join('\n')
    },
  }
}

/** All counters and gauges of one server. */
export interface Metrics {
  connections: number
  rooms: number
  updatesIn: number
  updatesOut: number
  persistBatches: number
  persistUpdates: number
  compactions: number
  readonly refusals: Map<string, number>
  readonly persistLatency: Histogram
  readonly roomLoadLatency: Histogram
  refuse(reason: string): void
  render(): string
}

/** Creates a zeroed metrics registry. */
export function createMetrics(): Metrics {
  const m: Metrics = {
    connections: 0,
    rooms: 0,
    updatesIn: 0,
    updatesOut: 0,
    persistBatches: 0,
    persistUpdates: 0,
    compactions: 0,
    refusals: new Map(),
    persistLatency: createHistogram(),
    roomLoadLatency: createHistogram(),
    refuse(reason) {
      m.refusals.set(reason, (m.refusals.get(reason) ?? 0) + 1)
    },
    render() {
      const mem = process.memoryUsage()
      const gauge = (name: string, help: string, v: number, type = 'gauge') =>
        `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${v}`
      const refusals = [...m.refusals].map(([r, n]) => `dak_sync_refusals_total{reason="${r}"} ${n}`)
      return `${[
        gauge('dak_sync_connections', 'Open WebSocket connections.', m.connections),
        gauge('dak_sync_rooms', 'Rooms loaded in memory.', m.rooms),
        gauge('dak_sync_updates_in_total', 'Updates accepted from clients.', m.updatesIn, 'counter'),
        gauge('dak_sync_updates_out_total', 'Update messages sent to clients.', m.updatesOut, 'counter'),
        gauge('dak_sync_persist_batches_total', 'Durable group commits.', m.persistBatches, 'counter'),
        gauge('dak_sync_persist_updates_total', 'Updates made durable.', m.persistUpdates, 'counter'),
        gauge('dak_sync_compactions_total', 'Room compactions written.', m.compactions, 'counter'),
        `# HELP dak_sync_refusals_total Refused connections, messages and updates by reason.\n# TYPE dak_sync_refusals_total counter${refusals.length ? `\n${refusals.join('\n')}` : ''}`,
        m.persistLatency.render('dak_sync_persist_seconds', 'Duration of one durable group commit.'),
        m.roomLoadLatency.render('dak_sync_room_load_seconds', 'Duration of loading a room from storage.'),
        gauge('process_resident_memory_bytes', 'Resident memory.', mem.rss),
        gauge('nodejs_heap_used_bytes', 'V8 heap in use.', mem.heapUsed),
      ].join('\n')}\n`
    },
  }
  return m
}
