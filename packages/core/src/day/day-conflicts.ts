/**
 * Conflicts the fold finds in the day (two Day Begins, two approvals of one cash request, two receipts of one
 * cash bag, posting after Day End). The first event in fold order stands; later ones are held — applied to
 * nothing, posting nothing — until a `conflict.resolved` event picks a resolution.
 */
import type { DakEvent } from '../events/envelope.ts'
import type { Conflict } from '../journal/module.ts'
import type { DayState } from './day-state.ts'

export interface ConflictInput {
  readonly id: string
  readonly kind: string
  readonly subject: string
  readonly standingId: string
  readonly event: DakEvent
  readonly resolutions: readonly string[]
  readonly message: string
}

/** Holds `input.event` back in the conflict `input.id`, opening the conflict or adding to it. */
export function holdConflict(slice: DayState, input: ConflictInput): void {
  const existing = slice.conflicts[input.id]
  if (existing && !existing.resolved) {
    existing.held.push(input.event)
    slice.conflicts[input.id] = {
      ...existing,
      conflict: { ...existing.conflict, events: [...existing.conflict.events, input.event.id] },
    }
    return
  }
  // A clash after an earlier resolution opens the conflict afresh under a suffixed id.
  const id = existing ? `${input.id}:${input.event.id}` : input.id
  const conflict: Conflict = {
    id,
    kind: input.kind,
    subject: input.subject,
    events: [input.standingId, input.event.id],
    resolutions: input.resolutions,
    message: input.message,
  }
  slice.conflicts[id] = { conflict, standing: input.standingId, held: [input.event], resolved: false }
}

/** Open conflicts of the day slice, sorted by id so every device lists them alike. */
export function openConflicts(slice: DayState): Conflict[] {
  return Object.keys(slice.conflicts)
    .sort()
    .map((id) => slice.conflicts[id]!)
    .filter((c) => !c.resolved)
    .map((c) => c.conflict)
}
