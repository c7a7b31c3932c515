/**
 * Reviewing a trust flag: a postmaster or the divisional admin looks at an event a peer flagged (a bad
 * signature, a broken chain link, a role the actor did not hold…) and records that they did, with a reason. The
 * review is a signed, journaled `trust.flag-reviewed` event, so every device sees who reviewed what and when;
 * the flag leaves the open count but stays listed as reviewed. A review changes no other fact: a correction is
 * another event.
 *
 * Flag ids are `<code>:<event id>`, the same on every device (peer flags and the identity slice's own flags).
 * The first valid review of a flag in (hlc, id) order stands, so the outcome does not depend on arrival order;
 * a review by someone without the role is not counted (and is itself flagged by every peer's audit).
 */
import * as v from 'valibot'
import { type DomainError, domainError } from '../events/domain-error.ts'
import { type CommandContext, type DakEvent, stamp } from '../events/envelope.ts'
import { eventContext } from '../events/event-context.ts'
import type { Command, CommandHandler } from '../journal/module.ts'
import type { State } from '../journal/state.ts'
import { parsePayload } from '../office/parse-payload.ts'
import { authorize, type Permission } from '../office/permissions.ts'
import { err, ok, type Result } from '../result.ts'
import type { IdentityState } from './identity-types.ts'

/** The command a reviewer sends. */
export const REVIEW_FLAG = 'trust.review-flag'
/** The event it journals. */
export const FLAG_REVIEWED = 'trust.flag-reviewed'

/** Who may review a trust flag. */
export const FLAG_REVIEW: Permission = {
  roles: ['postmaster', 'divisional-admin'],
  duties: null,
  rule: 'only the postmaster of this office or the divisional admin may mark a trust flag reviewed',
}

/**
 * Why the actor of `ctx` may not review a flag, or null. Genesis as for device admin: while the office slice has
 * no role grant at all, nobody can hold the role, so it is not asked. `eventAuthorityRefusal` applies this to the
 * event; it lives here so that the fold does not load the whole table of event roles.
 */
export function flagReviewerRefusal(state: State, ctx: CommandContext): DomainError | null {
  return state.office.grants.length === 0 ? null : authorize(state, ctx, FLAG_REVIEW)
}

/**
 * Codes of the flags a device raises on events it received or folded: signature checks, chain findings, role
 * checks (`not-authorized`), and the identity slice's own flags.
 */
export const TRUST_FLAG_CODES = [
  'missing-signature',
  'bad-signature',
  'malformed-signature',
  'malformed-key',
  'revoked-device',
  'wrong-office',
  'chain-gap',
  'chain-edit',
  'chain-fork',
  'chain-order',
  'chain-malformed',
  'not-authorized',
  'revoked-device-event',
  'identity-event-refused',
] as const

export type TrustFlagCode = (typeof TRUST_FLAG_CODES)[number]

/** The id every device gives the flag of `code` on event `event`. */
export function trustFlagId(code: TrustFlagCode, event: string): string {
  return `${code}:${event}`
}

/** Splits a flag id into its code and event; undefined when the code is not a trust flag code. */
export function parseTrustFlagId(id: string): { code: TrustFlagCode; event: string } | undefined {
  const at = id.indexOf(':')
  if (at <= 0 || at === id.length - 1) return undefined
  const code = id.slice(0, at)
  return (TRUST_FLAG_CODES as readonly string[]).includes(code)
    ? { code: code as TrustFlagCode, event: id.slice(at + 1) }
    : undefined
}

/** A recorded review. */
export interface FlagReview {
  readonly flag: string
  readonly by: string
  readonly device: string
  /** Device wall clock of the review, epoch ms (display only). */
  readonly at: number
  readonly hlc: string
  /** The `trust.flag-reviewed` event. */
  readonly event: string
  readonly reason: string
}

const flagField = v.pipe(
  v.string('flag must be a string'),
  v.minLength(3, 'flag must be a flag id, <code>:<event id>'),
  v.maxLength(300, 'flag must be at most 300 characters'),
)
const reasonField = v.pipe(
  v.string('reason must be a string'),
  v.trim(),
  v.minLength(3, 'give a reason of at least 3 characters'),
  v.maxLength(500, 'reason must be at most 500 characters'),
)

/** Payload of `trust.review-flag` and of the `trust.flag-reviewed` event. */
export const flagReviewedSchema = v.strictObject({ flag: flagField, reason: reasonField })

export type FlagReviewedPayload = v.InferOutput<typeof flagReviewedSchema>

const RULE_KNOWN = 'only a flag this device raised can be marked reviewed'

/**
 * Why `flag` cannot be reviewed given the flags this device shows (`open`, by id): `unknown-flag` when it is
 * not among them. The command itself cannot know the flags a peer raised from signatures (they are checked
 * outside the fold), so the screen asks this before it sends the command.
 */
export function flagReviewRefusal(open: readonly string[], flag: string): DomainError | null {
  return open.includes(flag)
    ? null
    : domainError(
        'unknown-flag',
        RULE_KNOWN,
        `No open flag ${flag} on this device; pick one from the list.`,
        {
          flag,
        },
      )
}

/**
 * Decides `trust.review-flag`: the actor must hold the postmaster or divisional admin role (once the office
 * has role grants), the flag id must be a trust flag code and an event id (`unknown-flag`), with `open` given
 * it must be among them, and it must not be reviewed already (`flag-already-reviewed`).
 */
export function decideFlagReview(
  state: State,
  command: Command,
  ctx: CommandContext,
  open?: readonly string[],
): Result<DakEvent[], DomainError> {
  const p = parsePayload(flagReviewedSchema, command)
  if (!p.ok) return p
  const denied = flagReviewerRefusal(state, ctx)
  if (denied) return err(denied)
  if (!parseTrustFlagId(p.value.flag)) {
    return err(
      domainError(
        'unknown-flag',
        RULE_KNOWN,
        `${p.value.flag} is not a flag id (<flag code>:<event id>); pick a flag from the list.`,
        { flag: p.value.flag },
      ),
    )
  }
  const unknown = open ? flagReviewRefusal(open, p.value.flag) : null
  if (unknown) return err(unknown)
  const done = state.identity.reviews[p.value.flag]
  if (done) {
    return err(
      domainError(
        'flag-already-reviewed',
        'a flag is reviewed once; the first review stands',
        `Flag ${p.value.flag} was already reviewed by ${done.by}: ${done.reason}.`,
        { flag: p.value.flag, by: done.by },
      ),
    )
  }
  return ok([stamp(ctx, FLAG_REVIEWED, p.value)])
}

/** The kernel's handler (no list of open flags: the screen checks it with `flagReviewRefusal`). */
export const reviewFlag: CommandHandler = (state, command, ctx) => decideFlagReview(state, command, ctx)

/**
 * Folds a `trust.flag-reviewed` event into the identity slice: the first review of a flag by someone allowed
 * to stands; an identity slice flag it names leaves the open flags. Other events are ignored.
 */
export function applyFlagReview(slice: IdentityState, event: DakEvent, state: State): void {
  if (event.type !== FLAG_REVIEWED || !v.is(flagReviewedSchema, event.payload)) return
  if (flagReviewerRefusal(state, eventContext(event))) return
  const flag = event.payload.flag
  if (slice.reviews[flag]) return
  slice.reviews[flag] = {
    flag,
    by: event.actor,
    device: event.device,
    at: event.at,
    hlc: event.hlc,
    event: event.id,
    reason: event.payload.reason,
  }
  slice.flags = slice.flags.filter((f) => f.id !== flag)
}
