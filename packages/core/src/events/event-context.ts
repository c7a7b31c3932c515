/**
 * The command context an event was made in, rebuilt from the event itself, so that a rule written for
 * commands (a role check, say) can be applied again to an event already made — by the fold, a peer or the server.
 */
import type { CommandContext, DakEvent } from './envelope.ts'

/** The context `event` was decided in: its office, date, actor, device, duty, time, id and HLC stamp. */
export function eventContext(event: DakEvent): CommandContext {
  return {
    office: event.office,
    date: event.date,
    actor: event.actor,
    device: event.device,
    duty: event.duty,
    now: event.at,
    newId: () => event.id,
    nextHlc: () => event.hlc,
  }
}
