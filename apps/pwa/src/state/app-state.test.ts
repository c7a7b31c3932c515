import 'fake-indexeddb/auto'
import type { DakEvent } from '@dak/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { demoPack } from '../../server/demo-pack.ts'
import { businessDate } from '../i18n/format.ts'
import { closeStore, openStore, reference } from './app-state.ts'
import { prepareEnrolment } from './device-enrolment.ts'
import { session } from './session.ts'

/** Records the sockets the rooms open (Node has no WebSocket); none of them ever connects. */
class QuietSocket {
  static protocols: string[][] = []
  readonly OPEN = 1
  readyState = 0
  binaryType = 'blob'
  onopen = null
  onclose = null
  onmessage = null
  onerror = null
  constructor(_url: string, protocols: string[]) {
    QuietSocket.protocols.push(protocols)
  }
  send() {}
  close() {
    this.readyState = 3
  }
}

afterEach(async () => {
  await closeStore()
  session.value = null
  vi.unstubAllGlobals()
})

describe('a fresh device’s very first login', () => {
  it('asks for a device token once its enrolment is journaled (its own evidence) and connects with it', async () => {
    const now = Date.now()
    const { reference: pack, enrolmentCodes } = await demoPack({ date: businessDate(now), now })
    const prepared = await prepareEnrolment({
      office: 'panem-so',
      device: 'dev-so-spm',
      label: 'Panem SO supervisor',
      code: enrolmentCodes['dev-so-spm'] ?? '',
      reference: pack,
    })
    expect(prepared.ok).toBe(true)
    reference.value = pack as DakEvent[]
    // logged in on this device, but the token asked for at the login was refused (the server knew no device yet)
    session.value = {
      staff: 'so-spm',
      office: 'panem-so',
      device: 'dev-so-spm',
      since: now,
      token: null,
      tokenExp: null,
    }
    const asked: { url: string; body: { events?: { type: string }[] } }[] = []
    vi.stubGlobal('navigator', { onLine: true })
    vi.stubGlobal('location', { protocol: 'http:', host: 'sync.test' })
    vi.stubGlobal('WebSocket', QuietSocket)
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      asked.push({ url, body: JSON.parse(String(init.body)) })
      return new Response(JSON.stringify({ token: 'first-token', exp: now + 3_600_000 }), { status: 200 })
    })

    await openStore(session.value, now)

    expect(asked.map((a) => a.url)).toEqual(['/api/device-token'])
    expect(asked[0]?.body.events?.map((e) => e.type)).toEqual(['device.enrolled'])
    expect(session.value?.token).toBe('first-token')
    expect(QuietSocket.protocols.length).toBeGreaterThan(0)
    expect(QuietSocket.protocols.every((p) => p.includes('yauth.first-token'))).toBe(true)
  })
})
