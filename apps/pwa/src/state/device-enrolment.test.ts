import 'fake-indexeddb/auto'
import { type DakEvent, fold, verifyIncomingEvent } from '@dak/core'
import { afterEach, describe, expect, it } from 'vitest'
import { demoPack } from '../../server/demo-pack.ts'
import { createDeviceClock } from './clock.ts'
import { enrolPending, prepareEnrolment } from './device-enrolment.ts'
import { type OfficeStore, openOfficeStore } from './store.ts'

const DATE = '2026-11-30'
const opened: OfficeStore[] = []
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close()
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
    opened.push(store)
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
})
