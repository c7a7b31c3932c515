import { type DakEvent, PERMISSIONS, RESOLVE_CONFLICT } from '@dak/core'
import { useState } from 'preact/hooks'
import { useAction } from '../components/action.ts'
import { ResultNote } from '../components/result-note.tsx'
import { rolesOf, staffName, useOffice } from '../components/use-office.ts'
import { formatDate } from '../i18n/format.ts'
import { locale, t } from '../i18n/index.ts'

const dateOf = (date: string) => formatDate(Date.parse(`${date}T12:00:00+05:30`), locale.value)

/**
 * Late entries of the office: entries of an ended day that reached the journal after it was sealed (e.g. made
 * offline and re-posted by their device into the next day). Says what happened on this device (entries waiting
 * for the next day, or re-posted into today) and what to do: a postmaster or supervisor accepts or reverses
 * each one with a reason; until then the day cannot end.
 */
export function LateEntriesPanel() {
  const o = useOffice()
  const action = useAction(o?.office)
  const [reason, setReason] = useState<Record<string, string>>({})
  if (!o) return null
  const { state, office } = o
  const { ctx } = office
  const open = Object.values(state.day.lateEntries).filter((l) => l.office === ctx.office && !l.reviewed)
  const notes = office.lateReposts.value
  const waiting = office.lateWaiting.value
  if (open.length === 0 && notes.length === 0 && !waiting) return null
  const byId = new Map<string, DakEvent>()
  for (const e of office.events()) if (open.some((l) => l.event === e.id)) byId.set(e.id, e)
  const may: readonly string[] = PERMISSIONS['conflict.resolve'].roles
  const mayReview = rolesOf(state, ctx.staff, ctx.office).some((r) => may.includes(r))
  const resolve = (event: string, resolution: 'accept-late' | 'reverse') =>
    action.run(
      {
        type: RESOLVE_CONFLICT,
        payload: { conflictId: `posted-after-day-end:${event}`, resolution, reason: reason[event] ?? '' },
      },
      t('common.done'),
      null,
    )
  return (
    <section class="card" aria-labelledby="late-h" data-testid="late-entries">
      <h3 id="late-h">{t('late.title')}</h3>
      {waiting && (
        <p class="warn" data-testid="late-waiting">
          {t('late.waiting')}
        </p>
      )}
      {notes.map((n) => (
        <p key={`${n.from}-${n.into}`} data-testid="late-reposted" class={n.error ? 'warn' : 'ok'}>
          {n.error
            ? t('late.repostFailed', { date: dateOf(n.from), message: n.error.message })
            : t('late.reposted', { count: n.posted.length, date: dateOf(n.from) })}
        </p>
      ))}
      {open.length > 0 && <p data-testid="late-next">{mayReview ? t('late.review') : t('late.ask')}</p>}
      <ul class="plain">
        {open.map((l) => {
          const e = byId.get(l.event)
          return (
            <li key={l.event} data-testid="late-entry" data-event={l.event}>
              <p>
                <span class="badge warn">{t('late.badge')}</span>{' '}
                {t('late.entry', {
                  type: l.type,
                  date: dateOf(l.date),
                  staff: e ? staffName(state, e.actor) : '—',
                })}
              </p>
              {mayReview && (
                <>
                  <label for={`late-why-${l.event}`}>{t('conflicts.reason')}</label>
                  <input
                    id={`late-why-${l.event}`}
                    data-testid="late-reason"
                    value={reason[l.event] ?? ''}
                    onInput={(ev) =>
                      setReason({ ...reason, [l.event]: (ev.currentTarget as HTMLInputElement).value })
                    }
                  />
                  <div class="row">
                    <button
                      type="button"
                      data-testid="late-accept"
                      disabled={action.busy}
                      onClick={() => resolve(l.event, 'accept-late')}
                    >
                      {t('late.accept')}
                    </button>
                    <button
                      type="button"
                      class="secondary"
                      data-testid="late-reverse"
                      disabled={action.busy}
                      onClick={() => resolve(l.event, 'reverse')}
                    >
                      {t('late.reverse')}
                    </button>
                  </div>
                </>
              )}
            </li>
          )
        })}
      </ul>
      <ResultNote error={action.error} done={action.done} />
    </section>
  )
}
