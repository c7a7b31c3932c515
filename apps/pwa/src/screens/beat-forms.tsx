import { type ArticleRecord, ATTEMPT_ACTIONS, ATTEMPT_REASONS, ID_DOCUMENTS } from '@dak/core'
import { encode } from '@dak/digipin'
import { useEffect, useState } from 'preact/hooks'
import { useAction } from '../components/action.ts'
import { Field } from '../components/field.tsx'
import { ResultNote } from '../components/result-note.tsx'
import { formatMoney } from '../i18n/format.ts'
import { locale, type MessageKey, t } from '../i18n/index.ts'
import { getMeta } from '../state/db.ts'
import type { OfficeStore } from '../state/store.ts'

type Method = 'otp' | 'id-document' | 'authorised-person'

/**
 * What leaves this screen of the ID document number: only its last four letters or digits, the way UIDAI asks
 * Aadhaar to be kept (core refuses anything longer; the journal is replicated to every device of the office).
 * Null when fewer than four are typed.
 */
export function lastFour(typed: string): string | null {
  const clean = typed.replace(/[\s-]/g, '').toUpperCase()
  return clean.length < 4 ? null : clean.slice(-4)
}

/** A labelled select over fixed codes, each shown through the catalogue (`<prefix><code>`). */
export function CodeSelect(p: {
  id: string
  label: string
  codes: readonly string[]
  prefix: string
  value: string
  onValue: (v: string) => void
  testId: string
}) {
  return (
    <div>
      <label for={p.id}>{p.label}</label>
      <select
        id={p.id}
        data-testid={p.testId}
        value={p.value}
        onChange={(e) => p.onValue((e.currentTarget as HTMLSelectElement).value)}
      >
        {p.codes.map((c) => (
          <option key={c} value={c}>
            {t(`${p.prefix}${c}` as MessageKey)}
          </option>
        ))}
      </select>
    </div>
  )
}

/**
 * The DIGIPIN of where the postman stands: from the device's location when the person allows it, else typed
 * (it is part of the proof of delivery).
 */
export function PlaceField({ value, onValue }: { value: string; onValue: (v: string) => void }) {
  const [problem, setProblem] = useState<string | null>(null)
  const here = () => {
    setProblem(null)
    if (!navigator.geolocation) return setProblem(t('beat.noLocation'))
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        try {
          onValue(encode(pos.coords.latitude, pos.coords.longitude))
        } catch {
          setProblem(t('beat.noLocation'))
        }
      },
      () => setProblem(t('beat.noLocation')),
      { enableHighAccuracy: true, timeout: 10_000 },
    )
  }
  return (
    <div>
      <Field
        label={t('beat.digipin')}
        hint={t('beat.digipinHint')}
        value={value}
        onValue={onValue}
        error={problem}
        testId="beat-digipin"
      />
      <button type="button" class="secondary" data-testid="beat-here" onClick={here}>
        {t('beat.useLocation')}
      </button>
    </div>
  )
}

/**
 * Delivering one article: by the OTP the addressee gives (checked on this device against the office's delivery
 * secret, with no network), by an ID document (type and number), or to an authorised person (authorisation and
 * their ID). Core refuses anything else, and an article booked with OTP delivery accepts only the OTP.
 */
export function DeliverForm({ office, article }: { office: OfficeStore; article: ArticleRecord }) {
  const [method, setMethod] = useState<Method>(article.otpKeyId ? 'otp' : 'id-document')
  const [name, setName] = useState(article.addressee.name)
  const [otp, setOtp] = useState('')
  const [docType, setDocType] = useState<string>(ID_DOCUMENTS[0])
  const [docNo, setDocNo] = useState('')
  const [authorisation, setAuthorisation] = useState('')
  const [digipin, setDigipin] = useState('')
  const [secret, setSecret] = useState<string | undefined>(undefined)
  const [docError, setDocError] = useState<string | null>(null)
  const [collected, setCollected] = useState(false)
  const action = useAction(office)
  const codDue = article.cod?.status === 'due' ? formatMoney(article.cod.amount, locale.value) : null
  useEffect(() => {
    // the office's delivery secret, provisioned to this device out of band (never in the journal)
    void getMeta<string>(`delivery-otp-secret:${office.ctx.office}`).then(setSecret)
  }, [office.ctx.office])
  const submit = (e: Event) => {
    e.preventDefault()
    const last4 = method === 'otp' ? null : lastFour(docNo)
    setDocError(method !== 'otp' && !last4 ? t('beat.docNoShort') : null)
    if (method !== 'otp' && !last4) return
    const id = last4 ? { idDocument: { type: docType, last4 } } : {}
    void action.run(
      {
        type: 'article.deliver',
        payload: {
          articleId: article.id,
          method,
          recipientName: name.trim(),
          digipin: digipin.trim(),
          ...(method === 'otp' ? { otp: otp.trim(), ...(secret ? { otpSecret: secret } : {}) } : id),
          ...(method === 'authorised-person' ? { authorisation: authorisation.trim() } : {}),
        },
      },
      t('beat.delivered', { id: article.id }),
    )
  }
  const mid = `m-${article.id}`
  return (
    <form class="card" onSubmit={submit} data-testid="beat-deliver-form">
      <fieldset>
        <legend>{t('beat.method')}</legend>
        {(['otp', 'id-document', 'authorised-person'] as const).map((m) => (
          <label class="inline" key={m}>
            <input
              type="radio"
              name={mid}
              checked={method === m}
              onChange={() => setMethod(m)}
              data-testid={`beat-method-${m}`}
            />{' '}
            {t(`beat.method.${m}` as MessageKey)}
          </label>
        ))}
      </fieldset>
      <Field label={t('beat.recipient')} value={name} onValue={setName} testId="beat-recipient" />
      {method === 'otp' && (
        <Field
          label={t('beat.otp')}
          hint={t('beat.otpHint')}
          value={otp}
          onValue={setOtp}
          inputMode="numeric"
          testId="beat-otp"
        />
      )}
      {method !== 'otp' && (
        <>
          <CodeSelect
            id={`${mid}-doc`}
            label={t('beat.docType')}
            codes={ID_DOCUMENTS}
            prefix="beat.doc."
            value={docType}
            onValue={setDocType}
            testId="beat-doc-type"
          />
          <Field
            label={t('beat.docNo')}
            hint={t('beat.docNoHint')}
            error={docError}
            value={docNo}
            onValue={setDocNo}
            testId="beat-doc-no"
          />
        </>
      )}
      {method === 'authorised-person' && (
        <Field
          label={t('beat.authorisation')}
          value={authorisation}
          onValue={setAuthorisation}
          testId="beat-authorisation"
        />
      )}
      <PlaceField value={digipin} onValue={setDigipin} />
      {codDue && (
        <div>
          <p class="warn" data-testid="beat-cod-collect">
            {t('beat.codCollect', { amount: codDue })}
          </p>
          <label class="inline">
            <input
              type="checkbox"
              data-testid="beat-cod-collected"
              checked={collected}
              onChange={(e) => setCollected((e.currentTarget as HTMLInputElement).checked)}
            />{' '}
            {t('beat.codCollected', { amount: codDue })}
          </label>
        </div>
      )}
      <div class="row">
        <button
          type="submit"
          data-testid="beat-deliver"
          disabled={action.busy || (codDue !== null && !collected)}
        >
          {t('beat.deliver')}
        </button>
      </div>
      <ResultNote error={action.error} done={action.done} />
    </form>
  )
}

/** Recording an attempt: a reason and what happens next are both required (EMH). */
export function AttemptForm({ office, article }: { office: OfficeStore; article: ArticleRecord }) {
  const [reason, setReason] = useState<string>(ATTEMPT_REASONS[0])
  const [next, setNext] = useState<string>(ATTEMPT_ACTIONS[0])
  const action = useAction(office)
  const mid = `a-${article.id}`
  return (
    <form
      class="card"
      data-testid="beat-attempt-form"
      onSubmit={(e) => {
        e.preventDefault()
        void action.run(
          { type: 'article.attempt', payload: { articleId: article.id, reason, action: next } },
          t('beat.attempted', { id: article.id }),
        )
      }}
    >
      <CodeSelect
        id={`${mid}-reason`}
        label={t('beat.reason')}
        codes={ATTEMPT_REASONS}
        prefix="beat.reason."
        value={reason}
        onValue={setReason}
        testId="beat-reason"
      />
      <CodeSelect
        id={`${mid}-action`}
        label={t('beat.next')}
        codes={ATTEMPT_ACTIONS}
        prefix="beat.action."
        value={next}
        onValue={setNext}
        testId="beat-action"
      />
      <div class="row">
        <button type="submit" data-testid="beat-attempt" disabled={action.busy}>
          {t('beat.attempt')}
        </button>
      </div>
      <ResultNote error={action.error} done={action.done} />
    </form>
  )
}

/** Sends an attempted article back to its sender (RTS), when the attempt's next step said so. */
export function ReturnButton({
  office,
  article,
  reason,
}: {
  office: OfficeStore
  article: ArticleRecord
  reason: string
}) {
  const action = useAction(office)
  return (
    <div>
      <button
        type="button"
        class="secondary"
        data-testid="beat-return"
        disabled={action.busy}
        onClick={() =>
          void action.run(
            { type: 'article.return', payload: { articleId: article.id, reason } },
            t('beat.returned', { id: article.id }),
          )
        }
      >
        {t('beat.return')}
      </button>
      <ResultNote error={action.error} done={action.done} />
    </div>
  )
}
