import { CASH_BAG_CODE_DIGITS, type CashBag, cashBagQr, confirmationCode, type State } from '@dak/core'
import { useEffect, useState } from 'preact/hooks'
import { useAction } from '../components/action.ts'
import { type Counts, countPaise, DenominationGrid, nonZero } from '../components/denominations.tsx'
import { Field } from '../components/field.tsx'
import { ResultNote } from '../components/result-note.tsx'
import { ScanField } from '../components/scan-field.tsx'
import { formatMoney } from '../i18n/format.ts'
import { locale, t } from '../i18n/index.ts'
import type { OfficeStore } from '../state/store.ts'

/** Paise as core's money string ("1250.50"). */
export const paiseToMoney = (p: bigint): string => `${p / 100n}.${(p % 100n).toString().padStart(2, '0')}`

/** Denominations held in core's events as numbers by face (strings of counts are accepted as numbers). */
export const asCounts = (d: Readonly<Record<string, number>>): Counts => ({ ...d })

const toHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
const fromHex = (hex: string): Uint8Array =>
  Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16))

/** The carrier's one-time code of a packed bag (only the packing office holds the secret to show it). */
export function bagCode(bag: CashBag): string | null {
  return bag.confirmationSecret
    ? confirmationCode(fromHex(bag.confirmationSecret), bag.bagNo, CASH_BAG_CODE_DIGITS)
    : null
}

/**
 * Packing a sealed cash bag against an approved request (`requestId`) or, with `requestId` null, a surplus
 * remittance up to the account office. A fresh per-bag secret is drawn here, so the receiver can check the
 * carrier's code offline.
 */
export function PackForm(p: {
  office: OfficeStore
  state: State
  to: string
  requestId: string | null
  denominations: Counts
  testId: string
}) {
  const [bagNo, setBagNo] = useState('')
  const [sealNo, setSealNo] = useState('')
  const [carrier, setCarrier] = useState(p.office.ctx.staff)
  const [counts, setCounts] = useState<Counts>(p.denominations)
  const [reason, setReason] = useState('')
  const action = useAction(p.office)
  const staff = Object.values(p.state.office.staff).filter((s) => s.office === p.office.ctx.office)
  const submit = (e: Event) => {
    e.preventDefault()
    const secret = toHex(crypto.getRandomValues(new Uint8Array(32)))
    void action.run(
      {
        type: 'cashbag.pack',
        payload: {
          bagNo: bagNo.trim(),
          sealNo: sealNo.trim(),
          requestId: p.requestId,
          to: p.to,
          denominations: nonZero(counts),
          carrier,
          confirmationSecret: secret,
          ...(reason.trim() ? { reason: reason.trim() } : {}),
        },
      },
      t('cashmv.packed', { bag: bagNo.trim() }),
    )
  }
  return (
    <form onSubmit={submit} data-testid={p.testId}>
      <Field label={t('cashmv.bagNo')} value={bagNo} onValue={setBagNo} testId="cash-bag-no" required />
      <Field label={t('cashmv.sealNo')} value={sealNo} onValue={setSealNo} testId="cash-seal-no" required />
      <div>
        <label for={`${p.testId}-carrier`}>{t('cashmv.carrier')}</label>
        <select
          id={`${p.testId}-carrier`}
          data-testid="cash-carrier"
          value={carrier}
          onChange={(e) => setCarrier((e.currentTarget as HTMLSelectElement).value)}
        >
          {staff.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      <DenominationGrid legend={t('cashmv.packCount')} value={counts} onChange={setCounts} />
      {p.requestId === null && (
        <Field
          label={t('cashmv.reason')}
          hint={t('cashmv.reasonHint')}
          value={reason}
          onValue={setReason}
          testId="cash-reason"
        />
      )}
      <div class="row">
        <button type="submit" data-testid="cash-pack" disabled={action.busy || countPaise(counts) === 0n}>
          {t('cashmv.pack')}
        </button>
      </div>
      <ResultNote error={action.error} done={action.done} />
    </form>
  )
}

/** A bag's QR label (text from core's `cashBagQr`), drawn on demand so qrcode stays out of the first load. */
export function BagQr({ bag }: { bag: CashBag }) {
  const [src, setSrc] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    void import('../print/label.ts').then(async ({ qrSvg }) => {
      const svg = await qrSvg(cashBagQr(bag))
      if (live) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`)
    })
    return () => {
      live = false
    }
  }, [bag.bagNo])
  return src ? (
    <img class="qr" src={src} width={160} height={160} alt={t('cashmv.qrAlt', { bag: bag.bagNo })} />
  ) : null
}

/**
 * Receiving a cash bag: the seal number read off the bag, the cash counted, and the carrier's one-time code or
 * the bag's QR. Core checks the code against the bag's secret on this device, so it works with no network; a
 * count or seal that differs becomes a recorded shortage, excess or seal mismatch.
 */
export function ReceiveForm({ office, bag }: { office: OfficeStore; bag: CashBag }) {
  const [sealNo, setSealNo] = useState('')
  const [method, setMethod] = useState<'otp' | 'qr'>('otp')
  const [code, setCode] = useState('')
  const [counts, setCounts] = useState<Counts>({})
  const action = useAction(office)
  const submit = (e: Event) => {
    e.preventDefault()
    void action.run(
      {
        type: 'cashbag.receive',
        payload: {
          bagNo: bag.bagNo,
          sealNo: sealNo.trim(),
          denominations: nonZero(counts),
          confirmation: { method, code: code.trim() },
        },
      },
      t('cashmv.received', { bag: bag.bagNo }),
    )
  }
  return (
    <form onSubmit={submit} class="card" data-testid="cash-receive">
      <h4>
        {t('cashmv.bagLine', {
          bag: bag.bagNo,
          amount: formatMoney(bag.amount, locale.value),
          from: bag.from,
        })}
      </h4>
      <Field label={t('cashmv.sealRead')} value={sealNo} onValue={setSealNo} testId="cash-recv-seal" />
      <fieldset>
        <legend>{t('cashmv.confirmBy')}</legend>
        <label class="inline">
          <input
            type="radio"
            name={`m-${bag.bagNo}`}
            checked={method === 'otp'}
            onChange={() => setMethod('otp')}
            data-testid="cash-method-otp"
          />{' '}
          {t('cashmv.byOtp')}
        </label>
        <label class="inline">
          <input
            type="radio"
            name={`m-${bag.bagNo}`}
            checked={method === 'qr'}
            onChange={() => setMethod('qr')}
            data-testid="cash-method-qr"
          />{' '}
          {t('cashmv.byQr')}
        </label>
      </fieldset>
      {method === 'otp' ? (
        <Field
          label={t('cashmv.code')}
          hint={t('cashmv.codeHint')}
          value={code}
          onValue={setCode}
          inputMode="numeric"
          testId="cash-recv-code"
        />
      ) : (
        <ScanField label={t('cashmv.qr')} value={code} onValue={setCode} testId="cash-recv-qr" />
      )}
      <DenominationGrid legend={t('cashmv.recvCount')} value={counts} onChange={setCounts} />
      <div class="row">
        <button type="submit" data-testid="cash-recv-submit" disabled={action.busy}>
          {t('cashmv.receive')}
        </button>
      </div>
      <ResultNote error={action.error} done={action.done} />
    </form>
  )
}
