/**
 * Receiving a bag (domain.md b4): scan the label, check the seal, scan the articles, reconcile against the
 * manifest — the pre-advice when it has arrived, otherwise the QR on the label, so a receipt works with no
 * network — and report each difference (missing, excess, damaged, seal) as an error record addressed to the
 * office at fault (the dispatching office), as PM Vol V r.144 asks.
 */
import { type DomainError, domainError } from '../events/domain-error.ts'
import { type CommandContext, type DakEvent, stamp } from '../events/envelope.ts'
import type { Command } from '../journal/module.ts'
import type { State } from '../journal/state.ts'
import { parsePayload } from '../office/parse-payload.ts'
import { err, ok, type Result } from '../result.ts'
import { MAIL_PERMISSIONS, mailGuard } from './mail-guard.ts'
import { bagReceiveSchema } from './mail-schemas.ts'
import type { IrregularityKind } from './mail-state.ts'
import { decodeManifest, type Manifest, ManifestError } from './manifest.ts'
import { type Reconciliation, reconcile } from './reconcile.ts'

const RULE_RECEIVE = 'a bag is received once, by the office it is addressed to, against its manifest'
const refuse = (code: string, message: string, details?: Record<string, unknown>) =>
  err(domainError(code, RULE_RECEIVE, message, details))

/** One error-book line as carried by `bag.irregularities-reported`. */
export interface IrregularityRecord {
  readonly kind: IrregularityKind
  readonly articleId: string | null
}

/** Every difference of a receipt as error records: seal first, then missing, excess, damaged articles. */
export function irregularitiesOf(
  manifest: Manifest,
  r: Reconciliation,
  seal: { sealNo: string; sealIntact: boolean },
): IrregularityRecord[] {
  const out: IrregularityRecord[] = []
  if (!seal.sealIntact) out.push({ kind: 'seal-broken', articleId: null })
  if (seal.sealNo !== manifest.sealNo) out.push({ kind: 'seal-mismatch', articleId: null })
  for (const id of r.missing) out.push({ kind: 'missing', articleId: id })
  for (const id of r.excess) out.push({ kind: 'excess', articleId: id })
  for (const id of r.damaged) out.push({ kind: 'damaged', articleId: id })
  return out
}

function manifestFor(
  state: State,
  bagId: string,
  qr: string | undefined,
): Result<{ manifest: Manifest; text: string; source: 'pre-advice' | 'qr' }, DomainError> {
  const pre = state.mail.inbound[bagId]?.preAdvice
  if (pre) return ok({ manifest: pre.manifest, text: pre.manifestText, source: 'pre-advice' })
  if (!qr)
    return refuse(
      'manifest-missing',
      `No pre-advice for bag ${bagId} has arrived; scan the manifest QR on the bag label.`,
    )
  try {
    return ok({ manifest: decodeManifest(qr), text: qr, source: 'qr' })
  } catch (e) {
    if (e instanceof ManifestError) return refuse(e.code, `${e.message}`)
    throw e
  }
}

const canon = (id: string) => id.replace(/\s+/g, '').toUpperCase()

/** `bag.receive` → `bag.received` (+ `bag.irregularities-reported` when anything differs). */
export function receiveBag(
  state: State,
  command: Command,
  ctx: CommandContext,
): Result<DakEvent[], DomainError> {
  const refused = mailGuard(state, ctx, MAIL_PERMISSIONS.bag)
  if (refused) return err(refused)
  const p = parsePayload(bagReceiveSchema, command)
  if (!p.ok) return p
  const c = p.value
  const bagId = canon(c.bagId)
  const inbound = state.mail.inbound[bagId]
  if (inbound && inbound.receipts.length > 0) {
    return refuse(
      'bag-already-received',
      `Bag ${bagId} was already received (${inbound.receipts[0]!.event}); do not count it twice.`,
    )
  }
  const got = manifestFor(state, bagId, c.manifestQr)
  if (!got.ok) return got
  const { manifest, text, source } = got.value
  if (manifest.bagId !== bagId) {
    return refuse(
      'bag-label-mismatch',
      `The label reads ${bagId} but the manifest is for ${manifest.bagId}; scan this bag's own QR.`,
    )
  }
  if (manifest.to !== ctx.office) {
    return refuse(
      'bag-missent',
      `Bag ${bagId} is addressed to ${manifest.to}, not ${ctx.office}; send it on and report it missent.`,
    )
  }
  const scanned = [...new Set(c.scanned.map(canon))]
  const damaged = [...new Set((c.damaged ?? []).map(canon))]
  const received = stamp(ctx, 'bag.received', {
    bagId,
    sealNo: c.sealNo,
    sealIntact: c.sealIntact,
    manifestSource: source,
    manifest: text,
    scanned,
    damaged,
    arrivalCode: state.office.offices[ctx.office]?.kind === 'MO' ? 'EMJ' : 'EMG',
  })
  const records = irregularitiesOf(manifest, reconcile(manifest.articleIds, scanned, damaged), c)
  // The label QR and the pre-advice are the same manifest; if they differ, the label was re-made or tampered.
  if (source === 'pre-advice' && c.manifestQr !== undefined && c.manifestQr !== text) {
    records.unshift({ kind: 'manifest-mismatch', articleId: null })
  }
  if (records.length === 0) return ok([received] as DakEvent[])
  const reported = stamp(ctx, 'bag.irregularities-reported', {
    bagId,
    receipt: received.id,
    atFault: manifest.from,
    records,
  })
  return ok([received, reported] as DakEvent[])
}
