/**
 * The signature hook (`src/event-verifier.ts`) in the real server: events signed and chained by their device
 * are stored, chains carried by one update (a device back from offline) pass, and a forged own event closes the
 * connection with 4403 and the stable code.
 */
import { type DakEvent, ed25519PublicKey, linkEvent, signEvent } from '@dak/core'
import { afterEach, describe, expect, it } from 'vitest'
import { createSignatureHook } from '../src/event-verifier.ts'
import {
  type Client,
  connect,
  journalSize,
  ROOM,
  startTestServer,
  type TestServer,
  waitFor,
} from './helpers.ts'

const SECRET = new Uint8Array(32).fill(42)
const T0 = Date.UTC(2026, 10, 30, 6, 0, 0)

const reference: DakEvent[] = [
  {
    id: 'ref-enrol-d1',
    type: 'device.enrolled',
    v: 1,
    office: 'SO123',
    date: '2026-11-29',
    actor: 'S0',
    device: 'seed',
    duty: null,
    hlc: `${new Date(T0 - 86_400_000).toISOString()}-0000-seed`,
    at: T0 - 86_400_000,
    payload: { device: 'D1', label: 'Counter 1', publicKey: ed25519PublicKey(SECRET), enrolment: null },
  },
]

let n = 0
let last: DakEvent | undefined
/** The next event of device D1, linked to its previous one and signed (as the PWA's event signer does). */
function next(fields: Partial<DakEvent> = {}): DakEvent {
  n++
  const e: DakEvent = {
    id: `sig-${process.pid}-${n}`,
    type: 'test.noted',
    v: 1,
    office: 'SO123',
    date: '2026-11-30',
    actor: 'S1',
    device: 'D1',
    duty: null,
    hlc: `${new Date(T0 + n * 1000).toISOString()}-0000-D1`,
    at: T0 + n * 1000,
    payload: { n },
  }
  last = signEvent(linkEvent({ ...e, ...fields }, last), SECRET)
  return last
}

function write(client: Client, events: DakEvent[]): void {
  client.doc.transact(() => {
    for (const e of events) client.doc.getMap('events').set(e.id, e)
  })
}

let server: TestServer | null = null
const clients: Client[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.close()
  server = null
})

describe('requireSignatures with createSignatureHook', () => {
  it('stores signed chains, including one carried by a single update, and refuses a forged event', async () => {
    server = await startTestServer({
      requireSignatures: true,
      verifyEvent: createSignatureHook({ reference: () => reference }),
    })
    const a = connect(server.url, ROOM, server.token())
    clients.push(a)
    await waitFor(() => a.provider.synced)
    write(a, [next(), next(), next()]) // one transaction: one update whose events chain to each other
    await waitFor(() => a.durable())
    write(a, [next()])
    await waitFor(() => a.durable())
    const check = connect(server.url, ROOM, server.token({ device: 'D3' }))
    clients.push(check)
    await waitFor(() => check.provider.synced && journalSize(check) === 4)
    const forged = { ...next(), payload: { n: 'altered' } }
    write(a, [forged])
    await waitFor(() => a.closed !== null)
    expect(a.closed).toMatchObject({ code: 4403, reason: expect.stringMatching(/bad-signature/) })
  })
})
