import { spawn } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { issueToken, loadOrCreateSecret } from '../src/index.ts'
import { append, type Client, connect, repoRoot, tempDir, tokenInput, waitFor } from './helpers.ts'

const clients: Client[] = []
let kill: (() => void) | null = null
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy()
  kill?.()
})

async function get(port: number, path: string): Promise<Record<string, number>> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`)
  return (await res.json()) as Record<string, number>
}

process.setMaxListeners(0) // each WebsocketProvider adds a process 'exit' listener

describe('memory', () => {
  it('returns to its baseline after every room is left', async () => {
    const dataDir = tempDir()
    const secret = loadOrCreateSecret(dataDir)
    const proc = spawn(
      process.execPath,
      [
        '--expose-gc',
        '--conditions=@dak/source',
        '--import',
        'tsx',
        'packages/sync-server/test/memory-server.ts',
        dataDir,
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
    )
    kill = () => proc.kill('SIGKILL')
    const port = await new Promise<number>((res, rej) => {
      proc.stdout.on('data', (d: Buffer) => {
        const m = /"port":(\d+)/.exec(d.toString())
        if (m) res(Number(m[1]))
      })
      proc.once('exit', (code) => rej(new Error(`memory server exited ${code}`)))
    })
    const url = `ws://127.0.0.1:${port}`
    const roomsLoaded = async () => (await get(port, '/healthz')).rooms ?? -1
    const cycle = async (rooms: number, perRoom: number, events: number): Promise<void> => {
      const batch: Array<{ c: Client; device: string }> = []
      for (let r = 0; r < rooms; r++) {
        for (let k = 0; k < perRoom; k++) {
          const device = `D${k}`
          const c = connect(url, `office/SO123/room-${r}`, issueToken(secret, tokenInput({ device })))
          clients.push(c)
          batch.push({ c, device })
        }
      }
      await waitFor(() => clients.every((c) => c.provider.synced), 60_000, 'all synced')
      for (const { c, device } of batch) for (let i = 0; i < events; i++) append(c, { device })
      await waitFor(() => clients.every((c) => c.durable()), 60_000, 'all durable')
    }
    // warm up every code path with the same load once, then measure the baseline with nothing loaded:
    // what a second identical cycle leaves behind is what a leak would be
    await cycle(150, 2, 10)
    for (const c of clients.splice(0)) c.destroy()
    const settle = async () => {
      const end = Date.now() + 30_000
      while ((await roomsLoaded()) > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50))
      expect(await roomsLoaded()).toBe(0)
    }
    await settle()
    const baseline = (await get(port, '/gc')).heapUsed!
    await cycle(150, 2, 10)
    const peak = (await get(port, '/gc')).heapUsed!
    for (const c of clients.splice(0)) c.destroy()
    await settle()
    const after = (await get(port, '/gc')).heapUsed!
    expect(peak - baseline).toBeGreaterThan(1_000_000) // the rooms really were resident
    expect(after - baseline).toBeLessThan(Math.max(1_500_000, (peak - baseline) / 5))
  }, 120_000)
})
