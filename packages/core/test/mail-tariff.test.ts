import { readFileSync } from 'node:fs'
import { moneyToString } from '@dak/ledger'
import { describe, expect, it } from 'vitest'
import {
  codFee,
  isTariff,
  moneyOrderCommission,
  type PriceRequest,
  priceArticle,
  type Tariff,
} from '../src/mail/tariff.ts'

// Copied from /work/shared/domain/tariff.json (see packages/core/data/README.md).
const tariff = JSON.parse(readFileSync(new URL('../data/tariff.json', import.meta.url), 'utf8')) as Tariff
const rs = (n: number) => moneyToString(n as never)

function price(req: Partial<PriceRequest> & Pick<PriceRequest, 'service' | 'weightGrams'>) {
  const r = priceArticle(tariff, { bookingDate: '2026-11-30', customerType: 'retail', ...req })
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value
}

describe('tariff worked examples (tariff.md)', () => {
  it('is a dak.tariff/1 document', () => expect(isTariff(tariff)).toBe(true))

  it('600 g Speed Post parcel, Other States, from 1 Aug 2026: ₹143 + ₹25.74 = ₹168.74', () => {
    const p = price({ service: 'speed-post-parcel', weightGrams: 600, band: 'otherStates' })
    expect([rs(p.postage), rs(p.gst), rs(p.total), p.tableId]).toEqual([
      '143.00',
      '25.74',
      '168.74',
      'spp-retail-2026-08-01',
    ])
  })

  it('same as Zone/Metro: ₹161.66', () => {
    expect(rs(price({ service: 'speed-post-parcel', weightGrams: 600, band: 'zoneMetro' }).total)).toBe(
      '161.66',
    )
  })

  it('same booked under the 2012 table (1001–2000 km): ₹120 + ₹21.60 = ₹141.60', () => {
    const p = price({
      service: 'speed-post-parcel',
      weightGrams: 600,
      band: 'upTo2000km',
      bookingDate: '2026-03-15',
    })
    expect([rs(p.postage), rs(p.gst), rs(p.total), p.tableId]).toEqual([
      '120.00',
      '21.60',
      '141.60',
      'spp-2012-table-2025-10-01',
    ])
  })

  it('200 g document Delhi→Mumbai with registration and OTP: ₹82 + ₹14.76 = ₹96.76', () => {
    const p = price({
      service: 'speed-post-document',
      weightGrams: 200,
      band: 'upTo2000km',
      options: { registration: true, otpDelivery: true },
    })
    expect(p.fees).toEqual({ registration: 500, 'otp-delivery': 500 })
    expect([rs(p.taxable), rs(p.gst), rs(p.total)]).toEqual(['82.00', '14.76', '96.76'])
  })

  it('20 g local document ₹22.42, with POD ₹34.22', () => {
    expect(rs(price({ service: 'speed-post-document', weightGrams: 20, band: 'local' }).total)).toBe('22.42')
    const pod = price({
      service: 'speed-post-document',
      weightGrams: 20,
      band: 'local',
      options: { proofOfDelivery: true },
    })
    expect([rs(pod.gst), rs(pod.total)]).toEqual(['5.22', '34.22'])
  })

  it('student, 100 g document, 300 km: ₹63 − 10 % = ₹56.70 + ₹10.21 = ₹66.91', () => {
    const p = price({ service: 'speed-post-document', weightGrams: 100, band: 'upTo500km', student: true })
    expect([rs(p.discount), rs(p.taxable), rs(p.gst), rs(p.total)]).toEqual([
      '6.30',
      '56.70',
      '10.21',
      '66.91',
    ])
  })

  it('7.3 kg Speed Post parcel, Other States: ₹1,046 + ₹188.28 = ₹1,234.28', () => {
    const p = price({ service: 'speed-post-parcel', weightGrams: 7300, band: 'otherStates' })
    expect([rs(p.postage), rs(p.gst), rs(p.total)]).toEqual(['1046.00', '188.28', '1234.28'])
  })

  it('COD fee ₹5,000 / ₹10,000 / ₹50,000 = ₹80 / ₹135 / ₹535 (+ GST ₹94.40 / ₹159.30 / ₹631.30)', () => {
    for (const [amount, fee, withGst] of [
      [500_000, '80.00', '94.40'],
      [1_000_000, '135.00', '159.30'],
      [5_000_000, '535.00', '631.30'],
    ] as const) {
      const r = codFee(tariff, amount as never)
      expect(r.ok && rs(r.value)).toBe(fee)
      // a COD-only contractual letter-free booking: the fee and its GST on top of the postage
      const p = price({
        service: 'speed-post-parcel',
        weightGrams: 400,
        band: 'local',
        customerType: 'contractual',
        codAmount: amount as never,
      })
      const postage = p.postage
      expect(rs(p.total - postage - Math.round(postage * 0.18))).toBe(withGst)
    }
    const boundary = codFee(tariff, 650_000 as never)
    expect(boundary.ok && rs(boundary.value)).toBe('104.00')
  })

  it('insurance on declared ₹5,000: ₹76 + GST ₹13.68', () => {
    const p = price({
      service: 'speed-post-parcel',
      weightGrams: 400,
      band: 'local',
      options: { insurance: true },
      declaredValue: 500_000 as never,
    })
    expect(rs(p.fees.insurance!)).toBe('76.00')
    expect(rs(p.gst - 504)).toBe('13.68') // ₹28 postage → ₹5.04 GST of its own
  })

  it('eMO ₹1,000 / ₹1,010 / ₹2,510: commission ₹50 / ₹51 / ₹126, no GST', () => {
    const c = (amount: number) => {
      const r = moneyOrderCommission(tariff, amount as never)
      return r.ok ? rs(r.value) : r.error.code
    }
    expect([c(100_000), c(101_000), c(251_000)]).toEqual(['50.00', '51.00', '126.00'])
    expect([c(100_050), c(1_000_100), c(0)]).toEqual(Array(3).fill('money-order-amount-invalid'))
  })

  it('letter 45 g ₹15; book post 300 g / 500 g / 1 kg: ₹19 / ₹31 / ₹61, no GST', () => {
    const letter = price({ service: 'letter', weightGrams: 45 })
    expect([rs(letter.total), rs(letter.gst)]).toEqual(['15.00', '0.00'])
    expect([300, 500, 1000].map((g) => rs(price({ service: 'book-post', weightGrams: g }).total))).toEqual([
      '19.00',
      '31.00',
      '61.00',
    ])
    expect(rs(price({ service: 'book-post', weightGrams: 300, gstOnUnclear: true }).gst)).toBe('3.42')
  })
})

describe('tariff refusals', () => {
  const refusal = (req: Partial<PriceRequest> & Pick<PriceRequest, 'service' | 'weightGrams'>) => {
    const r = priceArticle(tariff, { bookingDate: '2026-11-30', customerType: 'retail', ...req })
    return r.ok ? 'priced' : r.error.code
  }
  it('names the rule for each bad request', () => {
    expect(refusal({ service: 'speed-post-document', weightGrams: 600, band: 'local' })).toBe(
      'tariff-overweight',
    )
    expect(refusal({ service: 'speed-post-document', weightGrams: 100, band: 'otherStates' })).toBe(
      'tariff-band-unknown',
    )
    expect(
      refusal({ service: 'speed-post-document', weightGrams: 100, band: 'local', bookingDate: '2010-01-01' }),
    ).toBe('tariff-no-table')
    expect(refusal({ service: 'letter', weightGrams: 20, options: { registration: true } })).toBe(
      'option-not-available',
    )
    expect(
      refusal({ service: 'speed-post-parcel', weightGrams: 400, band: 'local', codAmount: 10_000 as never }),
    ).toBe('cod-contractual-only')
    expect(
      refusal({
        service: 'speed-post-parcel',
        weightGrams: 400,
        band: 'local',
        customerType: 'contractual',
        codAmount: 10_050 as never,
      }),
    ).toBe('cod-amount-invalid')
    expect(
      refusal({
        service: 'speed-post-parcel',
        weightGrams: 400,
        band: 'local',
        options: { insurance: true },
      }),
    ).toBe('insurance-value-invalid')
    expect(refusal({ service: 'letter', weightGrams: 0 })).toBe('weight-invalid')
    expect(refusal({ service: 'letter', weightGrams: 2001 })).toBe('tariff-overweight')
  })
})
