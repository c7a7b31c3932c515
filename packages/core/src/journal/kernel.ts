/**
 * The journal machinery over a list of modules: `decide`, `evolve`, `fold`, `openConflicts`, event parsing and
 * the incremental folder. The public functions in `journal/journal.ts` are this kernel over the real modules;
 * tests build kernels that add test-only modules.
 */
import * as v from 'valibot'
import { type DomainError, domainError } from '../events/domain-error.ts'
import { type CommandContext, type DakEvent, stamp } from '../events/envelope.ts'
import {
  createPayloadRegistry,
  type EventError,
  type EventSupport,
  eventSupport,
  type PayloadRegistry,
  parseEvent,
} from '../events/parse-event.ts'
import { CONFLICT_RESOLVED, type ConflictResolvedPayload, conflictResolvedSchema } from '../events/schema.ts'
import { err, ok, type Result } from '../result.ts'
import { createFolder, type Folder, type FolderOptions } from './folder.ts'
import type { Command, CommandHandler, Conflict, SliceModule } from './module.ts'
import { dedupeAndSort } from './order.ts'

/** The command that resolves an open conflict; payload `{ conflictId, resolution, reason }`. */
export const RESOLVE_CONFLICT = 'conflict.resolve'

/** The journal machinery bound to one list of modules over the state shape `S`. */
export interface Kernel<S> {
  readonly modules: readonly SliceModule<S, keyof S>[]
  readonly registry: PayloadRegistry
  /** A fresh state: every module's `init()`. */
  init(): S
  /** Dispatches a command to the module that owns its type; `unknown-command` if none does. */
  decide(state: S, command: Command, ctx: CommandContext): Result<DakEvent[], DomainError>
  /** Pure: a new state with `event` applied (the input is untouched). */
  evolve(state: S, event: DakEvent): S
  /** Applies `event` to `state` in place (folders use this; `state` must be theirs to mutate). */
  applyInPlace(state: S, event: DakEvent): void
  /** Folds any collection of events: duplicates (by id) dropped, sorted by (hlc, id), applied in order. */
  fold(events: Iterable<DakEvent>): S
  /** Every module's open conflicts, in module order. */
  openConflicts(state: S): Conflict[]
  /** Deep copy of a state, slice by slice (for checkpoints and `evolve`). */
  clone(state: S): S
  /** Validates untrusted input as an event of this kernel's modules. */
  parseEvent(input: unknown): Result<DakEvent, EventError>
  /** Whether this build folds the event (`current`, `unowned`) or only keeps it (`future`). */
  support(event: DakEvent): EventSupport
  /** An incremental folder whose state always equals `fold(all events added)`. */
  createFolder(options?: FolderOptions): Folder<S>
}

/**
 * Builds the machinery for `modules` (applied to each event in this order). Throws if two modules share a slice
 * name or a command type: a programming error caught at start-up.
 */
export function createKernel<S>(modules: readonly SliceModule<S, keyof S>[]): Kernel<S> {
  const handlers = new Map<string, CommandHandler<S>>()
  const names = new Set<keyof S>()
  for (const m of modules) {
    if (names.has(m.name)) throw new Error(`two modules share the slice name "${String(m.name)}"`)
    names.add(m.name)
    for (const [type, handler] of Object.entries(m.commands)) {
      if (handlers.has(type) || type === RESOLVE_CONFLICT) {
        throw new Error(`command type "${type}" is handled by two modules`)
      }
      handlers.set(type, handler)
    }
  }
  const registry = createPayloadRegistry(modules.map((m) => m.payloadSchemas))

  const init = (): S => {
    const s = {} as S
    for (const m of modules) s[m.name] = m.init()
    return s
  }

  const clone = (state: S): S => {
    const s = { ...state }
    for (const m of modules) s[m.name] = m.clone ? m.clone(state[m.name]) : deepClone(state[m.name])
    return s
  }

  const openConflicts = (state: S): Conflict[] => {
    const out: Conflict[] = []
    for (const m of modules) out.push(...m.conflicts(state[m.name]))
    return out
  }

  const applyInPlace = (state: S, event: DakEvent): void => {
    if (eventSupport(event, registry) === 'future') return
    if (event.type === CONFLICT_RESOLVED) {
      routeResolution(modules, state, event)
      return
    }
    for (const m of modules) m.apply(state[m.name], event, state)
  }

  const kernel: Kernel<S> = {
    modules,
    registry,
    init,
    clone,
    openConflicts,
    applyInPlace,
    decide(state, command, ctx) {
      if (command.type === RESOLVE_CONFLICT) {
        const r = resolveConflict(openConflicts(state), command, ctx)
        if (!r.ok) return r
        // The modules' folds decide who may close a conflict (a resolution by anyone else is journaled but
        // changes nothing). Folding it here first refuses such a command, instead of accepting it and leaving
        // the conflict open with no word why.
        const probe = clone(state)
        for (const e of r.value) applyInPlace(probe, e)
        const conflictId = (command.payload as { conflictId: string }).conflictId
        if (openConflicts(probe).some((c) => c.id === conflictId)) {
          return err(
            domainError(
              'resolution-not-permitted',
              'a conflict is closed only by someone its module allows (a supervisor of its office or the divisional office)',
              `${ctx.actor} may not close conflict ${conflictId} in ${ctx.office}; ask a supervisor of ${ctx.office} or the divisional office to resolve it.`,
              { conflictId },
            ),
          )
        }
        return r
      }
      const handler = handlers.get(command.type)
      if (!handler) {
        return err(
          domainError(
            'unknown-command',
            'every command must be one this version of Dak knows',
            `command type "${command.type}" is not handled by any module; known types: ${[...handlers.keys(), RESOLVE_CONFLICT].join(', ')}`,
            { type: command.type },
          ),
        )
      }
      return handler(state, command, ctx)
    },
    evolve(state, event) {
      const next = clone(state)
      applyInPlace(next, event)
      return next
    },
    fold(events) {
      const state = init()
      for (const e of dedupeAndSort(events)) applyInPlace(state, e)
      return state
    },
    parseEvent: (input) => parseEvent(input, registry),
    support: (event) => eventSupport(event, registry),
    createFolder: (options) => createFolder(kernel, options),
  }
  return kernel
}

// structuredClone is in every runtime core targets (browsers, Node ≥ 17, workers) but not in the ES lib typings.
const deepClone = (globalThis as unknown as { structuredClone<T>(value: T): T }).structuredClone

/**
 * Delivers a `conflict.resolved` event to the one module whose open conflicts hold its `conflictId`, and only
 * if the resolution is one the conflict allows. Anything else (a second resolution of the same conflict made
 * offline, a forged id) is kept in the journal but changes nothing, identically on every device.
 */
function routeResolution<S>(modules: readonly SliceModule<S, keyof S>[], state: S, event: DakEvent): void {
  const parsed = v.safeParse(conflictResolvedSchema, event.payload)
  if (!parsed.success) return
  const { conflictId, resolution } = parsed.output
  for (const m of modules) {
    const conflict = m.conflicts(state[m.name]).find((c) => c.id === conflictId)
    if (!conflict) continue
    if (conflict.resolutions.includes(resolution)) m.apply(state[m.name], event, state)
    return
  }
}

function resolveConflict(
  open: readonly Conflict[],
  command: Command,
  ctx: CommandContext,
): Result<DakEvent[], DomainError> {
  const parsed = v.safeParse(conflictResolvedSchema, command.payload)
  if (!parsed.success) {
    return err(
      domainError(
        'invalid-command',
        'a conflict resolution names the conflict, one of its allowed resolutions and a reason',
        `conflict.resolve needs { conflictId, resolution, reason } (strings): ${parsed.issues.map((i) => i.message).join('; ')}`,
      ),
    )
  }
  const payload: ConflictResolvedPayload = parsed.output
  const conflict = open.find((c) => c.id === payload.conflictId)
  if (!conflict) {
    return err(
      domainError(
        'conflict-not-open',
        'only an open conflict can be resolved',
        `conflict ${payload.conflictId} is not open (it may already be resolved); open conflicts: ${open.map((c) => c.id).join(', ') || 'none'}`,
        { conflictId: payload.conflictId },
      ),
    )
  }
  if (!conflict.resolutions.includes(payload.resolution)) {
    return err(
      domainError(
        'resolution-not-allowed',
        'a conflict is resolved with one of the resolutions it offers',
        `resolution "${payload.resolution}" is not allowed for conflict ${conflict.id}; choose one of: ${conflict.resolutions.join(', ')}`,
        { conflictId: conflict.id, resolution: payload.resolution },
      ),
    )
  }
  return ok([stamp(ctx, CONFLICT_RESOLVED, payload)])
}
