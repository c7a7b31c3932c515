import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ADDRESSEE, ctxFor, digipinNear, foldAll, OFFICES, openConflicts } from '../../test/mail-kit.ts'
import { CASH } from '../custody/custody-module.ts'
import type { CommandContext, DakEvent } from '../events/envelope.ts'
import { journalKernel } from '../journal/journal.ts'
import type { State } from '../journal/state.ts'
import { mailDayEndChecks } from './day-end-checks.ts'
import { id, onBeat } from './delivery.test-util.ts'
import { deliveryDigipin, redirectedOffice, standingRedirection } from './redirect.ts'
import { articleTimeline } from './tracking.ts'

const SEED = Number(process.env.FC_SEED ?? 61_105)
const kernel = journalKernel()
const NEW_PLACE = digipinNear(OFFICES.DC.lat!, OFFICES.DC.lon!, 41)

const toAddress = (articleId: string, over: Record<string, unknown> = {}) => ({
  type: 'article.redirect',
  payload: {
    articleId,
    to: { kind: 'address', address: '7-1 Lakshmipuram, Guntur', pincode: '522007', digipin: NEW_PLACE },
    reason: 'addressee moved; asked by phone',
    ...over,
  },
})
const toOffice = (articleId: string, office = 'SO-BRODIPET') => ({
  type: 'article.redirect',
  payload: { articleId, to: { kind: 'office', office }, reason: 'addressee asked to collect at Brodipet' },
})
const deliver = (articleId: string) => ({
  type: 'article.deliver',
  payload: {
    articleId,
    method: 'id-document',
    recipientName: 'K. Lakshmi',
    idDocument: { type: 'aadhaar', last4: '9012' },
    digipin: ADDRESSEE.digipin,
  },
})
const resolve = (conflictId: string, resolution: string) => ({
  type: 'conflict.resolve',
  payload: { conflictId, resolution, reason: 'checked with the postman' },
})

describe('article.redirect: validation', () => {
  it('refuses a bad PIN, an unknown or the same office, a bad DIGIPIN, no reason, and staff without a duty', () => {
    const { desk, articleId } = onBeat()
    const p = ctxFor('postman-ndc')
    const addr = (to: Record<string, unknown>) =>
      toAddress(articleId, { to: { kind: 'address', address: 'x', pincode: '522007', ...to } })
    expect(desk.refusal(addr({ pincode: '52200' }), p)).toBe('invalid-payload')
    expect(desk.refusal(addr({ pincode: '022007' }), p)).toBe('invalid-payload')
    expect(desk.refusal(addr({ pincode: '5220071' }), p)).toBe('invalid-payload')
    expect(desk.refusal(addr({ digipin: 'nowhere' }), p)).toBe('digipin-invalid')
    expect(desk.refusal(toAddress(articleId, { reason: '  ' }), p)).toBe('invalid-payload')
    expect(desk.refusal(toAddress(articleId, { to: { kind: 'moon' } }), p)).toBe('invalid-payload')
    expect(desk.refusal(toOffice(articleId, 'SO-NOWHERE'), p)).toBe('office-unknown')
    expect(desk.refusal(toOffice(articleId, 'NDC-GUNTUR'), p)).toBe('redirect-same-office')
    expect(desk.refusal(toOffice(id(99)), p)).toBe('article-not-here')
    expect(desk.refusal(toOffice(articleId), ctxFor('pa-idle'))).toBe('no-approved-duty')
    // a redirection without a DIGIPIN is accepted: the beat keeps the previous place until one is known
    expect(desk.refusal(addr({}), p)).toBe('accepted')
    expect(desk.refusal(toOffice(articleId), ctxFor('mp-ndc'))).toBe('accepted')
    expect(desk.refusal(toOffice(articleId), ctxFor('spm-ndc'))).toBe('accepted')
  })

  it('only an article not yet delivered or returned, and not in a bag or in transit', () => {
    const { desk, articleId } = onBeat()
    const p = ctxFor('postman-ndc')
    desk.run(deliver(articleId), p)
    const r = kernel.decide(desk.state, toOffice(articleId), p)
    expect(r.ok ? 'accepted' : r.error.code).toBe('article-not-redirectable')
    expect(r.ok ? '' : r.error.message).toMatch(/delivered; it can no longer be redirected/)
    const other = onBeat(2)
    other.desk.run(
      {
        type: 'article.attempt',
        payload: { articleId: id(2), reason: 'addressee-refused', action: 'return-to-sender' },
      },
      p,
    )
    other.desk.run({ type: 'article.return', payload: { articleId: id(2), reason: 'refused' } }, p)
    expect(other.desk.refusal(toOffice(id(2)), p)).toBe('article-not-redirectable')
  })
})

describe('article.redirect: the fold', () => {
  it('to a new address: off the beat, out again in the new place, delivered there; tracked as RDR', () => {
    const { desk, articleId } = onBeat()
    const p = ctxFor('postman-ndc')
    const [r] = desk.run(toAddress(articleId), p)
    expect(r!.payload).toMatchObject({ after: null, to: { kind: 'address', pincode: '522007' } })
    const a = desk.state.mail.articles[articleId]!
    expect(a).toMatchObject({ status: 'received', beat: null, redirect: r!.id })
    expect(standingRedirection(a)).toMatchObject({
      by: 'postman-ndc',
      reason: 'addressee moved; asked by phone',
    })
    expect(deliveryDigipin(a)).toBe(NEW_PLACE)
    expect(a.addressee.digipin).not.toBe(NEW_PLACE) // the booking's addressee is kept as booked
    expect(desk.refusal(deliver(articleId), p)).toBe('article-wrong-status')
    const [beat] = desk.run({ type: 'beat.prepare', payload: { articleIds: [articleId] } }, p)
    expect(beat!.payload).toMatchObject({ order: [articleId] })
    desk.run(deliver(articleId), p)
    expect(desk.state.mail.articles[articleId]!.status).toBe('delivered')
    expect(openConflicts(desk.state)).toEqual([])
    const trail = articleTimeline(desk.events, articleId).map((t) => t.code)
    expect(trail.slice(-3)).toEqual(['RDR', 'EDG', 'EMI'])
  })

  it('to another office: not taken out here, bagged on; a later redirection supersedes it without a conflict', () => {
    const { desk, articleId } = onBeat()
    const p = ctxFor('postman-ndc')
    const [first] = desk.run(toOffice(articleId), p)
    expect(redirectedOffice(desk.state.mail.articles[articleId]!)).toBe('SO-BRODIPET')
    expect(desk.refusal({ type: 'beat.prepare', payload: { articleIds: [articleId] } }, p)).toBe(
      'article-redirected-elsewhere',
    )
    const [second] = desk.run(toAddress(articleId), ctxFor('spm-ndc'))
    expect(second!.payload).toMatchObject({ after: first!.id })
    expect(desk.state.mail.articles[articleId]).toMatchObject({ redirect: second!.id })
    expect(openConflicts(desk.state)).toEqual([])
    const [third] = desk.run(toOffice(articleId), ctxFor('mp-ndc'))
    const [bag] = desk.run(
      { type: 'bag.open', payload: { to: 'SO-BRODIPET', bagType: 'speed-post' } },
      ctxFor('mp-ndc'),
    )
    desk.run({ type: 'bag.add', payload: { bagKey: bag!.id, articleId } }, ctxFor('mp-ndc'))
    expect(desk.state.mail.articles[articleId]).toMatchObject({ status: 'bagged', redirect: third!.id })
    expect(desk.state.mail.articles[articleId]!.redirections).toHaveLength(3)
  })
})

/** Two devices of one office that share a history, then act without seeing each other. */
function twoDevices() {
  const { desk, articleId } = onBeat()
  const base = [...desk.events]
  const device = (staff: string, dev: string) => {
    const events: DakEvent[] = []
    let state = foldAll(base)
    return {
      events,
      run(command: { type: string; payload: unknown }, ctx: CommandContext = ctxFor(staff, { device: dev })) {
        const r = kernel.decide(state, command, ctx)
        if (!r.ok) throw new Error(`${command.type}: ${r.error.code}`)
        events.push(...r.value)
        state = foldAll([...base, ...events])
        return r.value
      },
    }
  }
  return { base, articleId, device }
}

describe('article.redirect: offline conflicts', () => {
  it('two devices redirect: the first stands, a conflict until a supervisor keeps one', () => {
    const { base, articleId, device } = twoDevices()
    const a = device('postman-ndc', 'phone-1')
    const b = device('mp-ndc', 'desk-2')
    const [ra] = a.run(toAddress(articleId))
    const [rb] = b.run(toOffice(articleId))
    for (const order of [
      [...base, ...a.events, ...b.events],
      [...base, ...b.events, ...a.events],
    ]) {
      const s = foldAll(order)
      const c = openConflicts(s).filter((x) => x.kind === 'article-redirected-twice')
      expect(c).toEqual([
        expect.objectContaining({
          id: `article-redirected-twice:${articleId}`,
          events: [ra!.id, rb!.id],
          resolutions: ['keep-first', 'keep-second'],
        }),
      ])
      expect(s.mail.articles[articleId]!.redirect).toBe(ra!.id)
    }
    const merged = foldAll([...base, ...a.events, ...b.events])
    // the office holding the article cannot end its day with the conflict open; another office can
    const dayEnd = (s: State, office: string) =>
      mailDayEndChecks(s, office).find((c) => c.id === 'mail-conflicts')!
    expect(dayEnd(merged, 'NDC-GUNTUR')).toMatchObject({ ok: false })
    expect(dayEnd(merged, 'NDC-GUNTUR').reason).toContain(`article-redirected-twice:${articleId}`)
    expect(dayEnd(merged, 'SO-KOTHAPETA')).toMatchObject({ ok: true })
    const r = kernel.decide(
      merged,
      resolve(`article-redirected-twice:${articleId}`, 'keep-second'),
      ctxFor('spm-ndc'),
    )
    expect(r.ok).toBe(true)
    const after = foldAll([...base, ...a.events, ...b.events, ...(r.ok ? r.value : [])])
    expect(openConflicts(after)).toEqual([])
    expect(dayEnd(after, 'NDC-GUNTUR')).toMatchObject({ ok: true })
    expect(redirectedOffice(after.mail.articles[articleId]!)).toBe('SO-BRODIPET')
  })

  it('a redirection the supervisor did not see when resolving reopens the conflict', () => {
    const { base, articleId, device } = twoDevices()
    const [ra] = device('postman-ndc', 'phone-1').run(toAddress(articleId))
    const [rb] = device('mp-ndc', 'desk-1').run(toOffice(articleId))
    const seen = foldAll([...base, ra!, rb!])
    const r = kernel.decide(
      seen,
      resolve(`article-redirected-twice:${articleId}`, 'keep-second'),
      ctxFor('spm-ndc'),
    )
    expect(r.ok).toBe(true)
    // a third device redirected too, offline, and syncs after the resolution
    const [rc] = device('mp2-ndc', 'desk-2').run(toOffice(articleId, 'HO-GUNTUR'))
    const s = foldAll([...base, ra!, rb!, ...(r.ok ? r.value : []), rc!])
    const open = openConflicts(s).filter((c) => c.kind === 'article-redirected-twice')
    expect(open).toHaveLength(1)
    expect(open[0]!.events).toEqual([ra!.id, rb!.id, rc!.id])
    expect(open[0]!.resolutions).toEqual(['keep-first', 'keep-second', 'keep-3'])
    expect(s.mail.articles[articleId]!.redirect).toBe(rb!.id)
  })

  it('one device delivers while another redirects: the delivery stands, COD is counted once, a conflict is raised', () => {
    const { base, articleId, device } = twoDevices()
    // both orders of the two acts in the journal (the first act made first, then the other)
    for (const deliverFirst of [true, false]) {
      const postman = device('postman-ndc', 'phone-1')
      const counter = device('spm-ndc', 'desk-1')
      if (deliverFirst) {
        postman.run(deliver(articleId))
        counter.run(toAddress(articleId))
      } else {
        counter.run(toAddress(articleId))
        postman.run(deliver(articleId))
      }
      const s = foldAll([...base, ...postman.events, ...counter.events])
      const art = s.mail.articles[articleId]!
      expect(art.status).toBe('delivered')
      expect(art.cod!.status).toBe('collected')
      expect(s.custody.balances['cod-pouch:postman-ndc']?.[CASH]).toBe(50_000)
      const c = openConflicts(s).filter((x) => x.kind === 'article-redirected-and-delivered')
      expect(c).toHaveLength(1)
      expect([...c[0]!.events].sort()).toEqual([postman.events[0]!.id, counter.events[0]!.id].sort())
      expect(c[0]!.resolutions).toEqual(['keep-delivery'])
      const r = kernel.decide(s, resolve(c[0]!.id, 'keep-delivery'), ctxFor('spm-ndc'))
      expect(r.ok).toBe(true)
      const after = foldAll([...base, ...postman.events, ...counter.events, ...(r.ok ? r.value : [])])
      expect(openConflicts(after)).toEqual([])
      expect(after.mail.articles[articleId]!.status).toBe('delivered')
    }
  })

  type Act = 'deliver' | 'address' | 'office' | 'attempt'
  const STAFF = [
    ['postman-ndc', 'phone-1'],
    ['mp-ndc', 'desk-1'],
    ['mp2-ndc', 'desk-2'],
    ['spm-ndc', 'desk-3'],
  ] as const

  it('property: any set of concurrent redirections, deliveries and attempts folds the same in any order (oracle)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<Act>('deliver', 'address', 'office', 'attempt'), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.infiniteStream(fc.nat()),
        (acts, rnd) => {
          const { base, articleId, device } = twoDevices()
          const made: { act: Act; event: DakEvent }[] = []
          acts.forEach((act, i) => {
            // delivery and attempts are the postman's; each act is on its own device, none seeing another
            const [staff, dev] = act === 'deliver' || act === 'attempt' ? STAFF[0] : STAFF[i % STAFF.length]!
            const d = device(staff, `${dev}-${i}`)
            const command =
              act === 'deliver'
                ? deliver(articleId)
                : act === 'attempt'
                  ? {
                      type: 'article.attempt',
                      payload: { articleId, reason: 'addressee-absent', action: 'redirect' },
                    }
                  : act === 'address'
                    ? toAddress(articleId)
                    : toOffice(articleId)
            made.push({ act, event: d.run(command)[0]! })
          })
          const events = made.map((m) => m.event)
          const shuffled = [...events]
          const it = rnd[Symbol.iterator]()
          for (let i = shuffled.length - 1; i > 0; i--) {
            const j = (it.next().value as number) % (i + 1)
            ;[shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!]
          }
          const s = foldAll([...base, ...shuffled, ...events.slice(0, 1)])
          const reference = foldAll([...base, ...events])
          expect(s.mail).toEqual(reference.mail)
          expect(s.custody.balances).toEqual(reference.custody.balances)
          checkOracle(s, articleId, made)
        },
      ),
      { seed: SEED, numRuns: 60 },
    )
  })

  /** What the set of acts must lead to, whatever their order. */
  function checkOracle(s: State, articleId: string, made: { act: Act; event: DakEvent }[]) {
    const art = s.mail.articles[articleId]!
    const inOrder = made.map((m) => m.event).sort((x, y) => (x.hlc < y.hlc ? -1 : x.hlc > y.hlc ? 1 : 0))
    const redirects = inOrder.filter((e) => e.type === 'article.redirected').map((e) => e.id)
    const delivered = inOrder.some((e) => e.type === 'article.delivered')
    const kinds = openConflicts(s).map((c) => c.kind)
    expect(art.redirections.map((r) => r.event)).toEqual(redirects)
    expect(art.status === 'delivered').toBe(delivered)
    expect(s.custody.balances['cod-pouch:postman-ndc']?.[CASH] ?? 0).toBe(delivered ? 50_000 : 0)
    expect(kinds.includes('article-redirected-and-delivered')).toBe(delivered && redirects.length > 0)
    if (!delivered) {
      expect(art.redirect).toBe(redirects[0] ?? null)
      expect(kinds.includes('article-redirected-twice')).toBe(redirects.length > 1)
      if (redirects.length > 0) expect(art.beat).toBeNull()
    }
    expect(art.attempts).toHaveLength(
      made.filter((m) => m.act === 'attempt').length - (delivered ? attemptsAfterDelivery(inOrder) : 0),
    )
  }

  /** Attempts folded after the delivery are ignored (the article is delivered). */
  function attemptsAfterDelivery(inOrder: DakEvent[]): number {
    const at = inOrder.findIndex((e) => e.type === 'article.delivered')
    return inOrder.slice(at).filter((e) => e.type === 'article.attempted').length
  }
})
