import 'fake-indexeddb/auto'
import { type DakEvent, fold, verifyIncomingEvent } from '@dak/core'
import { afterEach, describe, expect, it } from 'vitest'
import { demoPack } from '../../server/demo-pack.ts'
import { createDeviceClock } from './clock.ts'
import {
  enrolPending,
  newEnrolmentTicket,
  parseEnrolmentTicket,
  prepareEnrolment,
} from './device-enrolment.ts'
import { type OfficeStore, openOfficeStore } from './store.ts'

const DATE = '2026-11-30'
const opened_: OfficeStore[] = []
afterEach(async () => {
  for (const s of opened_.splice(0)) await s.close()
})

describe('device enrolment with the demo pack', () => {
  it('refuses a code that opens no enrolment of the office', async () => {
    const { reference, enrolmentCodes } = await demoPack({ now: Date.UTC(2026, 10, 30, 6) })
    const wrongOffice = await prepareEnrolment({
      office: 'nandyal-ho',
      device: 'dev-so-spm',
      label: 'x',
      code: enrolmentCodes['dev-so-spm']!,
      reference,
    })
    expect(wrongOffice.ok ? 'ok' : wrongOffice.error.code).toBe('enrolment-code-unknown')
    const typo = await prepareEnrolment({
      office: 'panem-so',
      device: 'dev-so-spm',
      label: 'x',
      code: 'AAAAAAAAAAAAAAAA',
      reference,
    })
    expect(typo.ok ? 'ok' : typo.error.code).toBe('enrolment-code-unknown')
  })

  it('enrols at first login with the code, then signs and chains every event as the server checks it', async () => {
    const now = Date.now()
    const { reference, enrolmentCodes } = await demoPack({ date: DATE, now })
    const code = enrolmentCodes['dev-so-spm']!
    // typed with spaces and in lower case: normalised
    const prepared = await prepareEnrolment({
      office: 'panem-so',
      device: 'dev-so-spm',
      label: 'Panem SO supervisor',
      code: ` ${code.slice(0, 8).toLowerCase()} ${code.slice(8)}`,
      reference,
    })
    expect(prepared).toEqual({ ok: true, value: 'enrol-dev-so-spm' })
    const store = openOfficeStore(
      { office: 'panem-so', date: DATE, staff: 'so-spm', device: 'dev-so-spm' },
      createDeviceClock('dev-so-spm'),
      reference as DakEvent[],
    )
    opened_.push(store)
    await store.loaded
    expect(await enrolPending(store)).toEqual({ ok: true, value: 'enrolled' })
    expect(store.state().identity.devices['dev-so-spm']?.enrolment).toBe('enrol-dev-so-spm')
    expect(store.state().identity.flags).toEqual([])
    // nothing pending any more
    expect(await enrolPending(store)).toEqual({ ok: true, value: 'none' })

    // the server's check, event by event, over the reference pack and what came before
    const mine = store.events().filter((e) => e.device === 'dev-so-spm')
    expect(mine).toHaveLength(1)
    const before = fold(reference as DakEvent[])
    const enrolled = verifyIncomingEvent(before, mine[0]!, { now })
    expect(enrolled.ok).toBe(true)
  })

  it('enrols with a ticket the admin opened in the office journal after the reference pack was made', async () => {
    const now = Date.now()
    const date = '2026-12-02'
    const { reference } = await demoPack({ date, now })
    const ticket = newEnrolmentTicket()
    // the postmaster's device opens the enrolment in the office day's journal
    const admin = openOfficeStore(
      { office: 'nandyal-ho', date, staff: 'ho-pm', device: 'dev-ho-pm' },
      createDeviceClock('dev-ho-pm'),
      reference as DakEvent[],
    )
    await admin.loaded
    const opened = await admin.run({
      type: 'device.open-enrolment',
      payload: { enrolment: ticket.enrolment, label: 'HO treasury', code: ticket.code },
    })
    expect(opened.ok).toBe(true)
    await admin.close()
    // the new device takes the ticket as typed from the screen (dashes, lower case)
    const prepared = await prepareEnrolment({
      office: 'nandyal-ho',
      device: 'dev-ho-treasury',
      label: 'HO treasury',
      code: ticket.text.toLowerCase(),
      reference,
    })
    expect(prepared).toEqual({ ok: true, value: ticket.enrolment })
    // its first login opens the same day (here from the same IndexedDB, as sync would bring it)
    const store = openOfficeStore(
      { office: 'nandyal-ho', date, staff: 'ho-trr', device: 'dev-ho-treasury' },
      createDeviceClock('dev-ho-treasury'),
      reference as DakEvent[],
    )
    opened_.push(store)
    await store.loaded
    expect(await enrolPending(store)).toEqual({ ok: true, value: 'enrolled' })
    expect(store.state().identity.devices['dev-ho-treasury']?.enrolment).toBe(ticket.enrolment)
    expect(store.state().identity.enrolments[ticket.enrolment]?.usedBy).toBe('dev-ho-treasury')
  })
})

describe('enrolment tickets', () => {
  it('are <id>.<code> with 100 random bits, read back whatever the spacing and case', () => {
    const t = newEnrolmentTicket()
    expect(t.code).toMatch(/^[A-HJ-NP-Z2-9]{20}$/)
    expect(t.text).toBe(
      `${t.enrolment}.${t.code.slice(0, 4)}-${t.code.slice(4, 8)}-${t.code.slice(8, 12)}-${t.code.slice(12, 16)}-${t.code.slice(16)}`,
    )
    expect(parseEnrolmentTicket(` ${t.text} `)).toEqual({ enrolment: t.enrolment, code: t.code })
    // typed in lower case: the id keeps its case here (set-up matches it either way), the code is normalised
    expect(parseEnrolmentTicket(t.text.toLowerCase())).toEqual({
      enrolment: t.enrolment.toLowerCase(),
      code: t.code,
    })
    expect(newEnrolmentTicket().code).not.toBe(t.code)
  })

  it('a bare code (the demo sheet) names no enrolment', () => {
    expect(parseEnrolmentTicket('abcd efgh-jklm npqr')).toEqual({ enrolment: null, code: 'ABCDEFGHJKLMNPQR' })
  })

  it('refuses a ticket whose code does not open the enrolment it names in the reference pack', async () => {
    const { reference, enrolmentCodes } = await demoPack({ now: Date.UTC(2026, 10, 30, 6) })
    const r = await prepareEnrolment({
      office: 'panem-so',
      device: 'dev-so-spm',
      label: 'x',
      code: `enrol-dev-so-counter-1.${enrolmentCodes['dev-so-spm']}`,
      reference,
    })
    expect(r.ok ? 'ok' : r.error.code).toBe('enrolment-code-unknown')
  })
})
