import { describe, expect, it } from 'vitest'
import { CASH } from '../src/custody/custody-module.ts'
import { composeArticleId } from '../src/mail/s10.ts'
import { ADDRESSEE, booking, createDesk, ctxFor, DATE, dutyOf, OFFICES } from './mail-kit.ts'

describe('article.book', () => {
  it('books an article with its price breakdown and posts the cash to the counter wallet', () => {
    const desk = createDesk()
    const [e] = desk.run(booking(1), ctxFor('pa-kothapeta'))
    expect(e!.type).toBe('article.booked')
    const p = e!.payload as Record<string, unknown>
    expect(p.price).toMatchObject({
      postage: '72.00',
      fees: { registration: '5.00', 'otp-delivery': '5.00' },
      gst: '14.76',
      total: '96.76',
    })
    expect(p).not.toHaveProperty('otpSecret')
    expect(p.otpKeyId).toMatch(/^[0-9a-f]{8}$/)
    const a = desk.state.mail.articles[composeArticleId('EK', 52_200_001, 'IN')]!
    expect(a.status).toBe('booked')
    expect(a.addressee.digipin).toBe('4T3-8K7-6P2C')
    const bal = desk.state.custody.balances
    expect(bal[`counter:${dutyOf('pa-kothapeta')}`]?.[CASH]).toBe(9676)
    expect(bal['revenue:postage']?.[CASH]).toBe(-7200)
    expect(bal['revenue:fees']?.[CASH]).toBe(-1000)
    expect(bal['revenue:gst']?.[CASH]).toBe(-1476)
  })

  it('QR payment goes to the QR settlement account, not the wallet', () => {
    const desk = createDesk()
    desk.run(booking(2, { payment: { method: 'qr', reference: 'UPI-4411' } }), ctxFor('pa-kothapeta'))
    expect(desk.state.custody.balances[`outside:qr-settlement-${OFFICES.SO1.id}`]?.[CASH]).toBe(9676)
    expect(desk.state.custody.balances[`counter:${dutyOf('pa-kothapeta')}`]).toBeUndefined()
  })

  it('a COD parcel for a contractual customer carries its COD as due', () => {
    const desk = createDesk()
    desk.run(
      booking(3, {
        service: 'speed-post-parcel',
        customerType: 'contractual',
        band: 'local',
        weightGrams: 900,
        options: {},
        cod: { amount: '1250.00', billerId: 'biller-shopkart' },
      }),
      ctxFor('pa-kothapeta'),
    )
    const a = desk.state.mail.articles[composeArticleId('EK', 52_200_003, 'IN')]!
    expect(a.cod).toMatchObject({ amount: '1250.00', status: 'due', billerId: 'biller-shopkart' })
    expect(a.price!.fees['cod-fee']).toBe('20.00')
  })

  it('refuses before Day Begin, without a booking duty, and for every bad field', () => {
    const notBegun = createDesk({ daysBegun: [] })
    expect(notBegun.refusal(booking(1), ctxFor('pa-kothapeta'))).toBe('day-not-begun')
    const desk = createDesk()
    expect(desk.refusal(booking(1), ctxFor('pa-idle'))).toBe('no-approved-duty')
    expect(desk.refusal(booking(1), ctxFor('postman-ndc'))).toBe('role-not-permitted')
    expect(desk.refusal(booking(1), ctxFor('mp-kothapeta'))).toBe('wrong-duty')
    expect(desk.refusal(booking(1, { articleId: 'EK522000019IN' }), ctxFor('pa-kothapeta'))).toBe(
      'article-id-invalid',
    )
    expect(
      desk.refusal(booking(1, { addressee: { ...ADDRESSEE, digipin: '4T3-8K7' } }), ctxFor('pa-kothapeta')),
    ).toBe('digipin-invalid')
    expect(desk.refusal(booking(1, { otpSecret: undefined }), ctxFor('pa-kothapeta'))).toBe(
      'otp-secret-missing',
    )
    expect(desk.refusal(booking(1, { weightGrams: 700 }), ctxFor('pa-kothapeta'))).toBe('tariff-overweight')
    expect(
      desk.refusal(booking(1, { cod: { amount: '100.00', billerId: 'b1' } }), ctxFor('pa-kothapeta')),
    ).toBe('cod-contractual-only')
    expect(desk.refusal(booking(1, { weightGrams: 'heavy' }), ctxFor('pa-kothapeta'))).toBe('invalid-payload')
    desk.run(booking(1), ctxFor('pa-kothapeta'))
    expect(desk.refusal(booking(1), ctxFor('pa-kothapeta'))).toBe('article-id-taken')
  })

  it('a duplicated booking event folds once (first wins, money posted once)', () => {
    const desk = createDesk()
    const events = desk.run(booking(1), ctxFor('pa-kothapeta'))
    desk.receive(events)
    expect(desk.state.custody.balances[`counter:${dutyOf('pa-kothapeta')}`]?.[CASH]).toBe(9676)
    expect(DATE).toBe('2026-11-30')
  })
})
