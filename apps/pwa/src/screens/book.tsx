import { isValidArticleId, priceArticle, type Service } from '@dak/core'
import { encode, isValid as isValidDigipin } from '@dak/digipin'
import { useEffect, useState } from 'preact/hooks'
import { useAction } from '../components/action.ts'
import { Field } from '../components/field.tsx'
import { ResultNote } from '../components/result-note.tsx'
import { ScanField } from '../components/scan-field.tsx'
import { useOffice } from '../components/use-office.ts'
import { formatPaise, parseRupees } from '../i18n/format.ts'
import { locale, t } from '../i18n/index.ts'
import { getMeta, setMeta } from '../state/db.ts'

const SERVICES: readonly Service[] = [
  'speed-post-document',
  'speed-post-parcel',
  'india-post-parcel',
  'letter',
  'book-post',
]

interface Party {
  name: string
  address: string
  pincode: string
  mobile: string
}
const emptyParty: Party = { name: '', address: '', pincode: '', mobile: '' }

/**
 * This device's delivery OTP secret for its office (16 random bytes as hex), created on the first OTP booking
 * and kept in the device's settings store (IndexedDB, never localStorage). Core derives each article's OTP key
 * from it; the key travels with the article, so the delivering office needs no copy (docs/domain/mail.md).
 */
async function deliverySecret(office: string): Promise<string> {
  const key = `delivery-otp-secret:${office}`
  const held = await getMeta<string>(key)
  if (held) return held
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  const made = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
  await setMeta(key, made)
  return made
}

const rupees = (paise: number) => formatPaise(BigInt(paise), locale.value)
const moneyString = (text: string) => {
  const p = parseRupees(text) ?? 0n
  return `${p / 100n}.${(p % 100n).toString().padStart(2, '0')}`
}

function PartyFields({
  legend,
  value,
  onChange,
}: {
  legend: string
  value: Party
  onChange: (p: Party) => void
}) {
  return (
    <fieldset class="card">
      <legend>{legend}</legend>
      <Field
        label={t('book.name')}
        value={value.name}
        onValue={(name) => onChange({ ...value, name })}
        required
      />
      <Field
        label={t('book.address')}
        value={value.address}
        onValue={(address) => onChange({ ...value, address })}
        required
      />
      <Field
        label={t('book.pincode')}
        value={value.pincode}
        onValue={(pincode) => onChange({ ...value, pincode })}
        inputMode="numeric"
        maxLength={6}
        required
      />
      <Field
        label={t('book.mobile')}
        value={value.mobile}
        onValue={(mobile) => onChange({ ...value, mobile })}
        inputMode="tel"
        maxLength={10}
      />
    </fieldset>
  )
}

/**
 * Booking at the counter: S10 article id (scanned or typed), sender and addressee with the addressee's DIGIPIN
 * (typed, or from this device's location), weight and band; the price breakdown comes live from the published
 * tariff; paid in cash or by UPI QR (confirmed by the clerk); `article.book` posts it to the ledger.
 */
export function BookScreen() {
  const o = useOffice()
  const action = useAction(o?.office)
  const [articleId, setArticleId] = useState('')
  const [service, setService] = useState<Service>('speed-post-document')
  const [sender, setSender] = useState<Party>(emptyParty)
  const [addressee, setAddressee] = useState<Party>(emptyParty)
  const [digipin, setDigipin] = useState('')
  const [weight, setWeight] = useState('')
  const [band, setBand] = useState('')
  const [registration, setRegistration] = useState(false)
  const [pod, setPod] = useState(false)
  const [insurance, setInsurance] = useState(false)
  const [declared, setDeclared] = useState('')
  const [otpDelivery, setOtpDelivery] = useState(false)
  const [cod, setCod] = useState(false)
  const [codAmount, setCodAmount] = useState('')
  const [biller, setBiller] = useState('')
  const [method, setMethod] = useState<'cash' | 'qr'>('cash')
  const [qr, setQr] = useState<string | null>(null)
  const [locError, setLocError] = useState<string | null>(null)
  const tariffId = o?.state.mail.currentTariff
  const tariff = tariffId ? o?.state.mail.tariffs[tariffId] : undefined
  const date = o?.office.ctx.date ?? ''
  const grams = Number.parseInt(weight, 10)
  const options = { registration, proofOfDelivery: pod, insurance, otpDelivery }
  const codPaise = cod ? (parseRupees(codAmount) ?? 0n) : 0n
  // COD is booked under the biller's contract (the tariff allows it for contractual customers only)
  const customerType = cod ? 'contractual' : 'retail'
  const bands = (() => {
    if (!tariff) return []
    const svc = tariff.services[service] as
      | { tables?: { bandSet: string; customerType: string }[] }
      | undefined
    const set = svc?.tables?.[0]?.bandSet
    const bs = set
      ? (tariff as unknown as { bandSets: Record<string, { bands: { id: string; label: string }[] }> })
          .bandSets[set]
      : undefined
    return bs?.bands ?? []
  })()
  const price =
    tariff && grams > 0
      ? priceArticle(tariff, {
          service,
          bookingDate: date,
          customerType,
          weightGrams: grams,
          ...(band ? { band } : {}),
          options,
          ...(insurance && declared ? { declaredValue: Number(parseRupees(declared) ?? 0n) as never } : {}),
          ...(codPaise > 0n ? { codAmount: Number(codPaise) as never } : {}),
        })
      : null
  const reference = `DAK${articleId.replace(/\W/g, '').slice(0, 13)}`
  useEffect(() => {
    if (method !== 'qr' || !price?.ok) {
      setQr(null)
      return
    }
    const amount = formatPaise(BigInt(price.value.total), 'en').replace(/[₹,]/g, '')
    const intent = `upi://pay?pa=indiapost@sbi&pn=India%20Post&am=${amount}&cu=INR&tr=${reference}&tn=${encodeURIComponent(articleId)}`
    void import('../print/label.ts').then((m) => m.qrSvg(intent)).then(setQr)
  }, [method, price?.ok ? price.value.total : null, reference])
  if (!o) return null
  const idBad = articleId.length >= 13 && !isValidArticleId(articleId.replace(/\s+/g, '').toUpperCase())
  const pinBad = digipin.length >= 10 && !isValidDigipin(digipin)
  const here = () => {
    setLocError(null)
    navigator.geolocation?.getCurrentPosition(
      (pos) => {
        try {
          setDigipin(encode(pos.coords.latitude, pos.coords.longitude))
        } catch {
          setLocError(t('book.noLocation'))
        }
      },
      () => setLocError(t('book.noLocation')),
      { enableHighAccuracy: true, timeout: 10_000 },
    )
  }
  const party = (p: Party) => ({
    name: p.name,
    address: p.address,
    pincode: p.pincode,
    ...(p.mobile ? { mobile: p.mobile } : {}),
  })
  const submit = async (e: Event) => {
    e.preventDefault()
    const total = price?.ok ? rupees(price.value.total) : ''
    const id = articleId.replace(/\s+/g, '').toUpperCase()
    const otpSecret = otpDelivery ? await deliverySecret(o.office.ctx.office) : null
    const ok = await action.run(
      {
        type: 'article.book',
        payload: {
          articleId: id,
          service,
          customerType,
          sender: party(sender),
          addressee: { ...party(addressee), digipin },
          weightGrams: grams,
          ...(band ? { band } : {}),
          options,
          ...(insurance && declared ? { declaredValue: moneyString(declared) } : {}),
          ...(cod ? { cod: { amount: moneyString(codAmount), billerId: biller.trim() } } : {}),
          ...(otpSecret ? { otpSecret } : {}),
          payment: method === 'qr' ? { method: 'qr', reference } : { method: 'cash' },
        },
      },
      t('book.booked', { id, total }),
    )
    if (ok) {
      setArticleId('')
      setWeight('')
      setOtpDelivery(false)
      setCod(false)
      setCodAmount('')
    }
  }
  return (
    <section aria-labelledby="book-h">
      <h2 id="book-h">{t('book.title')}</h2>
      {!tariff && <p class="warn">{t('book.noTariff')}</p>}
      <form onSubmit={submit}>
        <ScanField
          label={t('book.articleId')}
          value={articleId}
          onValue={setArticleId}
          error={idBad ? t('book.articleIdBad') : null}
          testId="book-article"
        />
        <label for="book-service">{t('book.service')}</label>
        <select
          id="book-service"
          value={service}
          onChange={(e) => {
            setService((e.currentTarget as HTMLSelectElement).value as Service)
            setBand('')
          }}
        >
          {SERVICES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <PartyFields legend={t('book.sender')} value={sender} onChange={setSender} />
        <PartyFields legend={t('book.addressee')} value={addressee} onChange={setAddressee} />
        <Field
          label={t('book.digipin')}
          value={digipin}
          onValue={setDigipin}
          error={pinBad ? t('book.digipinBad') : locError}
          testId="book-digipin"
        />
        <div class="row">
          <button type="button" class="secondary" onClick={here}>
            {t('book.here')}
          </button>
        </div>
        <Field
          label={t('book.weight')}
          value={weight}
          onValue={setWeight}
          inputMode="numeric"
          required
          testId="book-weight"
        />
        {bands.length > 0 && (
          <>
            <label for="book-band">{t('book.band')}</label>
            <select
              id="book-band"
              data-testid="book-band"
              value={band}
              onChange={(e) => setBand((e.currentTarget as HTMLSelectElement).value)}
            >
              <option value="">—</option>
              {bands.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.label}
                </option>
              ))}
            </select>
          </>
        )}
        <fieldset class="card">
          <legend>{t('book.options')}</legend>
          {(
            [
              ['registration', registration, setRegistration],
              ['pod', pod, setPod],
              ['insurance', insurance, setInsurance],
              ['otpDelivery', otpDelivery, setOtpDelivery],
              ['cod', cod, setCod],
            ] as const
          ).map(([k, v, set]) => (
            <label key={k} class="check">
              <input
                type="checkbox"
                checked={v}
                data-testid={`book-opt-${k}`}
                onChange={(e) => set((e.currentTarget as HTMLInputElement).checked)}
              />{' '}
              {t(`book.${k}`)}
            </label>
          ))}
          {insurance && (
            <Field label={t('book.declared')} value={declared} onValue={setDeclared} inputMode="decimal" />
          )}
          {cod && (
            <>
              <Field
                label={t('book.codAmount')}
                value={codAmount}
                onValue={setCodAmount}
                inputMode="decimal"
                required
                testId="book-cod-amount"
              />
              <Field
                label={t('book.codBiller')}
                value={biller}
                onValue={setBiller}
                required
                testId="book-cod-biller"
              />
            </>
          )}
        </fieldset>
        {price && !price.ok && (
          <p class="error" role="alert">
            {price.error.message}
          </p>
        )}
        {price?.ok && (
          <table class="price card" data-testid="book-price">
            <caption>{t('book.price')}</caption>
            <tbody>
              <tr>
                <th scope="row">{t('book.postage')}</th>
                <td class="num">{rupees(price.value.postage)}</td>
              </tr>
              {price.value.discount > 0 && (
                <tr>
                  <th scope="row">{t('book.discount')}</th>
                  <td class="num">−{rupees(price.value.discount)}</td>
                </tr>
              )}
              {Object.entries(price.value.fees).map(([name, fee]) => (
                <tr key={name}>
                  <th scope="row">{t('book.fee', { name })}</th>
                  <td class="num">{rupees(fee ?? 0)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t('book.gst')}</th>
                <td class="num">{rupees(price.value.gst)}</td>
              </tr>
              <tr>
                <th scope="row">{t('book.total')}</th>
                <td class="num">
                  <strong data-testid="book-total">{rupees(price.value.total)}</strong>
                </td>
              </tr>
            </tbody>
          </table>
        )}
        <fieldset class="card">
          <legend>{t('book.pay')}</legend>
          <label class="check">
            <input type="radio" name="pay" checked={method === 'cash'} onChange={() => setMethod('cash')} />{' '}
            {t('book.cash')}
          </label>
          <label class="check">
            <input
              type="radio"
              name="pay"
              checked={method === 'qr'}
              onChange={() => setMethod('qr')}
              data-testid="book-pay-qr"
            />{' '}
            {t('book.qr')}
          </label>
          {method === 'qr' && qr && (
            <div class="code" data-testid="book-upi-qr">
              <p class="hint">{t('book.qrHint')}</p>
              <img
                alt={`UPI ${reference}`}
                width={200}
                height={200}
                src={`data:image/svg+xml;utf8,${encodeURIComponent(qr)}`}
              />
              <p>{t('book.qrConfirm', { ref: reference })}</p>
            </div>
          )}
        </fieldset>
        <div class="row">
          <button
            type="submit"
            disabled={action.busy || !price?.ok || idBad || pinBad}
            data-testid="book-submit"
          >
            {t('book.submit')}
          </button>
        </div>
      </form>
      <ResultNote error={action.error} done={action.done} />
    </section>
  )
}
