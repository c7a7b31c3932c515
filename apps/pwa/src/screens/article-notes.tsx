/**
 * Lines the beat and track screens share about an article: its last attempt and the redirection that stands.
 * Plain render helpers, not components: the folded article is changed in place, so a component given the same
 * article object would be skipped by @preact/signals and keep showing the previous attempt.
 */
import { type ArticleRecord, type Redirection, standingRedirection } from '@dak/core'
import { type MessageKey, t } from '../i18n/index.ts'

/** The last attempt on an article (why it was not delivered and what happens next, EMH), as a line. */
export function attemptNote(article: ArticleRecord) {
  const last = article.attempts?.at(-1)
  if (!last || article.status === 'delivered') return null
  return (
    <p data-testid="beat-attempt-note">
      {t('beat.lastAttempt', {
        count: article.attempts.length,
        reason: t(`beat.reason.${last.reason}` as MessageKey),
        action: t(`beat.action.${last.action}` as MessageKey),
      })}
    </p>
  )
}

/** Where a redirection sends the article, in words: the new address and PIN, or the office's name. */
export function redirectTarget(r: Redirection, offices: Readonly<Record<string, { name: string }>>): string {
  if (r.to.kind === 'office') return offices[r.to.office]?.name ?? r.to.office
  return `${r.to.address}, ${r.to.pincode}${r.to.digipin ? ` · ${r.to.digipin}` : ''}`
}

/** The redirection that stands on an article, as a line of the stop or the tracking summary. */
export function redirectNote(article: ArticleRecord, offices: Readonly<Record<string, { name: string }>>) {
  const r = standingRedirection(article)
  if (!r) return null
  return (
    <p data-testid="redirect-note" data-kind={r.to.kind}>
      {t('beat.redirectedTo', { to: redirectTarget(r, offices), reason: r.reason })}
    </p>
  )
}
