import { BAG_TYPES, isValidArticleId } from '@dak/core'
import { useState } from 'preact/hooks'
import { useAction } from '../components/action.ts'
import { Field } from '../components/field.tsx'
import { ResultNote } from '../components/result-note.tsx'
import { ScanField } from '../components/scan-field.tsx'
import { useOffice } from '../components/use-office.ts'
import { type MessageKey, t } from '../i18n/index.ts'

/** Bag make-up: open a bag for an office, add articles by scan or typing, close and seal it, print, dispatch. */
export function BagsScreen() {
  const o = useOffice()
  const action = useAction(o?.office)
  const [to, setTo] = useState('')
  const [bagType, setBagType] = useState<string>('speed-post')
  const [article, setArticle] = useState<Record<string, string>>({})
  const [seal, setSeal] = useState<Record<string, string>>({})
  const [weight, setWeight] = useState<Record<string, string>>({})
  if (!o) return null
  const { state, office } = o
  const offices = Object.values(state.office.offices).filter((x) => x.id !== office.ctx.office)
  const bags = Object.values(state.mail.bags).filter((b) => b.from === office.ctx.office)
  return (
    <section aria-labelledby="bags-h">
      <h2 id="bags-h">{t('bags.title')}</h2>
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault()
          void action.run({ type: 'bag.open', payload: { to, bagType } }, t('common.done'))
        }}
      >
        <h3>{t('bags.open')}</h3>
        <label for="bag-to">{t('bags.to')}</label>
        <select
          id="bag-to"
          data-testid="bag-to"
          required
          value={to}
          onChange={(e) => setTo((e.currentTarget as HTMLSelectElement).value)}
        >
          <option value="">—</option>
          {offices.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </select>
        <label for="bag-type">{t('bags.type')}</label>
        <select
          id="bag-type"
          value={bagType}
          onChange={(e) => setBagType((e.currentTarget as HTMLSelectElement).value)}
        >
          {BAG_TYPES.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
        <div class="row">
          <button type="submit" data-testid="bag-open" disabled={!to || action.busy}>
            {t('bags.openSubmit')}
          </button>
        </div>
      </form>
      {bags.map((b) => (
        <div class="card" key={b.key} data-testid="bag">
          <h3>
            {state.office.offices[b.to]?.name ?? b.to} · {b.bagType} ·{' '}
            <span class="badge">{t(`bags.status.${b.status}` as MessageKey)}</span>
          </h3>
          <p>{t('bags.articles', { count: b.articleIds.length })}</p>
          <ul>
            {b.articleIds.map((id) => (
              <li key={id}>{id}</li>
            ))}
          </ul>
          {b.status === 'open' && (
            <>
              <ScanField
                label={t('bags.add')}
                value={article[b.key] ?? ''}
                onValue={(v) => setArticle({ ...article, [b.key]: v })}
                testId="bag-article"
              />
              <div class="row">
                <button
                  type="button"
                  data-testid="bag-add"
                  disabled={!isValidArticleId((article[b.key] ?? '').replace(/\s+/g, '').toUpperCase())}
                  onClick={async () => {
                    const ok = await action.run(
                      {
                        type: 'bag.add',
                        payload: { bagKey: b.key, articleId: (article[b.key] ?? '').trim().toUpperCase() },
                      },
                      t('common.done'),
                    )
                    if (ok) setArticle({ ...article, [b.key]: '' })
                  }}
                >
                  {t('bags.addSubmit')}
                </button>
              </div>
              <Field
                label={t('bags.seal')}
                value={seal[b.key] ?? ''}
                onValue={(v) => setSeal({ ...seal, [b.key]: v })}
                testId="bag-seal"
              />
              <Field
                label={t('bags.weight')}
                value={weight[b.key] ?? ''}
                onValue={(v) => setWeight({ ...weight, [b.key]: v })}
                inputMode="numeric"
                testId="bag-weight"
              />
              <div class="row">
                <button
                  type="button"
                  data-testid="bag-close"
                  onClick={() =>
                    action.run(
                      {
                        type: 'bag.close',
                        payload: {
                          bagKey: b.key,
                          sealNo: seal[b.key] ?? '',
                          weightGrams: Number.parseInt(weight[b.key] ?? '0', 10) || 0,
                        },
                      },
                      t('common.done'),
                    )
                  }
                >
                  {t('bags.closeSubmit')}
                </button>
              </div>
            </>
          )}
          {b.status !== 'open' && b.manifest && (
            <div class="row">
              <a
                class="button secondary"
                href={`#/label?bag=${encodeURIComponent(b.key)}`}
                data-testid="bag-label-link"
              >
                {t('bags.label')}
              </a>
              {b.status === 'closed' && (
                <button
                  type="button"
                  data-testid="bag-dispatch"
                  onClick={() =>
                    action.run({ type: 'bag.dispatch', payload: { bagKey: b.key } }, t('common.done'))
                  }
                >
                  {t('bags.dispatch')}
                </button>
              )}
            </div>
          )}
        </div>
      ))}
      <ResultNote error={action.error} done={action.done} />
    </section>
  )
}
