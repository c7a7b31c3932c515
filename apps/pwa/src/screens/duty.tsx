import { useState } from 'preact/hooks'
import { useAction } from '../components/action.ts'
import { ResultNote } from '../components/result-note.tsx'
import { rolesOf, staffName, useOffice } from '../components/use-office.ts'
import { type MessageKey, t } from '../i18n/index.ts'

const KINDS = ['counter', 'mail-booking', 'delivery', 'cash-handling', 'treasury', 'mail-processing'] as const
const SUPERVISING = ['postmaster', 'supervisor', 'branch-postmaster']

/** Shift Begin: ask for a duty, a supervisor approves or refuses, then the holder begins the shift. */
export function DutyScreen() {
  const o = useOffice()
  const [kind, setKind] = useState<string>('counter')
  const [counter, setCounter] = useState('1')
  const action = useAction(o?.office)
  if (!o) return null
  const { state, office } = o
  const { ctx } = office
  const today = Object.values(state.day.duties).filter((d) => d.office === ctx.office && d.date === ctx.date)
  const mine = today.find((d) => d.staff === ctx.staff && d.status !== 'refused' && d.status !== 'ended')
  const supervises = rolesOf(state, ctx.staff, ctx.office).some((r) => SUPERVISING.includes(r))
  const waiting = today.filter((d) => d.status === 'requested')
  const needsCounter = kind === 'counter' || kind === 'mail-booking'
  return (
    <section aria-labelledby="duty-h">
      <h2 id="duty-h">{t('duty.title')}</h2>
      <div class="card">
        <h3>{t('duty.mine')}</h3>
        {mine ? (
          <>
            <p data-testid="duty-mine">
              {t(`duty.kind.${mine.kind}` as MessageKey)}
              {mine.counter ? ` ${mine.counter}` : ''} — {t(`duty.status.${mine.status}` as MessageKey)}
            </p>
            {mine.status === 'approved' && (
              <button
                type="button"
                data-testid="duty-begin"
                onClick={() =>
                  action.run({ type: 'shift.begin', payload: { dutyId: mine.id } }, t('common.done'), null)
                }
              >
                {t('duty.begin')}
              </button>
            )}
          </>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault()
              void action.run(
                { type: 'duty.request', payload: { kind, counter: needsCounter ? counter : null } },
                t('common.done'),
                null,
              )
            }}
          >
            <label for="duty-kind">{t('duty.kind')}</label>
            <select
              id="duty-kind"
              data-testid="duty-kind"
              value={kind}
              onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value)}
            >
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`duty.kind.${k}` as MessageKey)}
                </option>
              ))}
            </select>
            {needsCounter && (
              <>
                <label for="duty-counter">{t('duty.counter')}</label>
                <select
                  id="duty-counter"
                  value={counter}
                  onChange={(e) => setCounter((e.currentTarget as HTMLSelectElement).value)}
                >
                  {['1', '2', '3'].map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </>
            )}
            <div class="row">
              <button type="submit" data-testid="duty-request" disabled={action.busy}>
                {t('duty.request')}
              </button>
            </div>
          </form>
        )}
      </div>
      {supervises && (
        <div class="card">
          <h3>{t('duty.pending')}</h3>
          {waiting.length === 0 && <p>{t('common.none')}</p>}
          <ul class="plain">
            {waiting.map((d) => (
              <li key={d.id} data-testid="duty-waiting">
                <p>
                  {staffName(state, d.staff)} — {t(`duty.kind.${d.kind}` as MessageKey)}
                  {d.counter ? ` ${d.counter}` : ''}
                </p>
                <div class="row">
                  <button
                    type="button"
                    data-testid="duty-approve"
                    onClick={() =>
                      action.run({ type: 'duty.approve', payload: { dutyId: d.id } }, t('common.done'), null)
                    }
                  >
                    {t('duty.approve')}
                  </button>
                  <button
                    type="button"
                    class="secondary"
                    onClick={() =>
                      action.run(
                        { type: 'duty.refuse', payload: { dutyId: d.id, reason: 'not needed today' } },
                        t('common.done'),
                        null,
                      )
                    }
                  >
                    {t('duty.refuse')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="card">
        <h3>{t('duty.all')}</h3>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('common.staff')}</th>
              <th scope="col">{t('duty.kind')}</th>
              <th scope="col">{t('common.event')}</th>
            </tr>
          </thead>
          <tbody>
            {today.map((d) => (
              <tr key={d.id}>
                <td>{staffName(state, d.staff)}</td>
                <td>
                  {t(`duty.kind.${d.kind}` as MessageKey)}
                  {d.counter ? ` ${d.counter}` : ''}
                </td>
                <td>{t(`duty.status.${d.status}` as MessageKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ResultNote error={action.error} done={action.done} />
    </section>
  )
}
