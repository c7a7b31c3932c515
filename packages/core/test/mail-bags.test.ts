import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { DakEvent } from '../src/events/envelope.ts'
import { openIrregularities } from '../src/mail/mail-apply.ts'
import { decodeManifest } from '../src/mail/manifest.ts'
import { composeArticleId } from '../src/mail/s10.ts'
import { booking, createDesk, ctxFor, openConflicts } from './mail-kit.ts'

const id = (n: number) => composeArticleId('EK', 52_200_000 + n, 'IN')

/** Books n articles at Kothapeta SO, bags them for NDC Guntur, closes and dispatches; returns the desk and ids. */
function dispatchedBag(n = 3) {
  const so = createDesk()
  for (let i = 1; i <= n; i++) so.run(booking(i), ctxFor('pa-kothapeta'))
  const [opened] = so.run(
    { type: 'bag.open', payload: { to: 'NDC-GUNTUR', bagType: 'speed-post' } },
    ctxFor('mp-kothapeta'),
  )
  const bagKey = opened!.id
  for (let i = 1; i <= n; i++)
    so.run({ type: 'bag.add', payload: { bagKey, articleId: id(i) } }, ctxFor('mp-kothapeta'))
  so.run(
    { type: 'bag.close', payload: { bagKey, sealNo: 'GNT-7781', weightGrams: 1450 } },
    ctxFor('mp-kothapeta'),
  )
  const dispatch = so.run(
    { type: 'bag.dispatch', payload: { bagKey, carrier: 'MMS van AP-07' } },
    ctxFor('mp-kothapeta'),
  )
  const bag = so.state.mail.bags[bagKey]!
  return { so, bagKey, bag, dispatch, qr: bag.manifestText!, bagId: bag.manifest!.bagId }
}

describe('bag make-up and dispatch', () => {
  it('open → add/remove → close (S9-style id, manifest) → dispatch with a pre-advice', () => {
    const { so, bag, dispatch, bagId } = dispatchedBag(3)
    expect(bag.status).toBe('dispatched')
    expect(bagId).toBe('522001522008AEN60001001110015') // 1,450 g → 0015 (0.1 kg, rounded up)
    expect(bag.manifest).toMatchObject({
      count: 3,
      sealNo: 'GNT-7781',
      from: 'SO-KOTHAPETA',
      to: 'NDC-GUNTUR',
    })
    expect(dispatch.map((e) => e.type)).toEqual(['bag.dispatched', 'bag.pre-advised'])
    expect(decodeManifest((dispatch[1]!.payload as { manifest: string }).manifest)).toEqual(bag.manifest)
    expect(so.state.mail.articles[id(1)]!.status).toBe('in-transit')
  })

  it('an article is in at most one open bag; remove frees it', () => {
    const so = createDesk()
    so.run(booking(1), ctxFor('pa-kothapeta'))
    const mp = ctxFor('mp-kothapeta')
    const [a] = so.run({ type: 'bag.open', payload: { to: 'NDC-GUNTUR', bagType: 'speed-post' } }, mp)
    const [b] = so.run(
      { type: 'bag.open', payload: { to: 'SO-BRODIPET', bagType: 'letter' } },
      ctxFor('mp-kothapeta'),
    )
    so.run({ type: 'bag.add', payload: { bagKey: a!.id, articleId: id(1) } }, ctxFor('mp-kothapeta'))
    expect(
      so.refusal({ type: 'bag.add', payload: { bagKey: b!.id, articleId: id(1) } }, ctxFor('mp-kothapeta')),
    ).toBe('article-in-other-bag')
    so.run({ type: 'bag.remove', payload: { bagKey: a!.id, articleId: id(1) } }, ctxFor('mp-kothapeta'))
    expect(so.state.mail.articles[id(1)]!.status).toBe('booked')
    so.run({ type: 'bag.add', payload: { bagKey: b!.id, articleId: id(1) } }, ctxFor('mp-kothapeta'))
    expect(so.state.mail.bags[b!.id]!.articleIds).toEqual([id(1)])
  })

  it('refuses what breaks the bag rules', () => {
    const so = createDesk()
    const mp = () => ctxFor('mp-kothapeta')
    expect(so.refusal({ type: 'bag.open', payload: { to: 'SO-KOTHAPETA', bagType: 'letter' } }, mp())).toBe(
      'bag-to-self',
    )
    expect(so.refusal({ type: 'bag.open', payload: { to: 'NOWHERE', bagType: 'letter' } }, mp())).toBe(
      'office-unknown',
    )
    expect(so.refusal({ type: 'bag.open', payload: { to: 'NDC-GUNTUR', bagType: 'sack' } }, mp())).toBe(
      'invalid-payload',
    )
    expect(
      so.refusal(
        { type: 'bag.open', payload: { to: 'NDC-GUNTUR', bagType: 'letter' } },
        ctxFor('postman-ndc'),
      ),
    ).toBe('role-not-permitted')
    const [o] = so.run({ type: 'bag.open', payload: { to: 'NDC-GUNTUR', bagType: 'letter' } }, mp())
    const bagKey = o!.id
    expect(so.refusal({ type: 'bag.close', payload: { bagKey, sealNo: 'S1', weightGrams: 10 } }, mp())).toBe(
      'bag-empty',
    )
    expect(so.refusal({ type: 'bag.add', payload: { bagKey, articleId: id(9) } }, mp())).toBe(
      'article-not-here',
    )
    expect(so.refusal({ type: 'bag.dispatch', payload: { bagKey } }, mp())).toBe('bag-not-closed')
    const other = createDesk({ daysBegun: [] })
    expect(other.refusal({ type: 'bag.open', payload: { to: 'NDC-GUNTUR', bagType: 'letter' } }, mp())).toBe(
      'day-not-begun',
    )
  })
})

describe('bag receipt and reconciliation', () => {
  /** The delivery centre's journal: it holds the booking office's events (synced) plus what it does itself. */
  function ndcWith(events: readonly DakEvent[], withPreAdvice: boolean) {
    const ndc = createDesk()
    ndc.receive(events.filter((e) => withPreAdvice || e.type !== 'bag.pre-advised'))
    return ndc
  }

  it('a clean receipt against the pre-advice moves every article to the delivery office', () => {
    const { so, bagId } = dispatchedBag(3)
    const ndc = ndcWith(so.events, true)
    const out = ndc.run(
      {
        type: 'bag.receive',
        payload: { bagId, sealNo: 'GNT-7781', sealIntact: true, scanned: [id(1), id(2), id(3)] },
      },
      ctxFor('mp-ndc'),
    )
    expect(out.map((e) => e.type)).toEqual(['bag.received'])
    const inbound = ndc.state.mail.inbound[bagId]!
    expect(inbound.reconciliation).toEqual({
      matched: [id(1), id(2), id(3)],
      missing: [],
      excess: [],
      damaged: [],
    })
    expect(ndc.state.mail.articles[id(2)]).toMatchObject({ status: 'received', office: 'NDC-GUNTUR' })
  })

  it('an office that never saw the bookings learns the articles from the pre-advice, not their money', () => {
    const { so, bagId, qr } = dispatchedBag(3)
    const preAdvice = so.events.filter((e) => e.type === 'bag.pre-advised')
    const scan = { bagId, sealNo: 'GNT-7781', sealIntact: true, scanned: [id(1), id(2), id(3)] }
    // online: the pre-advice is in the inbox before the bag arrives
    const ndc = createDesk()
    ndc.receive(preAdvice)
    expect(ndc.state.mail.articles[id(1)]).toMatchObject({ status: 'in-transit', office: 'SO-KOTHAPETA' })
    ndc.run({ type: 'bag.receive', payload: scan }, ctxFor('mp-ndc'))
    const a = ndc.state.mail.articles[id(2)]!
    expect(a).toMatchObject({
      status: 'received',
      office: 'NDC-GUNTUR',
      bookedAt: 'SO-KOTHAPETA',
      price: null,
    })
    expect(a.addressee).toEqual(so.state.mail.articles[id(2)]!.addressee)
    expect(ndc.state.custody).toEqual(createDesk().state.custody) // no booking revenue posted here
    // offline: received from the label QR first; the articles appear when the pre-advice syncs
    const offline = createDesk()
    offline.run({ type: 'bag.receive', payload: { ...scan, manifestQr: qr } }, ctxFor('mp-ndc'))
    expect(offline.state.mail.articles[id(1)]).toBeUndefined()
    offline.receive(preAdvice)
    expect(offline.state.mail.articles[id(1)]).toMatchObject({ status: 'received', office: 'NDC-GUNTUR' })
    // a summary for an article not on the manifest is ignored
    const forged = {
      ...preAdvice[0]!,
      id: 'forged',
      payload: { ...(preAdvice[0]!.payload as object) },
    } as DakEvent
    ;(forged.payload as { articles: { id: string }[] }).articles = [
      { ...(preAdvice[0]!.payload as { articles: { id: string }[] }).articles[0]!, id: 'EE000000000IN' },
    ]
    const other = createDesk()
    other.receive([forged])
    expect(other.state.mail.articles.EE000000000IN).toBeUndefined()
  })

  it('short, excess, damaged and a wrong seal are each an error record for the office at fault', () => {
    const { so, bagId } = dispatchedBag(3)
    const stray = composeArticleId('CP', 31_415_936, 'IN')
    const ndc = ndcWith(so.events, true)
    const out = ndc.run(
      {
        type: 'bag.receive',
        payload: { bagId, sealNo: 'GNT-7718', sealIntact: false, scanned: [id(1), stray], damaged: [id(3)] },
      },
      ctxFor('mp-ndc'),
    )
    expect(out.map((e) => e.type)).toEqual(['bag.received', 'bag.irregularities-reported'])
    const records = openIrregularities(ndc.state.mail).map((r) => [r.kind, r.articleId, r.atFault])
    expect(records).toEqual([
      ['seal-broken', null, 'SO-KOTHAPETA'],
      ['seal-mismatch', null, 'SO-KOTHAPETA'],
      ['missing', id(2), 'SO-KOTHAPETA'],
      ['excess', stray, 'SO-KOTHAPETA'],
      ['damaged', id(3), 'SO-KOTHAPETA'],
    ])
  })

  it('offline receipt from the label QR, reconciled later with the pre-advice, gives the same result', () => {
    const { so, bagId, qr } = dispatchedBag(4)
    const scan = {
      bagId,
      sealNo: 'GNT-7781',
      sealIntact: true,
      scanned: [id(1), id(2), id(4)],
      damaged: [id(4)],
    }
    const online = ndcWith(so.events, true)
    online.run({ type: 'bag.receive', payload: scan }, ctxFor('mp-ndc'))
    const offline = ndcWith(so.events, false)
    expect(offline.refusal({ type: 'bag.receive', payload: scan }, ctxFor('mp-ndc'))).toBe('manifest-missing')
    const received = offline.run(
      { type: 'bag.receive', payload: { ...scan, manifestQr: qr } },
      ctxFor('mp-ndc'),
    )
    const before = offline.state.mail.inbound[bagId]!.reconciliation
    offline.receive(so.events) // the pre-advice arrives when the network returns
    const after = offline.state.mail.inbound[bagId]!
    expect(after.preAdvice).not.toBeNull()
    expect(after.manifestMismatch).toBe(false)
    expect(after.reconciliation).toEqual(before)
    expect(after.reconciliation).toEqual(online.state.mail.inbound[bagId]!.reconciliation)
    expect(received[0]!.payload).toMatchObject({ manifestSource: 'qr' })
  })

  it('a label QR that differs from the pre-advice is itself an error record', () => {
    const { so, bagId, qr } = dispatchedBag(2)
    const other = dispatchedBag(2) // a second bag on the same route: same bag id, other seal number
    expect(other.bagId).toBe(bagId)
    const ndc = ndcWith(so.events, true)
    ndc.run(
      {
        type: 'bag.receive',
        payload: { bagId, sealNo: 'GNT-7781', sealIntact: true, scanned: [id(1), id(2)], manifestQr: qr },
      },
      ctxFor('mp-ndc'),
    )
    expect(openIrregularities(ndc.state.mail)).toEqual([])
    const ndc2 = ndcWith(so.events, true)
    const tamperedQr = qr.replace('GNT-7781', 'GNT-0000')
    ndc2.run(
      {
        type: 'bag.receive',
        payload: {
          bagId,
          sealNo: 'GNT-7781',
          sealIntact: true,
          scanned: [id(1), id(2)],
          manifestQr: tamperedQr,
        },
      },
      ctxFor('mp-ndc'),
    )
    expect(openIrregularities(ndc2.state.mail).map((r) => r.kind)).toEqual(['manifest-mismatch'])
  })

  it('refuses a wrong label, a missent bag, a tampered QR and a second receipt', () => {
    const { so, bagId, qr } = dispatchedBag(2)
    const ndc = ndcWith(so.events, false)
    const scan = { sealNo: 'GNT-7781', sealIntact: true, scanned: [id(1)] }
    expect(
      ndc.refusal(
        { type: 'bag.receive', payload: { ...scan, bagId: `${bagId.slice(0, 28)}9`, manifestQr: qr } },
        ctxFor('mp-ndc'),
      ),
    ).toBe('bag-label-mismatch')
    expect(
      ndc.refusal(
        { type: 'bag.receive', payload: { ...scan, bagId, manifestQr: qr.replace('1450', '1451') } },
        ctxFor('mp-ndc'),
      ),
    ).toBe('manifest-digest')
    const so2 = createDesk()
    so2.receive(so.events)
    expect(
      so2.refusal(
        { type: 'bag.receive', payload: { ...scan, bagId, manifestQr: qr } },
        ctxFor('mp-brodipet'),
      ),
    ).toBe('bag-missent')
    ndc.run({ type: 'bag.receive', payload: { ...scan, bagId, manifestQr: qr } }, ctxFor('mp-ndc'))
    expect(
      ndc.refusal({ type: 'bag.receive', payload: { ...scan, bagId, manifestQr: qr } }, ctxFor('mp-ndc')),
    ).toBe('bag-already-received')
  })

  it('two offline devices receiving one bag: a conflict, the articles counted once, resolved by a supervisor', () => {
    const { so, bagId, qr } = dispatchedBag(3)
    const devA = ndcWith(so.events, false)
    const devB = ndcWith(so.events, false)
    devA.run(
      {
        type: 'bag.receive',
        payload: {
          bagId,
          sealNo: 'GNT-7781',
          sealIntact: true,
          scanned: [id(1), id(2), id(3)],
          manifestQr: qr,
        },
      },
      ctxFor('mp-ndc'),
    )
    devB.run(
      {
        type: 'bag.receive',
        payload: { bagId, sealNo: 'GNT-7781', sealIntact: true, scanned: [id(1), id(2)], manifestQr: qr },
      },
      ctxFor('mp2-ndc'),
    )
    devA.receive(devB.events)
    devB.receive(devA.events)
    for (const dev of [devA, devB]) {
      const conflicts = openConflicts(dev.state).filter((c) => c.kind === 'bag-received-twice')
      expect(conflicts).toHaveLength(1)
      expect(conflicts[0]!.resolutions).toEqual(['keep-first', 'keep-second'])
      const inbound = dev.state.mail.inbound[bagId]!
      expect(inbound.receipts).toHaveLength(2)
      expect(inbound.reconciliation!.matched.length + inbound.reconciliation!.missing.length).toBe(3)
    }
    expect(devA.state.mail.inbound[bagId]!.reconciliation).toEqual(
      devB.state.mail.inbound[bagId]!.reconciliation,
    )
    // only the counted receipt's differences are open irregularities
    const counted = devA.state.mail.inbound[bagId]!.receipts[0]!.event
    expect(openIrregularities(devA.state.mail).every((r) => r.event === counted)).toBe(true)
    const conflictId = `bag-received-twice:${bagId}`
    devA.run(
      {
        type: 'conflict.resolve',
        payload: { conflictId, resolution: 'keep-second', reason: 'device B counted at the gate' },
      },
      ctxFor('spm-ndc'),
    )
    expect(openConflicts(devA.state).filter((c) => c.kind === 'bag-received-twice')).toHaveLength(0)
    expect(devA.state.mail.inbound[bagId]!.counted).toBe(1)
  })
})

describe('an article is in at most one open bag, even across offline devices', () => {
  const SEED = Number(process.env.FC_SEED ?? 80_814)
  it('property: any interleaving of adds, removes and syncs on two devices keeps bags and articles consistent', () => {
    const base = createDesk()
    for (const n of [1, 2, 3]) base.run(booking(n), ctxFor('pa-kothapeta'))
    const keys = [0, 1].map(
      () =>
        base.run(
          { type: 'bag.open', payload: { to: 'NDC-GUNTUR', bagType: 'letter' } },
          ctxFor('mp-kothapeta'),
        )[0]!.id,
    )
    const op = fc.record({
      device: fc.constantFrom(0, 1),
      kind: fc.constantFrom('bag.add', 'bag.remove', 'sync'),
      bag: fc.constantFrom(0, 1),
      article: fc.constantFrom(1, 2, 3),
    })
    fc.assert(
      fc.property(fc.array(op, { maxLength: 14 }), (ops) => {
        const devices = [createDesk(), createDesk()]
        for (const d of devices) d.receive(base.events)
        for (const o of ops) {
          if (o.kind === 'sync') {
            devices[0]!.receive(devices[1]!.events)
            devices[1]!.receive(devices[0]!.events)
            continue
          }
          const d = devices[o.device]!
          const command = { type: o.kind, payload: { bagKey: keys[o.bag]!, articleId: id(o.article) } }
          const ctx = ctxFor('mp-kothapeta', { device: `mp-dev-${o.device}` })
          if (d.refusal(command, ctx) === 'accepted') d.run(command, ctx)
        }
        devices[0]!.receive(devices[1]!.events)
        const mail = devices[0]!.state.mail
        for (const n of [1, 2, 3]) {
          const holding = keys.filter((k) => mail.bags[k]!.articleIds.includes(id(n)))
          expect(holding.length).toBeLessThanOrEqual(1)
          expect(mail.articles[id(n)]!.bag).toBe(holding[0] ?? null)
        }
      }),
      { seed: SEED, numRuns: 25 },
    )
  })
})
