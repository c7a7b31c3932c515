/**
 * What the PWA sends when a cash bag moves between offices: each device writes its own event to its office's
 * day room and a copy (same event, same id) to the OTHER office's inbox. These copies are legitimately
 * relayed: the server must accept them and acknowledge them to their writer. A device that only RECEIVES a
 * relayed copy is sent no new `sync-status` for it (only writers are), so a client must count as pending only
 * what it wrote, never what the server relayed to it (the PWA's "Syncing…" that never ended).
 */
import { type DakEvent, decide, demoOffice, fold } from '@dak/core'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type Client, connect, startTestServer, type TestServer, waitFor } from './helpers.ts'

const HO = 'nandyal-ho'
const SO = 'panem-so'
const DATE = '2026-11-30'

/** Real events, decided by core on the demo network: the HO packs and dispatches, the SO receives. */
function cashBagEvents(): Record<string, DakEvent> {
  const log: DakEvent[] = [...demoOffice().events]
  let tick = 0
  const act = (actor: string, office: string, type: string, payload: unknown): DakEvent => {
    const at = Date.parse(`${DATE}T04:00:00.000Z`) + ++tick * 1000
    const r = decide(
      fold(log),
      { type, payload },
      {
        office,
        date: DATE,
        actor,
        device: `dev-${actor}`,
        duty: null,
        now: at,
        newId: () => `ev-${tick}`,
        nextHlc: () => `${new Date(at).toISOString()}-0000-dev-${actor}`,
      },
    )
    if (!r.ok) throw new Error(`${type}: ${r.error.code} ${r.error.message}`)
    log.push(...r.value)
    return r.value[0]!
  }
  act('ho-pm', HO, 'day.begin', { cash: { '500': 600 }, stock: {} })
  act('so-spm', SO, 'day.begin', { cash: { '500': 100 }, stock: {} })
  const req = act('so-spm', SO, 'cash.request', {
    amount: '10000.00',
    denominations: { '500': 20 },
    remark: 'pension payments tomorrow',
  })
  act('ho-pm', HO, 'cash.approve', { requestId: req.id, amount: '10000.00', reason: 'pension day' })
  const bag = { bagNo: 'CB-0001', sealNo: 'SEAL-1' }
  const packed = act('ho-pm', HO, 'cashbag.pack', {
    ...bag,
    requestId: req.id,
    to: SO,
    denominations: { '500': 20 },
    carrier: 'so-postman',
  })
  const dispatched = act('ho-pm', HO, 'cashbag.dispatch', { bagNo: bag.bagNo })
  const received = act('so-spm', SO, 'cashbag.receive', {
    ...bag,
    denominations: { '500': 20 },
    confirmation: { method: 'otp', code: '123456' },
  })
  return { packed, dispatched, received }
}

const write = (c: Client, e: DakEvent) => c.doc.getMap('events').set(e.id, e)
const rooms = (office: string) => [`office/${office}/*`, 'office/*/inbox']

let server: TestServer
const clients: Client[] = []
const open = (office: string, staff: string, device: string, room: string) => {
  const c = connect(server.url, room, server.token({ office, staff, device, rooms: rooms(office) }))
  clients.push(c)
  return c
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.close()
})

describe('cash bag events relayed to another office inbox', () => {
  it('the writer of a relayed copy gets it acknowledged; the reader holds it without a status naming it', async () => {
    server = await startTestServer()
    // the HO device syncs its day, its own inbox and (as an outbox) the SO's inbox; the SO device likewise
    const hoDay = open(HO, 'ho-pm', 'dev-ho-pm', `office/${HO}/day/${DATE}`)
    const hoInbox = open(HO, 'ho-pm', 'dev-ho-pm', `office/${HO}/inbox`)
    const hoToSo = open(HO, 'ho-pm', 'dev-ho-pm', `office/${SO}/inbox`)
    const soDay = open(SO, 'so-spm', 'dev-so-spm', `office/${SO}/day/${DATE}`)
    const soInbox = open(SO, 'so-spm', 'dev-so-spm', `office/${SO}/inbox`)
    const soToHo = open(SO, 'so-spm', 'dev-so-spm', `office/${HO}/inbox`)
    const all = [hoDay, hoInbox, hoToSo, soDay, soInbox, soToHo]
    await waitFor(() => all.every((c) => c.provider.synced), 10_000, 'first sync')
    await waitFor(() => all.every((c) => c.status !== null), 10_000, 'first sync-status')

    const { packed, dispatched, received } = cashBagEvents()
    // HO packs and dispatches: its day room plus a copy in the SO inbox
    for (const e of [packed!, dispatched!]) {
      write(hoDay, e)
      write(hoToSo, e)
    }
    // SO receives: its day room plus a copy in the HO inbox
    write(soDay, received!)
    write(soToHo, received!)
    const recvId = received!.id

    // every writer's copies are accepted, stored and acknowledged (none dropped, no refusal)
    await waitFor(() => [hoDay, hoToSo, soDay, soToHo].every((c) => c.durable()), 10_000, 'writers durable')
    for (const c of all) expect(c.closed).toBeNull()
    // the readers of each inbox hold the relayed copies...
    await waitFor(() => soInbox.doc.getMap('events').size === 2, 10_000, 'SO inbox relayed')
    await waitFor(() => hoInbox.doc.getMap('events').has(recvId), 10_000, 'HO inbox relayed')
    // ...written by another client, which the reader's last sync-status does not name: counting them as this
    // device's pending work would never reach zero
    for (const reader of [soInbox, hoInbox]) {
      const lastStatus = reader.status?.sv ?? new Map<number, number>()
      const unnamed = [...Y.decodeStateVector(Y.encodeStateVector(reader.doc))].filter(
        ([client, clock]) => (lastStatus.get(client) ?? 0) < clock,
      )
      expect(unnamed.length).toBeGreaterThan(0)
      expect(reader.durable()).toBe(true) // it wrote nothing of its own: nothing of it is pending
    }
  })

  it('a copy of another office event in an inbox is refused with a close code and a reason, never dropped', async () => {
    server = await startTestServer()
    const c = open(SO, 'so-spm', 'dev-so-spm', `office/${HO}/inbox`)
    await waitFor(() => c.provider.synced, 10_000, 'sync')
    write(c, { ...cashBagEvents().packed!, actor: 'so-spm', device: 'dev-so-spm', office: 'pinnapuram-bo' })
    await waitFor(() => c.closed !== null, 10_000, 'refusal')
    expect(c.closed?.code).toBe(4403)
    expect(c.closed?.reason).toMatch(/wrong-office/)
  })
})
