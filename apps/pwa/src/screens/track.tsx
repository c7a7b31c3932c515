import { articleTimeline, normalizeArticleId, type RedirectTarget, type TimelineEntry } from '@dak/core'
import { useState } from 'preact/hooks'
import { ScanField } from '../components/scan-field.tsx'
import { useOffice } from '../components/use-office.ts'
import { formatDateTime } from '../i18n/format.ts'
import { locale, type MessageKey, t } from '../i18n/index.ts'
import { attemptNote, redirectNote, redirectTarget } from './article-notes.tsx'

/** What a timeline entry adds to its label: an attempt's reason and next step, a redirection's target. */
function entryDetails(e: TimelineEntry, offices: Readonly<Record<string, { name: string }>>): string {
  const d = e.details as { reason?: string; action?: string; to?: RedirectTarget }
  if (e.code === 'EMH' && d.reason && d.action)
    return `: ${t(`beat.reason.${d.reason}` as MessageKey)} → ${t(`beat.action.${d.action}` as MessageKey)}`
  if (e.code === 'RDR' && d.to)
    return `: ${redirectTarget({ to: d.to } as Parameters<typeof redirectTarget>[0], offices)}`
  return ''
}

/**
 * Track and trace: an article's timeline from every journal this device holds, and — when this office holds the
 * article — where it is now, its last attempt (why, and what happens next) and the redirection that stands.
 */
export function TrackScreen() {
  const o = useOffice()
  const [id, setId] = useState('')
  if (!o) return null
  let norm = ''
  try {
    norm = id.trim() ? normalizeArticleId(id) : ''
  } catch {
    norm = ''
  }
  const timeline = norm ? articleTimeline(o.office.events(), norm) : []
  const article = norm ? o.state.mail.articles[norm] : undefined
  const offices = o.state.office.offices
  return (
    <section aria-labelledby="trk-h">
      <h2 id="trk-h">{t('track.title')}</h2>
      <ScanField label={t('track.id')} value={id} onValue={setId} testId="track-id" />
      {norm && timeline.length === 0 && <p>{t('track.none')}</p>}
      {article && (
        <div class="card" data-testid="track-now" data-status={article.status}>
          <p>{t('track.now', { status: t(`dash.art.${article.status}` as MessageKey) })}</p>
          {attemptNote(article)}
          {redirectNote(article, offices)}
        </div>
      )}
      <ol data-testid="track-timeline">
        {timeline.map((e) => (
          <li key={`${e.event}`} data-code={e.code}>
            <strong>{e.code}</strong> {t(`track.code.${e.code}` as MessageKey)}
            {entryDetails(e, offices)} — {formatDateTime(e.at, locale.value)} · {e.office}
          </li>
        ))}
      </ol>
    </section>
  )
}
