/**
 * What a delivery and an attempt leave in the journal and the folded article: only the ID document's type and
 * last 4 characters (refused otherwise, old v1 events masked on fold), and every attempt with its reason,
 * next action, postman, time and beat.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ADDRESSEE, ctxFor, foldAll } from '../../test/mail-kit.ts'
import type { DakEvent } from '../events/envelope.ts'
import { journalKernel } from '../journal/journal.ts'
import { onBeat } from './delivery.test-util.ts'
import { ATTEMPT_ACTIONS, ATTEMPT_REASONS } from './mail-schemas.ts'

const SEED = Number(process.env.FC_SEED ?? 61_104)
const kernel = journalKernel()

const byId = (articleId: string, doc: Record<string, unknown>) => ({
  type: 'article.deliver',
  payload: {
    articleId,
    method: 'id-document',
    recipientName: 'K. Lakshmi',
    idDocument: { type: 'aadhaar', ...doc },
    digipin: ADDRESSEE.digipin,
  },
})

/** What core must answer for a typed document number (the oracle). */
function expected(typed: string): 'accepted' | 'id-document-number-too-long' | 'id-document-last4-invalid' {
  const clean = typed.replace(/[\s-]/g, '').toUpperCase()
  if (clean.length > 4) return 'id-document-number-too-long'
  return /^[A-Z0-9]{4}$/.test(clean) ? 'accepted' : 'id-document-last4-invalid'
}

describe('ID document on delivery', () => {
  it('journals only the type and the last 4 characters (article.delivered v2)', () => {
    const { desk, articleId } = onBeat()
    const [e] = desk.run(byId(articleId, { last4: '9012' }), ctxFor('postman-ndc'))
    expect(e!.v).toBe(2)
    expect((e!.payload as { pod: unknown }).pod).toMatchObject({
      idDocument: { type: 'aadhaar', last4: '9012' },
    })
    expect(desk.state.mail.articles[articleId]!.pod!.idDocument).toEqual({ type: 'aadhaar', last4: '9012' })
    expect(kernel.parseEvent(JSON.parse(JSON.stringify(e))).ok).toBe(true)
  })

  it('refuses a longer number (whole or masked) with a typed error saying what to send, appending nothing', () => {
    const { desk, articleId } = onBeat()
    const p = ctxFor('postman-ndc')
    for (const doc of [
      { last4: '1234 5678 9012' },
      { number: 'XXXXXXXX9012' },
      { number: '123456789012' },
      { last4: '9012', number: '9012' },
    ]) {
      const r = kernel.decide(desk.state, byId(articleId, doc), p)
      expect(r.ok).toBe(false)
      if (r.ok) continue
      expect(r.error.code).toBe('id-document-number-too-long')
      expect(r.error.message).toMatch(/last 4 characters.*idDocument\.last4/)
      // the refusal never repeats the number itself
      expect(r.error.message).not.toMatch(/5678|XXXXXXXX|123456789012/)
    }
    expect(desk.refusal(byId(articleId, { last4: '12#4' }), p)).toBe('id-document-last4-invalid')
    expect(desk.refusal(byId(articleId, {}), p)).toBe('id-document-last4-invalid')
    expect(desk.state.mail.articles[articleId]!.status).toBe('out-for-delivery')
  })

  it('the journal refuses a v2 event that carries a number, and masks an old v1 event on fold', () => {
    const { desk, articleId } = onBeat()
    const [e] = desk.run(byId(articleId, { last4: '234F' }), ctxFor('postman-ndc'))
    const pod = (e!.payload as { pod: Record<string, unknown> }).pod
    const forged = {
      ...e!,
      payload: {
        ...(e!.payload as object),
        pod: { ...pod, idDocument: { type: 'pan', number: 'ABCDE1234F' } },
      },
    }
    const r = kernel.parseEvent(JSON.parse(JSON.stringify(forged)))
    expect(r.ok ? 'ok' : r.error.code).toBe('event-payload-invalid')
    // a v1 event journaled before this change, with the whole number as typed
    const v1 = { ...forged, v: 1 } as DakEvent
    expect(kernel.parseEvent(JSON.parse(JSON.stringify(v1))).ok).toBe(true)
    const folded = foldAll([...desk.events.filter((x) => x.id !== e!.id), v1])
    expect(folded.mail.articles[articleId]!.pod!.idDocument).toEqual({ type: 'pan', last4: '234F' })
  })

  it('property: accepted exactly when 4 letters or digits are given, and only those are journaled (oracle)', () => {
    const { desk, articleId } = onBeat()
    const p = ctxFor('postman-ndc')
    const chars = fc.constantFrom(...'0123456789ABCDEFXYZabcxyz -#'.split(''))
    fc.assert(
      fc.property(fc.string({ unit: chars, minLength: 0, maxLength: 16 }), (typed) => {
        const r = kernel.decide(desk.state, byId(articleId, { last4: typed }), p)
        const want = expected(typed)
        expect(r.ok ? 'accepted' : r.error.code).toBe(want)
        if (!r.ok) return
        const doc = (r.value[0]!.payload as { pod: { idDocument: unknown } }).pod.idDocument
        expect(doc).toEqual({ type: 'aadhaar', last4: typed.replace(/[\s-]/g, '').toUpperCase() })
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('property: a v1 event with any number folds to its last 4 characters only', () => {
    const { desk, articleId } = onBeat()
    const [e] = desk.run(byId(articleId, { last4: '0000' }), ctxFor('postman-ndc'))
    const base = desk.events.filter((x) => x.id !== e!.id)
    const pod = (e!.payload as { pod: Record<string, unknown> }).pod
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9]{4,20}$/), (number) => {
        const v1 = {
          ...e!,
          v: 1,
          payload: { ...(e!.payload as object), pod: { ...pod, idDocument: { type: 'pan', number } } },
        }
        const doc = foldAll([...base, v1]).mail.articles[articleId]!.pod!.idDocument
        expect(doc).toEqual({ type: 'pan', last4: number.slice(-4) })
        expect(JSON.stringify(doc).includes(number) && number.length > 4).toBe(false)
      }),
      { seed: SEED, numRuns: 60 },
    )
  })
})

describe('delivery attempts in the folded article', () => {
  it('keeps each attempt: reason, next action, who, when and on which beat', () => {
    const { desk, articleId } = onBeat()
    const firstBeat = desk.state.mail.articles[articleId]!.beat
    const p = ctxFor('postman-ndc', { now: Date.UTC(2026, 10, 30, 6, 0, 0) })
    const [a1] = desk.run(
      {
        type: 'article.attempt',
        payload: {
          articleId,
          reason: 'premises-locked',
          action: 'retry-next-beat',
          digipin: ADDRESSEE.digipin,
        },
      },
      p,
    )
    const [b2] = desk.run(
      { type: 'beat.prepare', payload: { articleIds: [articleId] } },
      ctxFor('postman-ndc'),
    )
    const [a2] = desk.run(
      { type: 'article.attempt', payload: { articleId, reason: 'cod-not-paid', action: 'hold-at-office' } },
      ctxFor('postman-ndc'),
    )
    expect(desk.state.mail.articles[articleId]!.attempts).toEqual([
      {
        event: a1!.id,
        reason: 'premises-locked',
        action: 'retry-next-beat',
        by: 'postman-ndc',
        at: Date.UTC(2026, 10, 30, 6, 0, 0),
        beat: firstBeat,
        office: 'NDC-GUNTUR',
        digipin: ADDRESSEE.digipin,
      },
      {
        event: a2!.id,
        reason: 'cod-not-paid',
        action: 'hold-at-office',
        by: 'postman-ndc',
        at: ctxFor('postman-ndc').now,
        beat: b2!.id,
        office: 'NDC-GUNTUR',
        digipin: null,
      },
    ])
  })

  it('property: the folded attempts are the attempted events in journal order, whatever the arrival order', () => {
    const reasons = fc.constantFrom(...ATTEMPT_REASONS)
    const actions = fc.constantFrom(...ATTEMPT_ACTIONS.filter((a) => a !== 'return-to-sender'))
    fc.assert(
      fc.property(
        fc.array(fc.tuple(reasons, actions), { minLength: 1, maxLength: 5 }),
        fc.infiniteStream(fc.nat()),
        (tries, rnd) => {
          const { desk, articleId } = onBeat()
          for (const [i, [reason, action]] of tries.entries()) {
            if (i > 0)
              desk.run({ type: 'beat.prepare', payload: { articleIds: [articleId] } }, ctxFor('postman-ndc'))
            desk.run(
              { type: 'article.attempt', payload: { articleId, reason, action } },
              ctxFor('postman-ndc'),
            )
          }
          const oracle = desk.events
            .filter((e) => e.type === 'article.attempted')
            .map((e) => ({ event: e.id, ...(e.payload as { reason: string; action: string }), by: e.actor }))
          const shuffled = [...desk.events]
          const it = rnd[Symbol.iterator]()
          for (let i = shuffled.length - 1; i > 0; i--) {
            const j = (it.next().value as number) % (i + 1)
            ;[shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!]
          }
          const a = foldAll(shuffled).mail.articles[articleId]!
          expect(a.attempts.map(({ event, reason, action, by }) => ({ event, reason, action, by }))).toEqual(
            oracle.map(({ event, reason, action, by }) => ({ event, reason, action, by })),
          )
          expect(a.attempts.at(-1)!.reason).toBe(tries.at(-1)![0])
          expect(a).toEqual(desk.state.mail.articles[articleId])
        },
      ),
      { seed: SEED, numRuns: 25 },
    )
  })
})
