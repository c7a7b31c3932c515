/**
 * What a peer checks beyond signatures, over everything it holds: each device's hash chain in the office day it
 * has open, and the role behind every event (`eventAuthorityRefusal`, the server's and the fold's own check).
 *
 * A peer learns events in any order (offline devices, several rooms, retries), so the audit is a function of the
 * *set* of events held, never of their arrival: the same events give the same findings however they came. A
 * link to an event not held yet is `pending` — it may still arrive — until the day is sealed: once its Day End
 * is held together with every event that Day End lists, nothing more can arrive for that day, and a gap that
 * did not fill is `failed`. Everything else found (an edited predecessor, a fork, a link backwards, a link into
 * another device's chain, a role the actor did not hold) is `failed` at once.
 */
import * as v from 'valibot'
import type { DakEvent } from '../events/envelope.ts'
import { createKernel } from '../journal/kernel.ts'
import type { SliceModule } from '../journal/module.ts'
import { compareEvents } from '../journal/order.ts'
import type { State } from '../journal/state.ts'
import { officeModule } from '../office/office-module.ts'
import { type ChainIssueCode, chainKey, eventHash, parsePrev, verifyChains } from './chain.ts'
import { eventAuthorityRefusal } from './event-authority.ts'

/** What the audit finds: a chain finding (`verifyChains`' codes) or a role the actor did not hold. */
export type TrustFindingCode = ChainIssueCode | 'not-authorized'

/** One finding about one event. */
export interface TrustFinding {
  readonly code: TrustFindingCode
  /** `pending`: its predecessor is not held yet and may still arrive; `failed`: it is wrong as it stands. */
  readonly status: 'pending' | 'failed'
  readonly event: string
  readonly type: string
  readonly device: string
  readonly actor: string
  readonly office: string
  readonly date: string
  /** For a fork: the other event claiming the same predecessor. */
  readonly other?: string
  readonly message: string
}

export interface TrustAuditInput {
  /** The office's reference events (offices, staff, role grants): the trust root, folded but not checked. */
  readonly reference: readonly DakEvent[]
  /** The events held (journal and inbox): each is checked. Duplicates by id count once. */
  readonly events: readonly DakEvent[]
  /**
   * The office day whose chains are checked (the day room a device has open). Events of other days (late
   * entries) and offices (inbox copies) link into rooms the device does not hold, so only their roles are.
   */
  readonly day: { readonly office: string; readonly date: string }
  /**
   * Events the caller already refused (a bad signature): kept in the chains, where a successor's link shows the
   * edit, but neither checked for roles nor folded into them (a forged grant must not make anyone a postmaster).
   */
  readonly exclude?: ReadonlySet<string>
  /** `eventHash`, or a memoised one (a peer audits the same events again as more arrive). */
  readonly hashOf?: (event: DakEvent) => string
}

export interface TrustAudit {
  readonly findings: readonly TrustFinding[]
  /** True once the day's Day End and every event it lists are held: a missing link can no longer arrive. */
  readonly sealed: boolean
}

/** Audits the events held; pure, and independent of the order of `events`. */
export function auditTrust(input: TrustAuditInput): TrustAudit {
  const byId = new Map<string, DakEvent>()
  for (const e of input.events) byId.set(e.id, e)
  const dayEvents = [...byId.values()].filter(
    (e) => e.office === input.day.office && e.date === input.day.date,
  )
  const sealed = isSealed(dayEvents, byId, input.day)
  return {
    findings: [
      ...chainFindings(dayEvents, byId, sealed, input.hashOf ?? eventHash),
      ...roleFindings(input.reference, byId, input.exclude ?? new Set()),
    ],
    sealed,
  }
}

const dayEndedSchema = v.object({ eventIds: v.array(v.string()) })

/** The first Day End of the office day in fold order is held, and so is every event it covers. */
function isSealed(
  dayEvents: readonly DakEvent[],
  byId: ReadonlyMap<string, DakEvent>,
  day: TrustAuditInput['day'],
): boolean {
  const ended = dayEvents
    .filter((e) => e.type === 'day.ended' && e.office === day.office && e.date === day.date)
    .sort(compareEvents)[0]
  if (!ended || !v.is(dayEndedSchema, ended.payload)) return false
  return ended.payload.eventIds.every((id) => byId.has(id))
}

function chainFindings(
  dayEvents: readonly DakEvent[],
  byId: ReadonlyMap<string, DakEvent>,
  sealed: boolean,
  hashOf: (event: DakEvent) => string,
): TrustFinding[] {
  return verifyChains(dayEvents, hashOf).map((issue) => {
    const e = byId.get(issue.event) as DakEvent
    // `verifyChains` calls both "not held" and "held but in another chain" a gap; only the first can still fill.
    const linked = e.prev === undefined ? undefined : parsePrev(e.prev)
    const held = linked ? byId.get(linked.id) : undefined
    const crossed = held !== undefined && chainKey(held) !== chainKey(e)
    const pending = issue.code === 'chain-gap' && !crossed && !sealed
    const base = {
      code: issue.code,
      status: pending ? ('pending' as const) : ('failed' as const),
      event: e.id,
      type: e.type,
      device: e.device,
      actor: e.actor,
      office: e.office,
      date: e.date,
      message: pending ? `${issue.message} (yet: it may still arrive)` : issue.message,
    }
    return issue.other === undefined ? base : { ...base, other: issue.other }
  })
}

type RoleState = Pick<State, 'office'>
let roleKernel: ReturnType<typeof createKernel<RoleState>> | undefined

/**
 * Folds reference and held events in (hlc, id) order over the office slice and checks each held event against
 * the state just before it. A refused event is not folded: a clerk's self-granted role must not make their
 * later events pass.
 */
function roleFindings(
  reference: readonly DakEvent[],
  byId: ReadonlyMap<string, DakEvent>,
  exclude: ReadonlySet<string>,
): TrustFinding[] {
  roleKernel ??= createKernel<RoleState>([officeModule as unknown as SliceModule<RoleState, 'office'>])
  const k = roleKernel
  const referenceIds = new Set(reference.map((e) => e.id))
  const all = new Map<string, DakEvent>()
  for (const e of reference) all.set(e.id, e)
  for (const [id, e] of byId) if (!all.has(id) && !exclude.has(id)) all.set(id, e)
  const state = k.init()
  const findings: TrustFinding[] = []
  for (const e of [...all.values()].sort(compareEvents)) {
    const refused = referenceIds.has(e.id) ? null : eventAuthorityRefusal(state as State, e)
    if (refused) {
      findings.push({
        code: 'not-authorized',
        status: 'failed',
        event: e.id,
        type: e.type,
        device: e.device,
        actor: e.actor,
        office: e.office,
        date: e.date,
        message: `${e.type} ${e.id} by ${e.actor}: ${refused.message}`,
      })
      continue
    }
    k.applyInPlace(state, e)
  }
  return findings
}
