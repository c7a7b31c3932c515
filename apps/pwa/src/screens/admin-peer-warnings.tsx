import { type FlagReview, flagReviewRefusal, REVIEW_FLAG } from '@dak/core'
import { useState } from 'preact/hooks'
import { useAction } from '../components/action.ts'
import { Field } from '../components/field.tsx'
import { ResultNote } from '../components/result-note.tsx'
import { formatDateTime } from '../i18n/format.ts'
import { locale, type MessageKey, t } from '../i18n/index.ts'
import { store } from '../state/app-state.ts'
import { flagId, type PeerFlag, peerFlags, peerPending, peerUnverified } from '../state/peer-flags.ts'
import type { OfficeStore } from '../state/store.ts'

const flagText = (f: PeerFlag) =>
  t('peer.item', {
    what: t(`peer.code.${f.code}` as MessageKey),
    event: f.event,
    type: f.type,
    device: f.device,
    actor: f.actor,
  })

/**
 * Received events that failed this device's checks (issue 10: signature, device, chain link, role), each naming
 * the device and the event; those a postmaster or the divisional admin marked reviewed (a journaled
 * `trust.flag-reviewed`, so every device shows who and why), struck through below; and how many could not be
 * checked yet. With `review` (the admin screen, for whoever may review), each open flag can be marked reviewed.
 * Small, so the conflicts screen can show it; the verifier itself is loaded on demand.
 */
export function PeerWarnings({ review }: { review?: OfficeStore | undefined } = {}) {
  const flags = peerFlags.value
  const unverified = peerUnverified.value
  const pending = peerPending.value
  const s = store.value
  void s?.version.value
  const reviews: Readonly<Record<string, FlagReview>> = s?.state().identity.reviews ?? {}
  const open = flags.filter((f) => !reviews[flagId(f)])
  const reviewed = flags.filter((f) => reviews[flagId(f)])
  if (flags.length === 0 && unverified === 0 && pending === 0) return null
  return (
    <div class="card" data-testid="peer-warnings">
      {open.length > 0 && (
        <>
          <h3 class="warn">{t('peer.title')}</h3>
          <p>{t('peer.intro')}</p>
          <ul class="plain">
            {open.map((f) => (
              <li key={flagId(f)} data-testid="peer-flag" data-code={f.code} data-flag={flagId(f)}>
                {flagText(f)}
                {review && <ReviewFlag office={review} flag={f} open={open.map(flagId)} />}
              </li>
            ))}
          </ul>
        </>
      )}
      {reviewed.length > 0 && (
        <>
          <h3>{t('peer.reviewed')}</h3>
          <ul class="plain">
            {reviewed.map((f) => {
              const r = reviews[flagId(f)] as FlagReview
              return (
                <li key={flagId(f)} data-testid="peer-flag-reviewed" data-code={f.code} data-flag={flagId(f)}>
                  <s>{flagText(f)}</s>{' '}
                  {t('peer.reviewedBy', {
                    by: r.by,
                    when: formatDateTime(r.at, locale.value),
                    reason: r.reason,
                  })}
                </li>
              )
            })}
          </ul>
        </>
      )}
      {pending > 0 && (
        <p class="hint" data-testid="peer-pending">
          {t('peer.pending', { count: pending })}
        </p>
      )}
      {unverified > 0 && (
        <p class="hint" data-testid="peer-unverified">
          {t('peer.unverified', { count: unverified })}
        </p>
      )}
    </div>
  )
}

/** Marks one flag reviewed with a reason: core's `trust.review-flag`, after checking the flag is open here. */
function ReviewFlag({
  office,
  flag,
  open,
}: {
  office: OfficeStore
  flag: PeerFlag
  open: readonly string[]
}) {
  const action = useAction(office)
  const [reason, setReason] = useState('')
  const [unknown, setUnknown] = useState<ReturnType<typeof flagReviewRefusal>>(null)
  const id = flagId(flag)
  const submit = async () => {
    const refused = flagReviewRefusal(open, id)
    setUnknown(refused)
    if (!refused)
      await action.run({ type: REVIEW_FLAG, payload: { flag: id, reason } }, t('common.done'), null)
  }
  return (
    <div class="row" style={{ alignItems: 'end', flexWrap: 'wrap' }}>
      <Field
        label={t('peer.reviewReason', { event: flag.event })}
        value={reason}
        onValue={setReason}
        maxLength={500}
        testId="peer-review-reason"
      />
      <button
        type="button"
        data-testid="peer-review"
        disabled={reason.trim().length < 3 || action.busy}
        onClick={() => void submit()}
      >
        {t('peer.review')}
      </button>
      <ResultNote error={unknown ?? action.error} done={null} />
    </div>
  )
}
