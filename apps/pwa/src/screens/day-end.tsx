import { PERMISSIONS } from '@dak/core'
import { useState } from 'preact/hooks'
import { useAction } from '../components/action.ts'
import { ResultNote } from '../components/result-note.tsx'
import { rolesOf, staffName, useOffice } from '../components/use-office.ts'
import { formatDateTime, formatMoney } from '../i18n/format.ts'
import { locale, type MessageKey, t } from '../i18n/index.ts'
import { LateEntriesPanel } from './late-entries.tsx'

interface Failing {
  readonly id: string
  readonly reason: string
}

/**
 * Day End: the checklist is core's (asked for by deciding `day.end` without writing: core is pure), then the
 * sealed day with its digest, the transaction report (printable) and its CSV export.
 */
export function DayEndScreen() {
  const o = useOffice()
  const action = useAction(o?.office)
  const [forceReason, setForceReason] = useState<Record<string, string>>({})
  if (!o) return null
  const { state, office } = o
  const { ctx } = office
  const day = state.day.days[`${ctx.office}/${ctx.date}`]
  // Shifts still open block Day End; a supervisor may force-end one with a reason (a counter out of reach).
  const mayForce: readonly string[] = PERMISSIONS['shift.force-end'].roles
  const openShifts =
    day?.status === 'begun' && rolesOf(state, ctx.staff, ctx.office).some((r) => mayForce.includes(r))
      ? Object.values(state.day.duties).filter(
          (d) =>
            d.office === ctx.office &&
            d.date === ctx.date &&
            d.status !== 'ended' &&
            d.status !== 'refused' &&
            d.staff !== ctx.staff,
        )
      : []
  const check = day?.status === 'begun' ? office.check({ type: 'day.end', payload: {} }, null) : null
  const failing: readonly Failing[] =
    check && !check.ok
      ? ((check.error.details?.failing as Failing[] | undefined) ?? [
          { id: check.error.code, reason: check.error.message ?? '' },
        ])
      : []
  const events = office.events().filter((e) => e.office === ctx.office && e.date === ctx.date)
  const csv = () => {
    const rows = [['time', 'type', 'actor', 'device', 'id']]
    for (const e of events) rows.push([new Date(e.at).toISOString(), e.type, e.actor, e.device, e.id])
    const text = rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\r\n')
    const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }))
    const a = document.createElement('a')
    a.href = url
    a.download = `day-${ctx.office}-${ctx.date}.csv`
    a.click()
    URL.revokeObjectURL(url)
  }
  return (
    <section aria-labelledby="de-h">
      <h2 id="de-h">{t('dayEnd.title')}</h2>
      <LateEntriesPanel />
      {day?.status === 'ended' && day.ended ? (
        <div class="card">
          <p class="ok" data-testid="day-sealed">
            {t('dayEnd.sealed', { digest: day.ended.digest.slice(0, 16) })}
          </p>
          <p>{formatMoney(day.ended.closingCash, locale.value)}</p>
        </div>
      ) : (
        <>
          <p>{t('dayEnd.intro')}</p>
          {openShifts.length > 0 && (
            <div class="card" data-testid="day-end-open-shifts">
              <h3>{t('dayEnd.openShifts')}</h3>
              <ul class="plain">
                {openShifts.map((d) => (
                  <li key={d.id} data-testid="day-end-open-shift">
                    <p>
                      {t('dayEnd.shift', {
                        staff: staffName(state, d.staff),
                        duty: t(`duty.kind.${d.kind}` as MessageKey),
                        status: t(`duty.status.${d.status}` as MessageKey),
                      })}
                    </p>
                    <label for={`force-${d.id}`}>{t('conflicts.reason')}</label>
                    <input
                      id={`force-${d.id}`}
                      data-testid="day-end-force-reason"
                      value={forceReason[d.id] ?? ''}
                      onInput={(e) =>
                        setForceReason({
                          ...forceReason,
                          [d.id]: (e.currentTarget as HTMLInputElement).value,
                        })
                      }
                    />
                    <button
                      type="button"
                      class="secondary"
                      data-testid="day-end-force"
                      disabled={action.busy}
                      onClick={() =>
                        action.run(
                          {
                            type: 'shift.force-end',
                            payload: { dutyId: d.id, reason: forceReason[d.id] ?? '' },
                          },
                          t('common.done'),
                          null,
                        )
                      }
                    >
                      {t('dayEnd.forceEnd')}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <ul class="plain" data-testid="day-end-checklist">
            {failing.length === 0 && day && <li class="ok">{t('dayEnd.pass')}</li>}
            {failing.map((f) => (
              <li key={f.id}>
                <span class="badge warn">{t('dayEnd.fail')}</span> <strong>{f.id}</strong>: {f.reason}
              </li>
            ))}
          </ul>
          <button
            type="button"
            data-testid="day-end-submit"
            disabled={!check?.ok || action.busy}
            onClick={() => action.run({ type: 'day.end', payload: {} }, t('common.done'), null)}
          >
            {t('dayEnd.end')}
          </button>
        </>
      )}
      <ResultNote error={action.error} done={action.done} />
      <div class="card">
        <h3>{t('dayEnd.report')}</h3>
        <div class="row no-print">
          <button type="button" class="secondary" onClick={() => window.print()}>
            {t('common.print')}
          </button>
          <button type="button" class="secondary" onClick={csv} data-testid="day-end-csv">
            {t('dayEnd.csv')}
          </button>
        </div>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('common.time')}</th>
              <th scope="col">{t('common.event')}</th>
              <th scope="col">{t('common.staff')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td>{formatDateTime(e.at, locale.value)}</td>
                <td>{e.type}</td>
                <td>{staffName(state, e.actor)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
