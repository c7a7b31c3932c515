import { type ArticleRecord, balanceOf, CASH, REDIRECTABLE, redirectedOffice } from '@dak/core'
import { useState } from 'preact/hooks'
import { useAction } from '../components/action.ts'
import { ResultNote } from '../components/result-note.tsx'
import { useOffice } from '../components/use-office.ts'
import { formatDateTime, formatMoney, formatPaise } from '../i18n/format.ts'
import { locale, type MessageKey, t } from '../i18n/index.ts'
import type { OfficeStore } from '../state/store.ts'
import { attemptNote, redirectNote } from './article-notes.tsx'
import { AttemptForm, DeliverForm, ReturnButton } from './beat-forms.tsx'
import { RedirectForm } from './beat-redirect.tsx'

type Open = { id: string; kind: 'deliver' | 'attempt' | 'redirect' } | null

/**
 * The postman's beat (b5): take the received articles out in delivery order (core orders them by DIGIPIN),
 * deliver each with a proof of delivery or record an attempt, and deposit the COD pouch at the end of the shift.
 * Everything is decided on this device, so a beat works with no network and syncs when it returns.
 */
export function BeatScreen() {
  const o = useOffice()
  const [skip, setSkip] = useState<Record<string, boolean>>({})
  const [open, setOpen] = useState<Open>(null)
  const action = useAction(o?.office)
  if (!o) return null
  const { state, office } = o
  const { ctx } = office
  const articles = state.mail.articles
  // an article redirected to another office is bagged on, not taken out here
  const waiting = Object.values(articles).filter(
    (a) =>
      a.office === ctx.office &&
      (a.status === 'received' || a.status === 'attempted') &&
      (redirectedOffice(a) ?? ctx.office) === ctx.office,
  )
  const beats = Object.values(state.mail.beats).filter(
    (b) => b.postman === ctx.staff && b.office === ctx.office && b.date === ctx.date,
  )
  // today's beats in the order they were prepared, each in core's delivery order
  const order = [...new Set(beats.flatMap((b) => b.order))]
  const stops = order.map((id) => articles[id]).filter((a): a is ArticleRecord => a !== undefined)
  const pouch = balanceOf(state.custody, `cod-pouch:${ctx.staff}`, CASH)
  const take = waiting.filter((a) => !skip[a.id]).map((a) => a.id)
  return (
    <section aria-labelledby="beat-h">
      <h2 id="beat-h">{t('beat.title')}</h2>
      <div class="card">
        <h3>{t('beat.toTake')}</h3>
        {waiting.length === 0 && <p>{t('common.none')}</p>}
        <ul class="plain">
          {waiting.map((a) => (
            <li key={a.id}>
              <label class="inline">
                <input
                  type="checkbox"
                  data-testid="beat-take"
                  checked={!skip[a.id]}
                  onChange={(e) =>
                    setSkip({ ...skip, [a.id]: !(e.currentTarget as HTMLInputElement).checked })
                  }
                />{' '}
                {a.id} · {a.addressee.name} · {a.addressee.digipin}
              </label>
            </li>
          ))}
        </ul>
        {waiting.length > 0 && (
          <button
            type="button"
            data-testid="beat-prepare"
            disabled={action.busy || take.length === 0}
            onClick={() =>
              action.run(
                { type: 'beat.prepare', payload: { articleIds: take } },
                t('beat.prepared', { count: take.length }),
              )
            }
          >
            {t('beat.prepare')}
          </button>
        )}
        <ResultNote error={action.error} done={action.done} />
      </div>
      <div class="card">
        <h3>{t('beat.list')}</h3>
        {stops.length === 0 && <p>{t('common.none')}</p>}
        <ol>
          {stops.map((a) => (
            <Stop
              key={a.id}
              office={office}
              article={a}
              offices={state.office.offices}
              version={office.version.value}
              open={open}
              setOpen={setOpen}
            />
          ))}
        </ol>
      </div>
      <Pouch office={office} paise={pouch} />
    </section>
  )
}

/**
 * One stop of the beat. `version` is the store's fold version: the folded state is changed in place, so a
 * delivered article is the same object as before, and @preact/signals skips re-rendering a component whose
 * props are all unchanged — without it the stop would keep showing "out for delivery".
 */
function Stop(p: {
  office: OfficeStore
  article: ArticleRecord
  offices: Readonly<Record<string, { name: string }>>
  version: number
  open: Open
  setOpen: (v: Open) => void
}) {
  const a = p.article
  const out = a.status === 'out-for-delivery'
  const shown = p.open?.id === a.id ? p.open.kind : null
  const redirectable = (REDIRECTABLE as readonly string[]).includes(a.status)
  const last = a.attempts?.at(-1)
  return (
    <li data-testid="beat-stop" data-article={a.id} data-status={a.status}>
      <p>
        <strong>{a.id}</strong> · {a.addressee.name}, {a.addressee.address} · {a.addressee.digipin}{' '}
        <span class="badge">{t(`dash.art.${a.status}` as MessageKey)}</span>
        {a.cod?.status === 'due' && (
          <span class="badge warn">
            {' '}
            {t('beat.codDue', { amount: formatMoney(a.cod.amount, locale.value) })}
          </span>
        )}
        {a.cod?.status === 'collected' && (
          <span class="badge" data-testid="beat-cod-held">
            {' '}
            {t('beat.codHeld', { amount: formatMoney(a.cod.amount, locale.value) })}
          </span>
        )}
      </p>
      {a.pod && <Pod pod={a.pod} />}
      {attemptNote(a)}
      {redirectNote(a, p.offices)}
      {a.status === 'attempted' && last?.action === 'return-to-sender' && (
        <ReturnButton office={p.office} article={a} reason={last.reason} />
      )}
      {(out || redirectable) && (
        <div class="row">
          {out && (
            <button
              type="button"
              data-testid="beat-open-deliver"
              aria-expanded={shown === 'deliver'}
              onClick={() => p.setOpen(shown === 'deliver' ? null : { id: a.id, kind: 'deliver' })}
            >
              {t('beat.deliver')}
            </button>
          )}
          {out && (
            <button
              type="button"
              class="secondary"
              data-testid="beat-open-attempt"
              aria-expanded={shown === 'attempt'}
              onClick={() => p.setOpen(shown === 'attempt' ? null : { id: a.id, kind: 'attempt' })}
            >
              {t('beat.attempt')}
            </button>
          )}
          {redirectable && (
            <button
              type="button"
              class="secondary"
              data-testid="beat-open-redirect"
              aria-expanded={shown === 'redirect'}
              onClick={() => p.setOpen(shown === 'redirect' ? null : { id: a.id, kind: 'redirect' })}
            >
              {t('beat.redirect')}
            </button>
          )}
        </div>
      )}
      {out && shown === 'deliver' && <DeliverForm office={p.office} article={a} />}
      {out && shown === 'attempt' && <AttemptForm office={p.office} article={a} />}
      {redirectable && shown === 'redirect' && <RedirectForm office={p.office} article={a} />}
    </li>
  )
}

/** The electronic proof of delivery as recorded: who received it, how they were proven, where and when. */
function Pod({ pod }: { pod: NonNullable<ArticleRecord['pod']> }) {
  const doc = pod.idDocument
  const proof = doc
    ? t('beat.pod.docEnding', { doc: t(`beat.doc.${doc.type}` as MessageKey), last4: doc.last4 })
    : t(`beat.method.${pod.method}` as MessageKey)
  return (
    <dl class="pod" data-testid="beat-pod" data-method={pod.method}>
      <dt>{t('beat.pod.to')}</dt>
      <dd data-testid="beat-pod-to">{pod.recipientName}</dd>
      <dt>{t('beat.pod.proof')}</dt>
      <dd data-testid="beat-pod-proof">
        {proof}
        {pod.authorisation ? ` · ${pod.authorisation}` : ''}
      </dd>
      <dt>{t('beat.pod.place')}</dt>
      <dd data-testid="beat-pod-place">{pod.digipin}</dd>
      <dt>{t('beat.pod.at')}</dt>
      <dd>{formatDateTime(pod.at, locale.value)}</dd>
    </dl>
  )
}

/** The COD pouch: what the postman holds for billers, deposited into the treasury at the end of the shift. */
function Pouch({ office, paise }: { office: OfficeStore; paise: number }) {
  const action = useAction(office)
  return (
    <div class="card">
      <h3>{t('beat.pouch')}</h3>
      <p data-testid="beat-pouch">{formatPaise(BigInt(paise), locale.value)}</p>
      <button
        type="button"
        class="secondary"
        data-testid="beat-deposit"
        disabled={action.busy || paise === 0}
        onClick={() => action.run({ type: 'cod.deposit', payload: {} }, t('beat.deposited'))}
      >
        {t('beat.deposit')}
      </button>
      <ResultNote error={action.error} done={action.done} />
    </div>
  )
}
