import { decode } from '@dak/digipin'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CASH } from '../src/custody/custody-module.ts'
import { orderBeat, routeMetres } from '../src/mail/beat.ts'
import { codReconciliation } from '../src/mail/cod.ts'
import { deliveryOtp, otpKeyId, verifyDeliveryOtp } from '../src/mail/otp.ts'
import { composeArticleId } from '../src/mail/s10.ts'
import { articleTimeline } from '../src/mail/tracking.ts'
import { ADDRESSEE, booking, createDesk, ctxFor, digipinNear, OFFICES, SECRET } from './mail-kit.ts'

const SEED = Number(process.env.FC_SEED ?? 80_812)
const id = (n: number) => composeArticleId('EK', 52_200_000 + n, 'IN')

describe('delivery OTP', () => {
  it('is six digits, per article, recomputable offline, and keyed by a fingerprint', () => {
    const a = deliveryOtp(SECRET, id(1))
    expect(a).toMatch(/^\d{6}$/)
    expect(deliveryOtp(SECRET, id(1))).toBe(a)
    expect(deliveryOtp(SECRET, id(2))).not.toBe(a)
    expect(verifyDeliveryOtp(SECRET, id(1), ` ${a.slice(0, 3)} ${a.slice(3)} `)).toBe(true)
    expect(verifyDeliveryOtp(SECRET, id(1), '12345')).toBe(false)
    expect(otpKeyId(SECRET)).toMatch(/^[0-9a-f]{8}$/)
    expect(() => deliveryOtp('short', id(1))).toThrow(/16 bytes/)
  })

  it('property: a wrong code is refused', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999 }),
        fc.integer({ min: 0, max: 99_999_999 }),
        (code, serial) => {
          const article = composeArticleId('EK', serial, 'IN')
          const given = String(code).padStart(6, '0')
          expect(verifyDeliveryOtp(SECRET, article, given)).toBe(given === deliveryOtp(SECRET, article))
        },
      ),
      { seed: SEED, numRuns: 300 },
    )
  })
})

describe('beat ordering', () => {
  const stops = Array.from({ length: 60 }, (_, i) => ({
    articleId: id(i),
    digipin: digipinNear(OFFICES.DC.lat!, OFFICES.DC.lon!, i),
  }))
  const start = { lat: OFFICES.DC.lat!, lon: OFFICES.DC.lon! }

  it('visits every stop once, deterministically, and is much shorter than the unsorted order', () => {
    const beat = orderBeat(stops, start)
    expect([...beat.order].sort()).toEqual(stops.map((s) => s.articleId).sort())
    expect(orderBeat([...stops].reverse(), start)).toEqual(beat)
    expect(beat.metres).toBeLessThan(routeMetres(stops, start) / 2)
  })

  it('property: the ordered route is never longer than the DIGIPIN-sorted order it starts from', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 25 }), (seeds) => {
        const s = [...new Set(seeds)].map((k) => ({ articleId: id(k), digipin: digipinNear(16.3, 80.43, k) }))
        const sorted = [...s].sort((a, b) =>
          a.digipin < b.digipin ? -1 : a.digipin > b.digipin ? 1 : a.articleId < b.articleId ? -1 : 1,
        )
        const beat = orderBeat(s, start)
        expect(beat.order).toHaveLength(s.length)
        expect(beat.metres).toBeLessThanOrEqual(routeMetres(sorted, start) + 1e-6)
      }),
      { seed: SEED, numRuns: 100 },
    )
  })

  it('decodes real DIGIPINs near the delivery centre', () => {
    const c = decode(stops[0]!.digipin)
    expect(Math.abs(c.lat - OFFICES.DC.lat!)).toBeLessThan(0.02)
  })
})

/** Two articles booked at Kothapeta (one OTP, one COD), bagged to NDC Guntur, received, on the postman's beat. */
function onBeat() {
  const desk = createDesk()
  desk.run(booking(1), ctxFor('pa-kothapeta'))
  desk.run(
    booking(2, {
      service: 'speed-post-parcel',
      customerType: 'contractual',
      band: 'withinState',
      weightGrams: 900,
      options: {},
      otpSecret: undefined,
      cod: { amount: '1250.00', billerId: 'biller-shopkart' },
      addressee: { ...ADDRESSEE, digipin: digipinNear(OFFICES.DC.lat!, OFFICES.DC.lon!, 7) },
    }),
    ctxFor('pa-kothapeta'),
  )
  const [o] = desk.run(
    { type: 'bag.open', payload: { to: 'NDC-GUNTUR', bagType: 'speed-post' } },
    ctxFor('mp-kothapeta'),
  )
  for (const n of [1, 2])
    desk.run({ type: 'bag.add', payload: { bagKey: o!.id, articleId: id(n) } }, ctxFor('mp-kothapeta'))
  desk.run(
    { type: 'bag.close', payload: { bagKey: o!.id, sealNo: 'S-1', weightGrams: 1100 } },
    ctxFor('mp-kothapeta'),
  )
  desk.run({ type: 'bag.dispatch', payload: { bagKey: o!.id } }, ctxFor('mp-kothapeta'))
  const bagId = desk.state.mail.bags[o!.id]!.manifest!.bagId
  desk.run(
    { type: 'bag.receive', payload: { bagId, sealNo: 'S-1', sealIntact: true, scanned: [id(1), id(2)] } },
    ctxFor('mp-ndc'),
  )
  const [beat] = desk.run(
    {
      type: 'beat.prepare',
      payload: { articleIds: [id(1), id(2)], start: { lat: 16.314427, lon: 80.429925 } },
    },
    ctxFor('postman-ndc'),
  )
  return { desk, beat: beat! }
}

const deliver = (articleId: string, over: Record<string, unknown> = {}) => ({
  type: 'article.deliver',
  payload: {
    articleId,
    method: 'otp',
    recipientName: 'K. Lakshmi',
    otp: deliveryOtp(SECRET, articleId),
    otpSecret: SECRET,
    digipin: ADDRESSEE.digipin,
    ...over,
  },
})

describe('delivery', () => {
  it('prepares a beat (out for delivery) and delivers by OTP with an ePoD', () => {
    const { desk, beat } = onBeat()
    expect(beat.type).toBe('beat.prepared')
    expect(desk.state.mail.articles[id(1)]!.status).toBe('out-for-delivery')
    desk.run(deliver(id(1)), ctxFor('postman-ndc'))
    const a = desk.state.mail.articles[id(1)]!
    expect(a.status).toBe('delivered')
    expect(a.pod).toMatchObject({
      method: 'otp',
      digipin: '4T3-8K7-6P2C',
      recipientName: 'K. Lakshmi',
      deliveredBy: 'postman-ndc',
      idDocument: null,
    })
    expect(a.pod!.at).toBe(ctxFor('postman-ndc').now)
  })

  it('verifies the OTP with the key carried by the article: the delivering device needs no secret', () => {
    const { desk } = onBeat()
    expect(desk.state.mail.articles[id(1)]!.otpKey).toMatch(/^[0-9a-f]{64}$/)
    desk.run(deliver(id(1), { otpSecret: undefined }), ctxFor('postman-ndc'))
    expect(desk.state.mail.articles[id(1)]!.status).toBe('delivered')
  })

  it('refuses a wrong OTP, a missing OTP where booked, a foreign secret, and a postman off the beat', () => {
    const { desk } = onBeat()
    const p = ctxFor('postman-ndc')
    expect(
      desk.refusal(deliver(id(1), { otp: '000000' === deliveryOtp(SECRET, id(1)) ? '111111' : '000000' }), p),
    ).toBe('otp-wrong')
    expect(
      desk.refusal(
        deliver(id(1), { method: 'id-document', idDocument: { type: 'aadhaar', last4: '1234' } }),
        p,
      ),
    ).toBe('otp-required')
    // the OTP of another office's secret is not this article's OTP
    const foreign = 'ab'.repeat(16)
    expect(desk.refusal(deliver(id(1), { otpSecret: foreign, otp: deliveryOtp(foreign, id(1)) }), p)).toBe(
      'otp-wrong',
    )
    expect(desk.refusal(deliver(id(1)), ctxFor('postman2-ndc'))).toBe('not-on-your-beat')
    expect(desk.refusal(deliver(id(1), { digipin: 'nowhere' }), p)).toBe('digipin-invalid')
    expect(desk.refusal(deliver(id(1)), ctxFor('mp-ndc'))).toBe('role-not-permitted')
    expect(desk.refusal(deliver(id(3)), p)).toBe('article-not-here')
  })

  it('delivers by ID document (type and number) or to an authorised person, and collects COD into the pouch', () => {
    const { desk } = onBeat()
    const p = ctxFor('postman-ndc')
    expect(
      desk.refusal(deliver(id(2), { method: 'id-document', otp: undefined, otpSecret: undefined }), p),
    ).toBe('id-document-missing')
    expect(
      desk.refusal(
        deliver(id(2), { method: 'authorised-person', idDocument: { type: 'pan', last4: '234F' } }),
        p,
      ),
    ).toBe('authorisation-missing')
    desk.run(
      deliver(id(2), {
        method: 'authorised-person',
        otp: undefined,
        otpSecret: undefined,
        recipientName: 'S. Rao (neighbour)',
        idDocument: { type: 'voter-id', last4: '2345' },
        authorisation: 'letter dated 2026-11-28',
      }),
      p,
    )
    const a = desk.state.mail.articles[id(2)]!
    expect(a.pod).toMatchObject({
      method: 'authorised-person',
      idDocument: { type: 'voter-id', last4: '2345' },
    })
    expect(a.cod).toMatchObject({ status: 'collected', collectedBy: 'postman-ndc' })
    expect(desk.state.custody.balances['cod-pouch:postman-ndc']?.[CASH]).toBe(125_000)
    expect(desk.state.custody.balances['biller:biller-shopkart']?.[CASH]).toBe(-125_000)
  })

  it('an attempt needs a reason and an action; then the article can go out again or be returned', () => {
    const { desk } = onBeat()
    const p = ctxFor('postman-ndc')
    expect(
      desk.refusal({ type: 'article.attempt', payload: { articleId: id(1), reason: 'addressee-absent' } }, p),
    ).toBe('invalid-payload')
    expect(
      desk.refusal(
        {
          type: 'article.attempt',
          payload: { articleId: id(1), reason: 'gone fishing', action: 'hold-at-office' },
        },
        p,
      ),
    ).toBe('invalid-payload')
    desk.run(
      {
        type: 'article.attempt',
        payload: { articleId: id(1), reason: 'premises-locked', action: 'retry-next-beat' },
      },
      p,
    )
    expect(desk.state.mail.articles[id(1)]).toMatchObject({
      status: 'attempted',
      attempts: [{ reason: 'premises-locked', action: 'retry-next-beat', by: 'postman-ndc' }],
    })
    desk.run({ type: 'beat.prepare', payload: { articleIds: [id(1)] } }, ctxFor('postman-ndc'))
    desk.run(
      {
        type: 'article.attempt',
        payload: { articleId: id(1), reason: 'addressee-refused', action: 'return-to-sender' },
      },
      p,
    )
    desk.run({ type: 'article.return', payload: { articleId: id(1), reason: 'refused by addressee' } }, p)
    expect(desk.state.mail.articles[id(1)]!.status).toBe('returned')
    expect(desk.refusal(deliver(id(1)), p)).toBe('article-wrong-status')
  })
})

describe('COD settlement', () => {
  it('collected → deposited at shift end → remitted to the biller, with the daily reconciliation', () => {
    const { desk } = onBeat()
    const p = ctxFor('postman-ndc')
    expect(desk.refusal({ type: 'cod.deposit', payload: {} }, p)).toBe('cod-nothing-to-deposit')
    desk.run(
      deliver(id(2), {
        method: 'id-document',
        otp: undefined,
        otpSecret: undefined,
        idDocument: { type: 'aadhaar', last4: '9012' },
      }),
      p,
    )
    let rec = codReconciliation(desk.state, 'postman-ndc', 'NDC-GUNTUR')
    expect(rec).toMatchObject({
      collectedTotal: '1250.00',
      depositedTotal: '0.00',
      outstanding: '1250.00',
      pouchBalance: '1250.00',
      balanced: false,
    })
    desk.run({ type: 'cod.deposit', payload: {} }, ctxFor('postman-ndc'))
    rec = codReconciliation(desk.state, 'postman-ndc', 'NDC-GUNTUR')
    expect(rec).toMatchObject({
      depositedTotal: '1250.00',
      outstanding: '0.00',
      pouchBalance: '0.00',
      balanced: true,
    })
    expect(
      desk.refusal(
        { type: 'cod.remit', payload: { billerId: 'biller-shopkart', reference: 'EPAY-1' } },
        ctxFor('postman-ndc'),
      ),
    ).toBe('role-not-permitted')
    const before = desk.state.custody.balances['treasury:NDC-GUNTUR']?.[CASH] ?? 0
    desk.run(
      { type: 'cod.remit', payload: { billerId: 'biller-shopkart', reference: 'EPAY-20261130-1' } },
      ctxFor('spm-ndc'),
    )
    expect(desk.state.mail.articles[id(2)]!.cod!.status).toBe('remitted')
    expect(desk.state.custody.balances['biller:biller-shopkart']?.[CASH]).toBe(0)
    expect(desk.state.custody.balances['treasury:NDC-GUNTUR']?.[CASH]).toBe(before - 125_000)
    expect(
      desk.refusal(
        { type: 'cod.remit', payload: { billerId: 'biller-shopkart', reference: 'EPAY-2' } },
        ctxFor('spm-ndc'),
      ),
    ).toBe('cod-nothing-to-remit')
  })
})

describe('track and trace', () => {
  it('gives an article timeline with UPU-style codes across the offices it passed through', () => {
    const { desk } = onBeat()
    desk.run(deliver(id(1)), ctxFor('postman-ndc'))
    const booked = desk.events.filter((e) => e.office === 'SO-KOTHAPETA')
    const ndc = desk.events.filter((e) => e.office === 'NDC-GUNTUR')
    const timeline = articleTimeline([ndc, booked, ndc], id(1))
    expect(timeline.map((t) => [t.code, t.office])).toEqual([
      ['EMA', 'SO-KOTHAPETA'],
      ['EMB', 'SO-KOTHAPETA'],
      ['EMC', 'SO-KOTHAPETA'],
      ['EMG', 'NDC-GUNTUR'],
      ['EDG', 'NDC-GUNTUR'],
      ['EMI', 'NDC-GUNTUR'],
    ])
    expect(timeline.at(-1)!.details).toMatchObject({ method: 'otp', recipientName: 'K. Lakshmi' })
    expect(articleTimeline(desk.events, id(99))).toEqual([])
  })
})
