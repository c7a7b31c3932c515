/**
 * A small test world for the day: devices that act through the real journal (`decide` + `fold`), a shared
 * event log, and offline devices that keep their own events until they sync. Time is a tick counter, so every
 * run is deterministic.
 */
import type { CommandContext, DakEvent, DomainError, State } from '../src/index.ts'
import { decide, fold } from '../src/journal/journal.ts'
import { demoOffice } from '../src/office/demo-office.ts'

export const DATE = '2026-12-01'

export interface ActOptions {
  readonly duty?: string | null
  readonly date?: string
  readonly office?: string
  /** Device id (default `dev-<actor>`, unregistered). */
  readonly device?: string
  /** Act on this device's offline view (its own unsynced events plus what it had seen). */
  readonly offline?: OfflineView
}

export interface OfflineView {
  readonly seen: DakEvent[]
  readonly made: DakEvent[]
}

export interface World {
  readonly events: DakEvent[]
  state(): State
  /** Runs a command; returns the events (appended to the log, or to the offline view) or throws the refusal. */
  act(actor: string, office: string, type: string, payload: unknown, opts?: ActOptions): DakEvent[]
  /** Runs a command expecting a refusal; returns it (throws if the command was accepted). */
  refused(actor: string, office: string, type: string, payload: unknown, opts?: ActOptions): DomainError
  try(
    actor: string,
    office: string,
    type: string,
    payload: unknown,
    opts?: ActOptions,
  ): { ok: true; events: DakEvent[] } | { ok: false; error: DomainError }
  goOffline(): OfflineView
  sync(view: OfflineView): void
  /** Moves the clock on by `ms` (HLCs follow). */
  advance(ms: number): void
}

/** `date`: the business date the world works on (default `DATE`), from 03:00 UTC that day. */
export function createWorld(
  seed: DakEvent[] = demoOffice({ date: DATE }).events,
  options: { readonly date?: string } = {},
): World {
  const day = options.date ?? DATE
  const BASE = Date.parse(`${day}T03:00:00.000Z`)
  const events: DakEvent[] = [...seed]
  let tick = 0
  let ids = 0
  let cached: { n: number; state: State } | null = null

  const state = (): State => {
    if (cached?.n !== events.length) cached = { n: events.length, state: fold(events) }
    return cached.state
  }

  const ctxFor = (actor: string, office: string, opts: ActOptions): CommandContext => ({
    office,
    date: opts.date ?? day,
    actor,
    device: opts.device ?? `dev-${actor}`,
    duty: opts.duty ?? null,
    now: BASE + tick,
    newId: () => `e${String(++ids).padStart(5, '0')}`,
    nextHlc: () => `${new Date(BASE + ++tick * 1000).toISOString()}-0000-dev-${actor}`,
  })

  const attempt: World['try'] = (actor, office, type, payload, opts = {}) => {
    const view = opts.offline ? fold([...opts.offline.seen, ...opts.offline.made]) : state()
    const r = decide(view, { type, payload }, ctxFor(actor, office, opts))
    if (!r.ok) return { ok: false, error: r.error }
    if (opts.offline) opts.offline.made.push(...r.value)
    else events.push(...r.value)
    return { ok: true, events: r.value }
  }

  return {
    events,
    state,
    try: attempt,
    act(actor, office, type, payload, opts) {
      const r = attempt(actor, office, type, payload, opts)
      if (!r.ok) throw new Error(`${type} by ${actor} refused: ${r.error.code} — ${r.error.message}`)
      return r.events
    },
    refused(actor, office, type, payload, opts) {
      const r = attempt(actor, office, type, payload, opts)
      if (r.ok) throw new Error(`${type} by ${actor} was accepted but a refusal was expected`)
      return r.error
    },
    goOffline: () => ({ seen: [...events], made: [] }),
    sync(view) {
      events.push(...view.made.filter((e) => !events.some((x) => x.id === e.id)))
      view.made.length = 0
    },
    advance(ms) {
      tick += Math.ceil(ms / 1000)
    },
  }
}

/** Cash counts used across tests (rupee face value → count). */
export const notes = (spec: Record<string, number>): Record<string, number> => spec
