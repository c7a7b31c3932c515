/**
 * The mail day of Guntur (offices from the India Post directory, see mail-kit.ts): 500 articles booked at two
 * SOs, bagged and dispatched to NDC Guntur — one bag arrives short of an article, another with an extra one —,
 * received and reconciled, beats built, delivered with OTP on postmen's devices that stay offline, COD
 * collected, deposited and remitted to the biller. Each office and each postman's phone keeps its own journal;
 * they meet only by exchanging events.
 */
import { describe, expect, it } from 'vitest'
import { CASH } from '../src/custody/custody-module.ts'
import type { DakEvent } from '../src/events/envelope.ts'
import { journalKernel } from '../src/journal/journal.ts'
import { codReconciliation } from '../src/mail/cod.ts'
import { openIrregularities } from '../src/mail/mail-apply.ts'
import { deliveryOtp } from '../src/mail/otp.ts'
import { composeArticleId } from '../src/mail/s10.ts'
import { articleTimeline } from '../src/mail/tracking.ts'
import { ADDRESSEE, booking, createDesk, ctxFor, digipinNear, foldAll, OFFICES, SECRET } from './mail-kit.ts'

const PER_SO = 250
const COD_EVERY = 5 // every 5th article at Brodipet is a contractual COD parcel
const so1Id = (i: number) => composeArticleId('EK', 52_210_000 + i, 'IN')
const so2Id = (i: number) => composeArticleId('CP', 52_220_000 + i, 'IN')
const addressee = (i: number) => ({
  ...ADDRESSEE,
  name: `Addressee ${i}`,
  digipin: digipinNear(OFFICES.DC.lat!, OFFICES.DC.lon!, i),
})

function bookAll(
  desk: ReturnType<typeof createDesk>,
  clerk: string,
  idOf: (i: number) => string,
  offset: number,
  cod: boolean,
) {
  const ids: string[] = []
  for (let i = 0; i < PER_SO; i++) {
    const isCod = cod && i % COD_EVERY === 0
    const over: Record<string, unknown> = {
      articleId: idOf(i),
      addressee: addressee(offset + i),
      weightGrams: 50 + (i % 400),
    }
    if (isCod) {
      Object.assign(over, {
        service: 'speed-post-parcel',
        customerType: 'contractual',
        band: 'withinState',
        options: { otpDelivery: true },
        cod: { amount: `${500 + i}.00`, billerId: 'biller-shopkart' },
      })
    }
    desk.run(booking(0, over), ctxFor(clerk))
    ids.push(idOf(i))
  }
  return ids
}

function bagAndDispatch(
  desk: ReturnType<typeof createDesk>,
  clerk: string,
  groups: string[][],
  seal: string,
) {
  return groups.map((ids, g) => {
    const [opened] = desk.run(
      { type: 'bag.open', payload: { to: 'NDC-GUNTUR', bagType: 'speed-post' } },
      ctxFor(clerk),
    )
    const bagKey = opened!.id
    for (const articleId of ids) desk.run({ type: 'bag.add', payload: { bagKey, articleId } }, ctxFor(clerk))
    desk.run(
      { type: 'bag.close', payload: { bagKey, sealNo: `${seal}-${g + 1}`, weightGrams: 180 * ids.length } },
      ctxFor(clerk),
    )
    desk.run({ type: 'bag.dispatch', payload: { bagKey, carrier: 'MMS Guntur' } }, ctxFor(clerk))
    const bag = desk.state.mail.bags[bagKey]!
    return {
      bagId: bag.manifest!.bagId,
      seal: bag.manifest!.sealNo,
      qr: bag.manifestText!,
      ids: [...bag.manifest!.articleIds],
    }
  })
}

describe('mail scenario: Guntur, 500 articles from two SOs to the delivery centre', () => {
  it('books, bags, dispatches, receives, reconciles, delivers offline with OTP and settles COD', () => {
    // ── booking at the two SOs ──────────────────────────────────────────────────────────────────────────
    const so1 = createDesk()
    const so2 = createDesk()
    const booked1 = bookAll(so1, 'pa-kothapeta', so1Id, 0, false)
    const booked2 = bookAll(so2, 'pa-brodipet', so2Id, PER_SO, true)
    expect(Object.keys(so1.state.mail.articles)).toHaveLength(PER_SO)

    // ── bags: Kothapeta makes two bags; Brodipet two, and one Brodipet article goes in a bag without being listed
    const extra = booked2[PER_SO - 1]!
    const bags1 = bagAndDispatch(so1, 'mp-kothapeta', [booked1.slice(0, 125), booked1.slice(125)], 'KTP')
    const bags2 = bagAndDispatch(
      so2,
      'mp-brodipet',
      [booked2.slice(0, 125), booked2.slice(125, PER_SO - 1)],
      'BDP',
    )
    const short = bags1[0]!.ids[17]! // lost from the first Kothapeta bag on the way

    // ── the delivery centre receives: two bags from the pre-advice, two from the label QR (inbox not yet synced)
    const ndc = createDesk()
    ndc.receive([...so1.events, ...so2.events.filter((e) => e.type !== 'bag.pre-advised')])
    const receive = (bag: (typeof bags1)[number], scanned: string[], qr: boolean, clerk: string) =>
      ndc.run(
        {
          type: 'bag.receive',
          payload: {
            bagId: bag.bagId,
            sealNo: bag.seal,
            sealIntact: true,
            scanned,
            ...(qr ? { manifestQr: bag.qr } : {}),
          },
        },
        ctxFor(clerk),
      )
    receive(
      bags1[0]!,
      bags1[0]!.ids.filter((x) => x !== short),
      false,
      'mp-ndc',
    )
    receive(bags1[1]!, bags1[1]!.ids, false, 'mp-ndc')
    receive(bags2[0]!, bags2[0]!.ids, true, 'mp2-ndc')
    receive(bags2[1]!, [...bags2[1]!.ids, extra], true, 'mp2-ndc')
    ndc.receive(so2.events) // the Brodipet pre-advices arrive later: same reconciliation

    const recon = (bagId: string) => ndc.state.mail.inbound[bagId]!.reconciliation!
    expect(recon(bags1[0]!.bagId)).toMatchObject({ missing: [short], excess: [], damaged: [] })
    expect(recon(bags1[0]!.bagId).matched).toHaveLength(124)
    expect(recon(bags1[1]!.bagId)).toMatchObject({ missing: [], excess: [] })
    expect(recon(bags2[0]!.bagId)).toMatchObject({ missing: [], excess: [] })
    expect(recon(bags2[1]!.bagId)).toMatchObject({ missing: [], excess: [extra] })
    for (const b of [...bags1, ...bags2]) {
      const r = recon(b.bagId)
      expect(r.matched.length + r.missing.length).toBe(b.ids.length)
      expect(ndc.state.mail.inbound[b.bagId]!.manifestMismatch).toBe(false)
    }
    expect(openIrregularities(ndc.state.mail).map((r) => [r.kind, r.articleId, r.atFault])).toEqual([
      ['missing', short, 'SO-KOTHAPETA'],
      ['excess', extra, 'SO-BRODIPET'],
    ])

    // ── beats: everything received, split between two postmen in DIGIPIN order ─────────────────────────
    const atNdc = Object.values(ndc.state.mail.articles)
      .filter((a) => a.status === 'received' && a.office === 'NDC-GUNTUR')
      .sort((a, b) =>
        a.addressee.digipin < b.addressee.digipin
          ? -1
          : a.addressee.digipin > b.addressee.digipin
            ? 1
            : a.id < b.id
              ? -1
              : 1,
      )
    expect(atNdc).toHaveLength(2 * PER_SO - 1)
    const start = { lat: OFFICES.DC.lat!, lon: OFFICES.DC.lon! }
    const half = Math.ceil(atNdc.length / 2)
    const [beat1] = ndc.run(
      { type: 'beat.prepare', payload: { articleIds: atNdc.slice(0, half).map((a) => a.id), start } },
      ctxFor('postman-ndc'),
    )
    const [beat2] = ndc.run(
      { type: 'beat.prepare', payload: { articleIds: atNdc.slice(half).map((a) => a.id), start } },
      ctxFor('postman2-ndc'),
    )

    // ── delivery on two phones that stay offline until they are back at the office ─────────────────────
    const phones = (['postman-ndc', 'postman2-ndc'] as const).map((postman, k) => {
      const phone = createDesk()
      phone.receive(ndc.events)
      const order = ((k === 0 ? beat1 : beat2)!.payload as { order: string[] }).order
      for (const articleId of order) {
        // the addressee reads out the OTP they got by SMS at booking; the phone checks it with no network
        phone.run(
          {
            type: 'article.deliver',
            payload: {
              articleId,
              method: 'otp',
              recipientName: `Addressee of ${articleId}`,
              otp: deliveryOtp(SECRET, articleId),
              otpSecret: SECRET,
              digipin: phone.state.mail.articles[articleId]!.addressee.digipin,
            },
          },
          ctxFor(postman),
        )
      }
      phone.run({ type: 'cod.deposit', payload: {} }, ctxFor(postman))
      return phone
    })
    for (const phone of phones) ndc.receive(phone.events)
    ndc.run(
      { type: 'cod.remit', payload: { billerId: 'biller-shopkart', reference: 'EPAY-GNT-20261130' } },
      ctxFor('spm-ndc'),
    )

    // ── what the delivery centre now knows ───────────────────────────────────────────────────────────────
    const articles = Object.values(ndc.state.mail.articles)
    expect(articles.filter((a) => a.status === 'delivered')).toHaveLength(2 * PER_SO - 1)
    expect(ndc.state.mail.articles[short]).toMatchObject({ status: 'in-transit', office: 'SO-KOTHAPETA' })
    const cods = articles.filter((a) => a.cod)
    expect(cods).toHaveLength(PER_SO / COD_EVERY)
    expect(cods.every((a) => a.cod!.status === 'remitted')).toBe(true)
    const codTotal = cods.reduce((s, a) => s + Number(a.cod!.amount) * 100, 0)
    const bal = ndc.state.custody.balances
    expect(bal['biller:biller-shopkart']?.[CASH]).toBe(0)
    for (const postman of ['postman-ndc', 'postman2-ndc']) {
      expect(codReconciliation(ndc.state, postman, 'NDC-GUNTUR')).toMatchObject({
        outstanding: '0.00',
        balanced: true,
      })
    }
    const collected = ['postman-ndc', 'postman2-ndc'].map(
      (p) => Number(codReconciliation(ndc.state, p, 'NDC-GUNTUR').collectedTotal) * 100,
    )
    expect(collected[0]! + collected[1]!).toBe(codTotal)

    // booking money: every receipt in the counter wallets, split into postage, fees and GST
    const receipts = articles.reduce((s, a) => s + Math.round(Number(a.price!.total) * 100), 0)
    const wallets = Object.entries(bal)
      .filter(([k]) => k.startsWith('counter:'))
      .reduce((s, [, v]) => s + (v[CASH] ?? 0), 0)
    expect(wallets).toBe(receipts)
    expect(
      -(
        (bal['revenue:postage']?.[CASH] ?? 0) +
        (bal['revenue:fees']?.[CASH] ?? 0) +
        (bal['revenue:gst']?.[CASH] ?? 0)
      ),
    ).toBe(receipts)
    // custody conservation: every transaction balanced, so all INR balances sum to zero
    expect(Object.values(bal).reduce((s, v) => s + (v[CASH] ?? 0), 0)).toBe(0)

    // ── track and trace from the journals of the offices it passed through ──────────────────────────────
    const byOffice = (o: string) => ndc.events.filter((e) => e.office === o)
    const trace = articleTimeline([byOffice('SO-BRODIPET'), byOffice('NDC-GUNTUR')], extra)
    expect(trace.map((t) => t.code)).toEqual(['EMA', 'EMG', 'EDG', 'EMI'])
    const lost = articleTimeline([byOffice('SO-KOTHAPETA'), byOffice('NDC-GUNTUR')], short)
    expect(lost.map((t) => t.code)).toEqual(['EMA', 'EMB', 'EMC'])

    // ── determinism: the same events in another order fold to the same mail and custody state ───────────
    const shuffled: DakEvent[] = [...ndc.events].reverse()
    const refolded = foldAll(shuffled)
    expect(refolded.mail).toEqual(ndc.state.mail)
    expect(refolded.custody.balances).toEqual(ndc.state.custody.balances)
    expect(
      journalKernel()
        .openConflicts(refolded)
        .filter((c) => c.kind.startsWith('bag')),
    ).toEqual([])
  })
})
