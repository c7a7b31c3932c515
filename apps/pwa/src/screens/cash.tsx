import { balanceOf, CASH, type CashBag, type CashRequest, type Discrepancy, type State } from '@dak/core'
import { useState } from 'preact/hooks'
import { useAction } from '../components/action.ts'
import { type Counts, countPaise, DenominationGrid, nonZero } from '../components/denominations.tsx'
import { Field } from '../components/field.tsx'
import { ResultNote } from '../components/result-note.tsx'
import { useOffice } from '../components/use-office.ts'
import { formatMoney, formatPaise } from '../i18n/format.ts'
import { locale, type MessageKey, t } from '../i18n/index.ts'
import type { OfficeStore } from '../state/store.ts'
import { asCounts, BagQr, bagCode, PackForm, paiseToMoney, ReceiveForm } from './cash-parts.tsx'

const officeName = (state: State, id: string) => state.office.offices[id]?.name ?? id

/**
 * Cash movement (b3): a sub- or branch office asks its account office for cash; the account office approves or
 * refuses, packs a sealed cash bag only against an approved request, and dispatches it; the receiving office
 * confirms bag, seal and count with the carrier's code or the bag's QR (offline too). Surplus goes up the same
 * way as an unrequested remittance.
 */
export function CashScreen() {
  const o = useOffice()
  const [remit, setRemit] = useState(false)
  if (!o) return null
  const { state, office } = o
  const { ctx } = office
  const me = state.office.offices[ctx.office]
  const held = balanceOf(state.custody, `treasury:${ctx.office}`, CASH)
  const requests = Object.values(state.day.cashRequests)
  const bags = Object.values(state.day.bags)
  const sent = bags.filter((b) => b.from === ctx.office && b.status !== 'received')
  const incoming = bags.filter((b) => b.to === ctx.office && b.status !== 'received')
  const discrepancies = Object.values(state.day.discrepancies).filter((d) => d.office === ctx.office)
  return (
    <section aria-labelledby="cash-h">
      <h2 id="cash-h">{t('cashmv.title')}</h2>
      <div class="card">
        <p data-testid="cash-held">{t('cashmv.held', { cash: formatPaise(BigInt(held), locale.value) })}</p>
        {me && (
          <p>
            {t('cashmv.limits', {
              min: formatMoney(me.authorisedMin, locale.value),
              max: formatMoney(me.authorisedMax, locale.value),
            })}
          </p>
        )}
      </div>
      {me?.accountOffice && <RequestForm office={office} to={officeName(state, me.accountOffice)} />}
      <RequestList
        title={t('cashmv.myRequests')}
        requests={requests.filter((r) => r.office === ctx.office)}
        testId="cash-my-request"
      />
      <Decide
        office={office}
        state={state}
        requests={requests.filter((r) => r.accountOffice === ctx.office)}
      />
      <div class="card">
        <h3>{t('cashmv.sent')}</h3>
        {sent.length === 0 && <p>{t('common.none')}</p>}
        <ul class="plain">
          {sent.map((b) => (
            <SentBag key={b.bagNo} office={office} bag={b} />
          ))}
        </ul>
      </div>
      <div class="card">
        <h3>{t('cashmv.incoming')}</h3>
        {incoming.length === 0 && <p>{t('common.none')}</p>}
        {incoming.map((b) =>
          b.status === 'in-transit' ? (
            <ReceiveForm key={b.bagNo} office={office} bag={b} />
          ) : (
            <p key={b.bagNo} data-testid="cash-awaiting-dispatch">
              {t('cashmv.awaitingDispatch', { bag: b.bagNo, amount: formatMoney(b.amount, locale.value) })}
            </p>
          ),
        )}
      </div>
      <Discrepancies office={office} items={discrepancies} />
      {me?.accountOffice && (
        <div class="card">
          <h3>{t('cashmv.remitTitle')}</h3>
          <p>{t('cashmv.remitIntro', { to: officeName(state, me.accountOffice) })}</p>
          {remit ? (
            <PackForm
              office={office}
              state={state}
              to={me.accountOffice}
              requestId={null}
              denominations={{}}
              testId="cash-remit-form"
            />
          ) : (
            <button type="button" class="secondary" data-testid="cash-remit" onClick={() => setRemit(true)}>
              {t('cashmv.remit')}
            </button>
          )}
        </div>
      )}
    </section>
  )
}

function RequestForm({ office, to }: { office: OfficeStore; to: string }) {
  const [counts, setCounts] = useState<Counts>({})
  const [remark, setRemark] = useState('')
  const action = useAction(office)
  const submit = (e: Event) => {
    e.preventDefault()
    const amount = paiseToMoney(countPaise(counts))
    void action.run(
      { type: 'cash.request', payload: { amount, denominations: nonZero(counts), remark: remark.trim() } },
      t('cashmv.requested', { amount: formatMoney(amount, locale.value) }),
    )
  }
  return (
    <form class="card" onSubmit={submit}>
      <h3>{t('cashmv.requestTitle', { to })}</h3>
      <DenominationGrid legend={t('cashmv.requestCount')} value={counts} onChange={setCounts} />
      <Field label={t('cashmv.remark')} value={remark} onValue={setRemark} testId="cash-remark" />
      <div class="row">
        <button type="submit" data-testid="cash-request" disabled={action.busy || countPaise(counts) === 0n}>
          {t('cashmv.request')}
        </button>
      </div>
      <ResultNote error={action.error} done={action.done} />
    </form>
  )
}

function RequestList(p: { title: string; requests: CashRequest[]; testId: string }) {
  if (p.requests.length === 0) return null
  return (
    <div class="card">
      <h3>{p.title}</h3>
      <ul class="plain">
        {p.requests.map((r) => (
          <li key={r.id} data-testid={p.testId} data-status={r.status}>
            {formatMoney(r.approvedAmount ?? r.amount, locale.value)} —{' '}
            <span class="badge">{t(`cashmv.status.${r.status}` as MessageKey)}</span>
            {r.remark && ` · ${r.remark}`}
          </li>
        ))}
      </ul>
    </div>
  )
}

/** The account office's side: pending requests to approve or refuse, approved ones to pack. */
function Decide({ office, state, requests }: { office: OfficeStore; state: State; requests: CashRequest[] }) {
  const [reason, setReason] = useState('')
  const action = useAction(office)
  const pending = requests.filter((r) => r.status === 'requested')
  const approved = requests.filter((r) => r.status === 'approved')
  if (pending.length === 0 && approved.length === 0) return null
  const why = reason.trim() ? { reason: reason.trim() } : {}
  return (
    <div class="card">
      <h3>{t('cashmv.toDecide')}</h3>
      {pending.length > 0 && (
        <Field
          label={t('cashmv.reason')}
          hint={t('cashmv.decideHint')}
          value={reason}
          onValue={setReason}
          testId="cash-decide-reason"
        />
      )}
      <ul class="plain">
        {pending.map((r) => (
          <li key={r.id} data-testid="cash-to-decide">
            <p>
              {t('cashmv.requestLine', {
                from: officeName(state, r.office),
                amount: formatMoney(r.amount, locale.value),
              })}
              {r.remark && ` · ${r.remark}`}
            </p>
            <div class="row">
              <button
                type="button"
                data-testid="cash-approve"
                onClick={() =>
                  action.run(
                    { type: 'cash.approve', payload: { requestId: r.id, amount: r.amount, ...why } },
                    t('cashmv.approved'),
                  )
                }
              >
                {t('cashmv.approve')}
              </button>
              <button
                type="button"
                class="secondary"
                data-testid="cash-refuse"
                onClick={() =>
                  action.run(
                    { type: 'cash.refuse', payload: { requestId: r.id, reason: reason.trim() } },
                    t('cashmv.refused'),
                  )
                }
              >
                {t('cashmv.refuse')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <ResultNote error={action.error} done={action.done} />
      {approved.map((r) => (
        <div key={r.id} class="card" data-testid="cash-to-pack">
          <h4>
            {t('cashmv.packFor', {
              to: officeName(state, r.office),
              amount: formatMoney(r.approvedAmount ?? r.amount, locale.value),
            })}
          </h4>
          <PackForm
            office={office}
            state={state}
            to={r.office}
            requestId={r.id}
            denominations={asCounts(r.denominations)}
            testId={`cash-pack-${r.id}`}
          />
        </div>
      ))}
    </div>
  )
}

function SentBag({ office, bag }: { office: OfficeStore; bag: CashBag }) {
  const action = useAction(office)
  const code = bagCode(bag)
  return (
    <li data-testid="cash-sent-bag" data-status={bag.status}>
      <p>
        {t('cashmv.sentLine', {
          bag: bag.bagNo,
          seal: bag.sealNo,
          amount: formatMoney(bag.amount, locale.value),
          to: bag.to,
        })}{' '}
        <span class="badge">{t(`cashmv.bag.${bag.status}` as MessageKey)}</span>
      </p>
      {code && (
        <p>
          {t('cashmv.giveCode')} <strong data-testid="cash-bag-code">{code}</strong>
        </p>
      )}
      <BagQr bag={bag} />
      {bag.status === 'packed' && (
        <button
          type="button"
          data-testid="cash-dispatch"
          onClick={() =>
            action.run({ type: 'cashbag.dispatch', payload: { bagNo: bag.bagNo } }, t('cashmv.dispatched'))
          }
        >
          {t('cashmv.dispatch')}
        </button>
      )}
      <ResultNote error={action.error} done={action.done} />
    </li>
  )
}

function Discrepancies({ office, items }: { office: OfficeStore; items: Discrepancy[] }) {
  const [reason, setReason] = useState('')
  const action = useAction(office)
  if (items.length === 0) return null
  return (
    <div class="card">
      <h3>{t('cashmv.discrepancies')}</h3>
      <ul class="plain">
        {items.map((d) => (
          <li key={d.id} data-testid="cash-discrepancy" data-kind={d.kind} data-settled={String(d.settled)}>
            {t(`cashmv.kind.${d.kind}` as MessageKey, {
              bag: d.bagNo,
              amount: formatMoney(d.amount, locale.value),
            })}{' '}
            {d.settled ? (
              <span class="badge">{t('cashmv.settled')}</span>
            ) : (
              <button
                type="button"
                class="secondary"
                data-testid="cash-settle"
                onClick={() =>
                  action.run(
                    {
                      type: 'cash.discrepancy.settle',
                      payload: { discrepancyId: d.id, reason: reason.trim() },
                    },
                    t('cashmv.settled'),
                  )
                }
              >
                {t('cashmv.settle')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {items.some((d) => !d.settled) && (
        <Field
          label={t('cashmv.reason')}
          hint={t('cashmv.settleHint')}
          value={reason}
          onValue={setReason}
          testId="cash-settle-reason"
        />
      )}
      <ResultNote error={action.error} done={action.done} />
    </div>
  )
}
