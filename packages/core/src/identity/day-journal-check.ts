/**
 * Checking a whole office day after the fact (an inspector, the divisional office, an auditor): every event
 * signed by its device's registered key, every device chain intact, and the Day End seal matching. Anyone who
 * holds the day's journal and the office's device keys can run it; it needs no server.
 */
import type { DakEvent } from '../events/envelope.ts'
import { type ChainIssue, verifyChains } from './chain.ts'
import { type SealError, verifySeal } from './seal.ts'
import {
  type DevicePublicKey,
  type SignatureError,
  type SignatureVerifier,
  verifyEventSignature,
} from './signatures.ts'

export interface DayJournalReport {
  readonly ok: boolean
  /** Events whose signature did not verify (or whose device key is unknown: `unknown-device`). */
  readonly signatures: readonly {
    readonly event: string
    readonly code: SignatureError['code'] | 'unknown-device'
  }[]
  readonly chains: readonly ChainIssue[]
  /** Null when no seal was given or it matched. */
  readonly seal: SealError | null
}

/**
 * Verifies a day's events. `keyOf` returns the registered key of a device (revoked ones included: a device's
 * events from before its revocation are still genuine). `seal`, when given, is the Day End digest, checked over
 * every event except `sealEvent` (the Day End event that carries it).
 */
export function verifyDayJournal(
  events: readonly DakEvent[],
  keyOf: (device: string) => DevicePublicKey | undefined,
  seal?: { readonly digest: string; readonly sealEvent?: string },
  verifier?: SignatureVerifier,
): DayJournalReport {
  const signatures: DayJournalReport['signatures'][number][] = []
  for (const e of events) {
    const key = keyOf(e.device)
    if (!key) {
      signatures.push({ event: e.id, code: 'unknown-device' })
      continue
    }
    const r = verifyEventSignature(e, key, verifier)
    if (!r.ok) signatures.push({ event: e.id, code: r.error.code })
  }
  const chains = verifyChains(events)
  let sealError: SealError | null = null
  if (seal) {
    const r = verifySeal(events, seal.digest, seal.sealEvent ? { exclude: [seal.sealEvent] } : {})
    if (!r.ok) sealError = r.error
  }
  return {
    ok: signatures.length === 0 && chains.length === 0 && sealError === null,
    signatures,
    chains,
    seal: sealError,
  }
}
