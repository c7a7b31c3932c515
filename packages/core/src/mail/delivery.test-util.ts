/** Shared set-up of the delivery, attempt and redirection tests (not built: `*.test-util.ts`). */
import { ADDRESSEE, booking, createDesk, ctxFor, digipinNear, OFFICES } from '../../test/mail-kit.ts'
import { composeArticleId } from './s10.ts'

/** Article n of these tests (a series apart from the older mail tests'). */
export const id = (n: number) => composeArticleId('EK', 52_300_000 + n, 'IN')

/** Article 1 (no OTP, COD ₹500) booked at Kothapeta, bagged, received at NDC Guntur and on the beat. */
export function onBeat(n = 1) {
  const desk = createDesk()
  desk.run(
    booking(0, {
      articleId: id(n),
      service: 'speed-post-parcel',
      customerType: 'contractual',
      band: 'withinState',
      weightGrams: 900,
      options: {},
      otpSecret: undefined,
      cod: { amount: '500.00', billerId: 'biller-shopkart' },
      addressee: { ...ADDRESSEE, digipin: digipinNear(OFFICES.DC.lat!, OFFICES.DC.lon!, 3) },
    }),
    ctxFor('pa-kothapeta'),
  )
  const [o] = desk.run(
    { type: 'bag.open', payload: { to: 'NDC-GUNTUR', bagType: 'speed-post' } },
    ctxFor('mp-kothapeta'),
  )
  desk.run({ type: 'bag.add', payload: { bagKey: o!.id, articleId: id(n) } }, ctxFor('mp-kothapeta'))
  desk.run(
    { type: 'bag.close', payload: { bagKey: o!.id, sealNo: 'S-7', weightGrams: 950 } },
    ctxFor('mp-kothapeta'),
  )
  desk.run({ type: 'bag.dispatch', payload: { bagKey: o!.id } }, ctxFor('mp-kothapeta'))
  const bagId = desk.state.mail.bags[o!.id]!.manifest!.bagId
  desk.run(
    { type: 'bag.receive', payload: { bagId, sealNo: 'S-7', sealIntact: true, scanned: [id(n)] } },
    ctxFor('mp-ndc'),
  )
  desk.run({ type: 'beat.prepare', payload: { articleIds: [id(n)] } }, ctxFor('postman-ndc'))
  return { desk, articleId: id(n) }
}
