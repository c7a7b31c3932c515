import type { DakEvent, State } from '@dak/core'

/**
 * The other offices an event concerns, whose inbox documents get a copy of it (the same event, same id: every
 * fold dedupes by id). The sender's own day document always keeps the original. `state` is the state before
 * the event (the request or bag it refers to is already there).
 */
export function addresseesOf(event: DakEvent, state: State): string[] {
  const p = event.payload as Record<string, unknown>
  const str = (v: unknown) => (typeof v === 'string' ? v : null)
  let to: string | null = null
  switch (event.type) {
    case 'bag.pre-advised':
    case 'cashbag.packed':
      to = str(p.to)
      break
    case 'cash.requested':
      to = str(p.accountOffice)
      break
    case 'cash.approved':
    case 'cash.refused':
      to = state.day.cashRequests[str(p.requestId) ?? '']?.office ?? null
      break
    case 'cashbag.dispatched':
      to = state.day.bags[str(p.bagNo) ?? '']?.to ?? null
      break
    case 'cashbag.received':
      to = state.day.bags[str(p.bagNo) ?? '']?.from ?? null
      break
  }
  return to && to !== event.office ? [to] : []
}
