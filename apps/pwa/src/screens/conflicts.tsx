import { openConflicts, RESOLVE_CONFLICT } from '@dak/core'
import { useState } from 'preact/hooks'
import { useAction } from '../components/action.ts'
import { ResultNote } from '../components/result-note.tsx'
import { useOffice } from '../components/use-office.ts'
import { t } from '../i18n/index.ts'
import { PeerWarnings } from './lazy-screens.tsx'

/** Conflicts from offline work, shown to a supervisor who resolves each with a recorded reason. */
export function ConflictsScreen() {
  const o = useOffice()
  const action = useAction(o?.office)
  const [reason, setReason] = useState<Record<string, string>>({})
  const [choice, setChoice] = useState<Record<string, string>>({})
  if (!o) return null
  const list = openConflicts(o.state)
  return (
    <section aria-labelledby="cf-h">
      <h2 id="cf-h">{t('conflicts.title')}</h2>
      <PeerWarnings />
      {list.length === 0 && <p data-testid="conflicts-none">{t('conflicts.none')}</p>}
      <ul class="plain">
        {list.map((c) => (
          <li key={c.id} data-testid="conflict">
            <p>
              <strong>{c.kind}</strong> — {c.subject}
            </p>
            <p>{c.message}</p>
            <label for={`res-${c.id}`}>{t('conflicts.resolution')}</label>
            <select
              id={`res-${c.id}`}
              value={choice[c.id] ?? c.resolutions[0] ?? ''}
              onChange={(e) => setChoice({ ...choice, [c.id]: (e.currentTarget as HTMLSelectElement).value })}
            >
              {c.resolutions.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
            <label for={`why-${c.id}`}>{t('conflicts.reason')}</label>
            <input
              id={`why-${c.id}`}
              value={reason[c.id] ?? ''}
              onInput={(e) => setReason({ ...reason, [c.id]: (e.currentTarget as HTMLInputElement).value })}
            />
            <div class="row">
              <button
                type="button"
                data-testid="conflict-resolve"
                onClick={() =>
                  action.run(
                    {
                      type: RESOLVE_CONFLICT,
                      payload: {
                        conflictId: c.id,
                        resolution: choice[c.id] ?? c.resolutions[0] ?? '',
                        reason: reason[c.id] ?? '',
                      },
                    },
                    t('common.done'),
                    null,
                  )
                }
              >
                {t('conflicts.resolve')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <ResultNote error={action.error} done={action.done} />
    </section>
  )
}
