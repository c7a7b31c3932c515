/**
 * Signatures are required by default and keep working across a restart: devices enrolled (with an admin's
 * one-time code) and revoked in one day's room are known when the next day's room is opened by a new server
 * process or a new `startServer` over the same data directory, because the identity registry persisted them.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DakEvent } from '@dak/core'
import { afterEach, describe, expect, it } from 'vitest'
import {
  issueToken,
  loadOrCreateSecret,
  type RunningServer,
  silentLogger,
  startServer,
} from '../src/index.ts'
import { type ChildServer, type Client, connect, spawnServer, tempDir, waitFor } from './helpers.ts'
import { CODES, DAY0, DAY1, OFFICE, referencePack, room, signingDevice, write } from './identity-fixture.ts'

interface Running {
  url: string
  secret: Uint8Array
  stop(): Promise<void>
}

/** Two ways to run the server over a data directory: a `dak-sync serve` process, or `startServer` in this one. */
const modes = {
  async process(dataDir: string, pack: readonly DakEvent[]): Promise<Running> {
    const file = join(dataDir, 'reference.json')
    writeFileSync(file, JSON.stringify({ events: pack }))
    const child: ChildServer = await spawnServer(dataDir, 0, [], ['--reference', file])
    return {
      url: child.url,
      secret: loadOrCreateSecret(dataDir),
      async stop() {
        // no graceful shutdown: what was acknowledged must already be durable, registry included
        child.proc.kill('SIGKILL')
        await child.exited
      },
    }
  },
  async 'in-process'(dataDir: string, pack: readonly DakEvent[]): Promise<Running> {
    const server: RunningServer = await startServer({ dataDir, reference: () => pack, log: silentLogger })
    return { url: server.url, secret: loadOrCreateSecret(dataDir), stop: () => server.close() }
  },
}

const clients: Client[] = []
const running: Running[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const r of running.splice(0)) await r.stop().catch(() => {})
})

function open(server: Running, date: string, staff: string, device: string): Client {
  const token = issueToken(server.secret, {
    office: OFFICE,
    staff,
    device,
    role: 'postal-assistant',
    rooms: [`office/${OFFICE}/*`],
  })
  const c = connect(server.url, room(date), token)
  clients.push(c)
  return c
}

/** Writes the events and waits until they are durable on the server (or fails with the close reason). */
async function saved(server: Running, date: string, staff: string, events: DakEvent[]): Promise<void> {
  const c = open(server, date, staff, events[0]!.device)
  await waitFor(() => c.provider.synced || c.closed !== null, 10_000, 'sync')
  write(c, events)
  await waitFor(() => c.durable() || c.closed !== null, 10_000, 'durable')
  expect(c.closed).toBeNull()
  c.destroy()
}

/** Writes the events and returns how the server closed the connection. */
async function refused(server: Running, date: string, staff: string, events: DakEvent[]) {
  const c = open(server, date, staff, events[0]!.device)
  await waitFor(() => c.provider.synced || c.closed !== null, 10_000, 'sync')
  write(c, events)
  await waitFor(() => c.closed !== null, 10_000, 'refusal')
  return c.closed
}

describe.each(Object.keys(modes) as (keyof typeof modes)[])('identity across a restart (%s)', (mode) => {
  it('accepts an enrolled device and refuses forged, revoked, unknown, self-promoting and code-replaying ones', async () => {
    const dataDir = tempDir('dak-identity-')
    const pack = referencePack(Date.now() + 86_400_000)
    const d1 = signingDevice('D1', 'pa-1')
    const d2 = signingDevice('D2', 'pa-1')
    const adm = signingDevice('ADM', 'pm-1')

    const first = await modes[mode](dataDir, pack)
    running.push(first)
    // day 0: two devices enrol with their one-time codes, the postmaster revokes one of them
    await saved(first, DAY0, 'pa-1', [d1.enrol(DAY0, 'enrol-D1', CODES.D1!), d1.emit(DAY0)])
    await saved(first, DAY0, 'pa-1', [d2.enrol(DAY0, 'enrol-D2', CODES.D2!)])
    await saved(first, DAY0, 'pm-1', [
      adm.emit(DAY0, 'device.revoked', { device: 'D2', reason: 'phone lost' }),
    ])
    await first.stop()
    running.splice(0)

    // day 1 on a fresh server: nothing of day 0 is loaded, yet every device is known
    const second = await modes[mode](dataDir, pack)
    running.push(second)
    await saved(second, DAY1, 'pa-1', [d1.emit(DAY1)])
    const forged = { ...d1.emit(DAY1, 'test.noted', {}, false), payload: { n: 'altered after signing' } }
    expect(await refused(second, DAY1, 'pa-1', [forged])).toMatchObject({
      code: 4403,
      reason: expect.stringMatching(/^bad-signature/),
    })
    expect(await refused(second, DAY1, 'pa-1', [d2.emit(DAY1)])).toMatchObject({
      code: 4403,
      reason: expect.stringMatching(/^revoked-device/),
    })
    // an enrolled clerk's device cannot make its staff postmaster (and so an admin of devices)
    const grant = d1.emit(DAY1, 'role.granted', { staff: 'pa-1', role: 'postmaster', office: OFFICE }, false)
    expect(await refused(second, DAY1, 'pa-1', [grant])).toMatchObject({
      code: 4403,
      reason: expect.stringMatching(/^not-authorized/),
    })
    // nor approve cash, which the postmaster's role decides (the same rule peers run: core's eventAuthorityRefusal)
    const approval = d1.emit(
      DAY1,
      'cash.approved',
      { requestId: 'req-1', amount: '10000.00', breachReason: null },
      false,
    )
    expect(await refused(second, DAY1, 'pa-1', [approval])).toMatchObject({
      code: 4403,
      reason: expect.stringMatching(
        /^not-authorized: event \S+: cash.approved by pa-1: pa-1 holds \[postal-assistant\]/,
      ),
    })
    const stranger = signingDevice('D9', 'pa-1')
    expect(await refused(second, DAY1, 'pa-1', [stranger.emit(DAY1)])).toMatchObject({
      code: 4403,
      reason: expect.stringMatching(/^unknown-device/),
    })
    // D1's code was used up on day 0: another device cannot enrol with it, but can with its own
    const d3 = signingDevice('D3', 'pa-1')
    expect(await refused(second, DAY1, 'pa-1', [d3.enrol(DAY1, 'enrol-D1', CODES.D1!)])).toMatchObject({
      code: 4403,
      reason: expect.stringMatching(/^enrolment-refused/),
    })
    const d3b = signingDevice('D3', 'pa-1')
    await saved(second, DAY1, 'pa-1', [d3b.enrol(DAY1, 'enrol-D3', CODES.D3!), d3b.emit(DAY1)])
  }, 90_000)
})

describe('migration', () => {
  it('a device enrolled while the server ran with signatures off is known once they are back on', async () => {
    const dataDir = tempDir('dak-identity-')
    const pack = referencePack(Date.now() + 86_400_000)
    const d1 = signingDevice('D1', 'pa-1')
    const signed = await modes['in-process'](dataDir, pack)
    await saved(signed, DAY0, 'pa-1', [signingDevice('D2', 'pa-1').enrol(DAY0, 'enrol-D2', CODES.D2!)])
    await signed.stop()
    const lax = await startServer({ dataDir, requireSignatures: false, log: silentLogger })
    const laxRunning: Running = { url: lax.url, secret: loadOrCreateSecret(dataDir), stop: () => lax.close() }
    await saved(laxRunning, DAY0, 'pa-1', [d1.enrol(DAY0, 'enrol-D1', CODES.D1!)])
    await lax.close()
    const again = await modes['in-process'](dataDir, pack)
    running.push(again)
    await saved(again, DAY1, 'pa-1', [d1.emit(DAY1)])
  })
})

describe('late entries with signatures', () => {
  it("takes an earlier day's event re-posted into today's room; its link into its own day is not held here", async () => {
    const server = await modes['in-process'](tempDir('dak-identity-'), referencePack(Date.now() + 86_400_000))
    running.push(server)
    const d1 = signingDevice('D1', 'pa-1')
    await saved(server, DAY0, 'pa-1', [d1.enrol(DAY0, 'enrol-D1', CODES.D1!), d1.emit(DAY0)])
    // made offline on day 0 (linked to day 0's chain), re-posted unchanged into day 1 once day 0 was sealed
    const late = [d1.emit(DAY0), d1.emit(DAY0)]
    await saved(server, DAY1, 'pa-1', late)
    const forged = { ...d1.emit(DAY0, 'test.noted', {}, false), payload: { n: 'altered' } }
    expect(await refused(server, DAY1, 'pa-1', [forged])).toMatchObject({
      code: 4403,
      reason: expect.stringMatching(/^bad-signature/),
    })
    // an event of the room's own day still needs its whole chain
    const orphan = signingDevice('D1', 'pa-1')
    orphan.emit(DAY1) // never sent
    expect(await refused(server, DAY1, 'pa-1', [orphan.emit(DAY1)])).toMatchObject({
      code: 4403,
      reason: expect.stringMatching(/^chain-gap/),
    })
  })
})

describe('signatures by default', () => {
  it('startServer refuses an unsigned event unless started with requireSignatures: false', async () => {
    const { sig: _dropped, ...unsigned } = signingDevice('D1', 'pa-1').emit(DAY1)
    const strict = await startServer({ log: silentLogger, secret: new Uint8Array(32).fill(1) })
    const server: Running = {
      url: strict.url,
      secret: new Uint8Array(32).fill(1),
      stop: () => strict.close(),
    }
    running.push(server)
    expect(await refused(server, DAY1, 'pa-1', [unsigned as DakEvent])).toMatchObject({
      code: 4403,
      reason: expect.stringMatching(/^(missing-signature|unknown-device)/),
    })
    const lax = await startServer({
      log: silentLogger,
      secret: new Uint8Array(32).fill(2),
      requireSignatures: false,
    })
    const open: Running = { url: lax.url, secret: new Uint8Array(32).fill(2), stop: () => lax.close() }
    running.push(open)
    await saved(open, DAY1, 'pa-1', [unsigned as DakEvent])
  })

  it('holds the identity records of open connections only, up to its cache size', async () => {
    const server = await startServer({
      log: silentLogger,
      secret: new Uint8Array(32).fill(3),
      identityCacheOffices: 4,
    })
    const r: Running = { url: server.url, secret: new Uint8Array(32).fill(3), stop: () => server.close() }
    running.push(r)
    const health = async () =>
      (await (await fetch(`${server.url.replace('ws:', 'http:')}/healthz`)).json()) as {
        identity: { offices: number; pinned: number; loads: number }
      }
    for (let i = 0; i < 12; i++) {
      const office = `SO${i}`
      const token = issueToken(r.secret, {
        office,
        staff: 'pa-1',
        device: 'D1',
        role: 'postal-assistant',
        rooms: [`office/${office}/*`],
      })
      const c = connect(server.url, `office/${office}/day/${DAY1}`, token)
      clients.push(c)
      await waitFor(() => c.provider.synced, 10_000, 'sync')
      expect((await health()).identity.pinned).toBe(1)
      c.destroy()
    }
    await waitFor(() => clients.every((c) => c.provider.wsconnected === false), 10_000, 'disconnects')
    let last = await health()
    const end = Date.now() + 10_000
    while (last.identity.pinned > 0 && Date.now() < end) last = await health()
    expect(last.identity).toMatchObject({ pinned: 0, loads: 12 })
    expect(last.identity.offices).toBeLessThanOrEqual(4)
  })

  it('keeps the identity room to itself', async () => {
    const server = await modes['in-process'](tempDir('dak-identity-'), referencePack(Date.now() + 60_000))
    running.push(server)
    const token = issueToken(server.secret, {
      office: OFFICE,
      staff: 'pa-1',
      device: 'D1',
      role: 'postal-assistant',
      rooms: [`office/${OFFICE}/*`],
    })
    const c = connect(server.url, `office/${OFFICE}/identity`, token)
    clients.push(c)
    await waitFor(() => c.closed !== null, 10_000, 'refusal')
    expect(c.closed).toMatchObject({ code: 4403, reason: expect.stringMatching(/^reserved-room/) })
  })
})
