import type { ArticleRecord } from '@dak/core'
import { useState } from 'preact/hooks'
import { useAction } from '../components/action.ts'
import { Field } from '../components/field.tsx'
import { ResultNote } from '../components/result-note.tsx'
import { t } from '../i18n/index.ts'
import type { OfficeStore } from '../state/store.ts'

const PIN = /^[1-9]\d{5}$/

/**
 * Redirecting an article (b5): to a new address with its PIN code (and the DIGIPIN when known, so the next beat
 * orders it right), or to another delivery office, with the reason. Core checks the PIN, that the office is in
 * the reference data and that the article is not delivered or returned; two devices redirecting or delivering it
 * without seeing each other raise a conflict for the supervisor.
 */
export function RedirectForm({ office, article }: { office: OfficeStore; article: ArticleRecord }) {
  const [kind, setKind] = useState<'address' | 'office'>('address')
  const [address, setAddress] = useState('')
  const [pincode, setPincode] = useState('')
  const [digipin, setDigipin] = useState('')
  const [to, setTo] = useState('')
  const [reason, setReason] = useState('')
  const [pinError, setPinError] = useState<string | null>(null)
  const action = useAction(office)
  const offices = Object.values(office.state().office.offices)
    .filter((o) => o.id !== office.ctx.office)
    .sort((a, b) => a.name.localeCompare(b.name))
  const mid = `r-${article.id}`
  const submit = (e: Event) => {
    e.preventDefault()
    const badPin = kind === 'address' && !PIN.test(pincode.trim())
    setPinError(badPin ? t('beat.redirectPinBad') : null)
    if (badPin) return
    const target =
      kind === 'office'
        ? { kind, office: to }
        : {
            kind,
            address: address.trim(),
            pincode: pincode.trim(),
            ...(digipin.trim() ? { digipin: digipin.trim() } : {}),
          }
    void action.run(
      { type: 'article.redirect', payload: { articleId: article.id, to: target, reason: reason.trim() } },
      t('beat.redirected', { id: article.id }),
    )
  }
  return (
    <form class="card" onSubmit={submit} data-testid="beat-redirect-form">
      <fieldset>
        <legend>{t('beat.redirectTo')}</legend>
        {(['address', 'office'] as const).map((k) => (
          <label class="inline" key={k}>
            <input
              type="radio"
              name={mid}
              checked={kind === k}
              onChange={() => setKind(k)}
              data-testid={`beat-redirect-${k}`}
            />{' '}
            {t(k === 'address' ? 'beat.redirectAddress' : 'beat.redirectOffice')}
          </label>
        ))}
      </fieldset>
      {kind === 'address' ? (
        <>
          <Field
            label={t('beat.redirectNewAddress')}
            value={address}
            onValue={setAddress}
            testId="beat-redirect-addr"
          />
          <Field
            label={t('beat.redirectPin')}
            value={pincode}
            onValue={setPincode}
            error={pinError}
            inputMode="numeric"
            testId="beat-redirect-pin"
          />
          <Field
            label={t('beat.redirectDigipin')}
            value={digipin}
            onValue={setDigipin}
            testId="beat-redirect-digipin"
          />
        </>
      ) : (
        <div>
          <label for={`${mid}-office`}>{t('beat.redirectOffice')}</label>
          <select
            id={`${mid}-office`}
            data-testid="beat-redirect-office"
            value={to}
            onChange={(e) => setTo((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">—</option>
            {offices.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <Field
        label={t('beat.redirectReason')}
        value={reason}
        onValue={setReason}
        testId="beat-redirect-reason"
      />
      <div class="row">
        <button type="submit" data-testid="beat-redirect" disabled={action.busy}>
          {t('beat.redirect')}
        </button>
      </div>
      <ResultNote error={action.error} done={action.done} />
    </form>
  )
}
