import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CASH } from '../src/custody/custody-module.ts'
import type { DakEvent } from '../src/events/envelope.ts'
import { journalKernel } from '../src/journal/journal.ts'
import { mailDayEndChecks } from '../src/mail/day-end-checks.ts'
import { composeArticleId } from '../src/mail/s10.ts'
import {
  booking,
  createDesk,
  ctxFor,
  foldAll,
  genesisEvents,
  openConflicts,
  SECRET,
  tariff,
} from './mail-kit.ts'

const SEED = Number(process.env.FC_SEED ?? 80_813)
const id = (n: number) => composeArticleId('EK', 52_200_000 + n, 'IN')

/** A small but complete mail history: bookings (one COD), a bag with a short article, receipt, beat, delivery. */
function history(): DakEvent[] {
  const d = createDesk()
  for (const n of [1, 2, 3]) d.run(booking(n), ctxFor('pa-kothapeta'))
  d.run(
    booking(4, {
      service: 'speed-post-parcel',
      customerType: 'contractual',
      band: 'local',
      options: {},
      cod: { amount: '300.00', billerId: 'b-1' },
    }),
    ctxFor('pa-kothapeta'),
  )
  const [o] = d.run(
    { type: 'bag.open', payload: { to: 'NDC-GUNTUR', bagType: 'speed-post' } },
    ctxFor('mp-kothapeta'),
  )
  for (const n of [1, 2, 3, 4])
    d.run({ type: 'bag.add', payload: { bagKey: o!.id, articleId: id(n) } }, ctxFor('mp-kothapeta'))
  d.run(
    { type: 'bag.close', payload: { bagKey: o!.id, sealNo: 'S-9', weightGrams: 900 } },
    ctxFor('mp-kothapeta'),
  )
  d.run({ type: 'bag.dispatch', payload: { bagKey: o!.id } }, ctxFor('mp-kothapeta'))
  const bagId = d.state.mail.bags[o!.id]!.manifest!.bagId
  d.run(
    {
      type: 'bag.receive',
      payload: { bagId, sealNo: 'S-9', sealIntact: true, scanned: [id(1), id(2), id(4)] },
    },
    ctxFor('mp-ndc'),
  )
  d.run({ type: 'beat.prepare', payload: { articleIds: [id(1), id(4)] } }, ctxFor('postman-ndc'))
  d.run(
    {
      type: 'article.deliver',
      payload: {
        articleId: id(4),
        method: 'id-document',
        recipientName: 'R',
        idDocument: { type: 'pan', last4: '234F' },
        digipin: '4T3-8K7-6P2C',
      },
    },
    ctxFor('postman-ndc'),
  )
  d.run(
    {
      type: 'article.attempt',
      payload: { articleId: id(1), reason: 'addressee-absent', action: 'retry-next-beat' },
    },
    ctxFor('postman-ndc'),
  )
  d.run({ type: 'cod.deposit', payload: {} }, ctxFor('postman-ndc'))
  return d.events
}

describe('mail on the journal', () => {
  const events = history()
  const reference = foldAll(events)

  it('property: any permutation of the events, with duplicates, folds to the same mail and custody state', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
        fc.array(fc.nat({ max: events.length - 1 }), { maxLength: 10 }),
        (perm, dups) => {
          const state = foldAll([...perm, ...dups.map((i) => events[i]!)])
          expect(state.mail).toEqual(reference.mail)
          expect(state.custody.balances).toEqual(reference.custody.balances)
        },
      ),
      { seed: SEED, numRuns: 40 },
    )
  })

  it('every mail event passes the journal envelope and payload checks the server runs', () => {
    const published = genesisEvents().filter((e) => e.type === 'tariff.published')
    expect(published).toHaveLength(1)
    for (const e of [...published, ...events]) {
      const r = journalKernel().parseEvent(JSON.parse(JSON.stringify(e)))
      expect(r.ok ? 'ok' : `${e.type}: ${JSON.stringify(r.error)}`).toBe('ok')
    }
  })

  it('the same label booked on two offline devices: first stands, both cash takings posted, a conflict until resolved', () => {
    const a = createDesk()
    const b = createDesk()
    a.run(booking(7), ctxFor('pa-kothapeta', { device: 'counter-1' }))
    b.run(
      booking(7, { payment: { method: 'qr', reference: 'UPI-9' } }),
      ctxFor('pa-kothapeta', { device: 'counter-2' }),
    )
    a.receive(b.events)
    const conflicts = openConflicts(a.state).filter((c) => c.kind === 'article-booked-twice')
    expect(conflicts).toHaveLength(1)
    expect(conflicts[0]!.events).toHaveLength(2)
    expect(a.state.custody.balances['revenue:postage']?.[CASH]).toBe(-2 * 7200)
    const conflictCheck = () =>
      mailDayEndChecks(a.state, 'SO-KOTHAPETA').find((c) => c.id === 'mail-conflicts')!.ok
    expect(conflictCheck()).toBe(false)
    a.run(
      {
        type: 'conflict.resolve',
        payload: {
          conflictId: conflicts[0]!.id,
          resolution: 'keep-first',
          reason: 'refunded the QR payment',
        },
      },
      ctxFor('spm-kothapeta'),
    )
    expect(openConflicts(a.state).filter((c) => c.kind === 'article-booked-twice')).toEqual([])
    expect(conflictCheck()).toBe(true)
  })

  it('a corrupt manifest in a foreign event is ignored by the fold, not thrown', () => {
    const events = history()
    const closed = events.find((e) => e.type === 'bag.closed')!
    const received = events.find((e) => e.type === 'bag.received')!
    const tampered = events.map((e) => {
      if (e === closed) return { ...e, payload: { ...(e.payload as object), manifest: 'DAK1|garbage' } }
      if (e === received) return { ...e, payload: { ...(e.payload as object), manifest: 42 } }
      return e
    })
    const state = foldAll(tampered)
    const bagKey = (closed.payload as { bagKey: string }).bagKey
    expect(state.mail.bags[bagKey]!.status).toBe('open')
    expect(state.mail.inbound[(received.payload as { bagId: string }).bagId]?.receipts ?? []).toEqual([])
  })

  it('only the divisional office publishes a tariff, and only a complete one', () => {
    const d = createDesk()
    expect(d.refusal({ type: 'tariff.publish', payload: { tariff } }, ctxFor('spm-ndc'))).toBe(
      'role-not-permitted',
    )
    expect(
      d.refusal(
        { type: 'tariff.publish', payload: { tariff: { schema: 'dak.tariff/1', version: 'x' } } },
        ctxFor('admin-guntur'),
      ),
    ).toBe('tariff-invalid')
    d.run(
      { type: 'tariff.publish', payload: { tariff: { ...tariff, version: 'test-2027' } } },
      ctxFor('admin-guntur'),
    )
    expect(d.state.mail.currentTariff).toBe('test-2027')
    expect(SECRET).toHaveLength(32)
  })

  it('reports mail Day End checks: open and undispatched bags, COD not deposited, open conflicts', () => {
    const d = createDesk()
    for (const n of [1, 2]) d.run(booking(n), ctxFor('pa-kothapeta'))
    const [o] = d.run(
      { type: 'bag.open', payload: { to: 'NDC-GUNTUR', bagType: 'speed-post' } },
      ctxFor('mp-kothapeta'),
    )
    d.run({ type: 'bag.add', payload: { bagKey: o!.id, articleId: id(1) } }, ctxFor('mp-kothapeta'))
    const failing = (office: string) =>
      mailDayEndChecks(d.state, office)
        .filter((c) => !c.ok)
        .map((c) => c.id)
    expect(failing('SO-KOTHAPETA')).toEqual(['bags-closed'])
    d.run(
      { type: 'bag.close', payload: { bagKey: o!.id, sealNo: 'S-1', weightGrams: 100 } },
      ctxFor('mp-kothapeta'),
    )
    expect(failing('SO-KOTHAPETA')).toEqual(['bags-dispatched'])
    d.run({ type: 'bag.dispatch', payload: { bagKey: o!.id } }, ctxFor('mp-kothapeta'))
    expect(failing('SO-KOTHAPETA')).toEqual([])
    const h = createDesk()
    h.receive(history().filter((e) => e.type !== 'cod.deposited'))
    expect(failing.call(null, 'NDC-GUNTUR')).toEqual([])
    expect(
      mailDayEndChecks(h.state, 'NDC-GUNTUR')
        .filter((c) => !c.ok)
        .map((c) => c.id),
    ).toEqual(['cod-deposited'])
    expect(mailDayEndChecks(h.state, 'NDC-GUNTUR').find((c) => c.id === 'cod-deposited')!.reason).toMatch(
      /postman-ndc ₹300.00/,
    )
  })
})
