import { describe, expect, it } from 'vitest'
import { createTokenRefresher, type RenewalState, type TokenRenewal } from './token-refresh.ts'

/** An injected clock and timer queue: time moves only when the test says so (no sleeps). */
function fakeTime(start = 1_000_000) {
  let now = start
  const timers: { at: number; fn: () => void; live: boolean }[] = []
  return {
    now: () => now,
    setTimer(fn: () => void, ms: number) {
      const t = { at: now + ms, fn, live: true }
      timers.push(t)
      return () => {
        t.live = false
      }
    },
    /** Moves the clock to `now + ms`, firing due timers in order. */
    async advance(ms: number) {
      const end = now + ms
      for (;;) {
        const due = timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0]
        if (!due) break
        due.live = false
        now = due.at
        due.fn()
        await settle()
      }
      now = end
    },
    pending: () => timers.filter((t) => t.live).map((t) => t.at - now),
  }
}

/** Lets the refresher's promise chains run (a bounded number of microtask turns). */
async function settle() {
  for (let i = 0; i < 20; i++) await Promise.resolve()
}

/** A scripted server: each renewal takes the next answer. */
function harness(answers: TokenRenewal[], options: { online?: boolean } = {}) {
  const time = fakeTime()
  let online = options.online ?? true
  const applied: string[] = []
  const states: RenewalState[] = []
  let asked = 0
  const refresher = createTokenRefresher({
    renew: async () => {
      const a = answers[asked++]
      if (!a) throw new Error('no scripted answer left')
      return a
    },
    apply: (token) => {
      applied.push(token)
    },
    online: () => online,
    now: time.now,
    setTimer: time.setTimer,
    onState: (s) => states.push(s),
  })
  return {
    refresher,
    time,
    applied,
    states,
    asked: () => asked,
    setOnline(v: boolean) {
      online = v
    },
  }
}

const granted = (token: string, exp: number): TokenRenewal => ({ ok: true, token, exp })
const offline: TokenRenewal = {
  ok: false,
  error: { code: 'offline', message: 'the server could not be reached; try again online' },
}
const refused: TokenRenewal = {
  ok: false,
  error: { code: 'no-credential', message: 'enrol the login on this device', status: 403 },
}
const unwell: TokenRenewal = {
  ok: false,
  error: { code: 'http-error', message: 'answered 503', status: 503 },
}

describe('token refresher', () => {
  it('a 4401 close gets a fresh token that the rooms reconnect with, and the next renewal is planned', async () => {
    const h = harness([granted('t2', 1_000_000 + 3_600_000)])
    h.refresher.expired()
    await settle()
    expect(h.applied).toEqual(['t2'])
    expect(h.refresher.state()).toEqual({ kind: 'idle' })
    expect(h.states.map((s) => s.kind)).toEqual(['renewing', 'idle'])
    // renewed a minute before the new token expires (a fifth of the time left when that is shorter)
    expect(h.time.pending()).toEqual([3_600_000 - 60_000])
  })

  it('closes of several rooms for one expiry ask once', async () => {
    const h = harness([granted('t2', 2_000_000)])
    h.refresher.expired()
    h.refresher.expired()
    h.refresher.expired()
    await settle()
    expect(h.asked()).toBe(1)
    expect(h.applied).toEqual(['t2'])
  })

  it('offline at the expiry: waits for the network without asking, then renews at once', async () => {
    const h = harness([granted('t2', 2_000_000)], { online: false })
    h.refresher.expired()
    await settle()
    expect(h.asked()).toBe(0)
    expect(h.refresher.state()).toEqual({ kind: 'waiting-network' })
    expect(h.time.pending()).toEqual([])
    h.setOnline(true)
    h.refresher.online()
    await settle()
    expect(h.applied).toEqual(['t2'])
    expect(h.refresher.state().kind).toBe('idle')
  })

  it('the network drops during the request: waits for it rather than retrying blindly', async () => {
    const h = harness([offline, granted('t2', 2_000_000)])
    h.refresher.expired()
    h.setOnline(false)
    await settle()
    expect(h.refresher.state()).toEqual({ kind: 'waiting-network' })
    h.setOnline(true)
    h.refresher.online()
    await settle()
    expect(h.applied).toEqual(['t2'])
  })

  it('a refusal is shown with what the server said and is not retried, not even when the network returns', async () => {
    const h = harness([refused, granted('t2', 2_000_000)])
    h.refresher.expired()
    await settle()
    expect(h.refresher.state()).toEqual({
      kind: 'refused',
      code: 'no-credential',
      message: 'enrol the login on this device',
    })
    expect(h.time.pending()).toEqual([])
    h.refresher.online()
    h.refresher.expired()
    await settle()
    expect(h.asked()).toBe(1)
    // the person asks again (or logs in): tried once more
    h.refresher.retry()
    await settle()
    expect(h.applied).toEqual(['t2'])
    expect(h.refresher.state().kind).toBe('idle')
  })

  it('a server that does not answer is retried with a doubling delay, capped, then shown as unreachable', async () => {
    const h = harness([offline, unwell, offline, offline, offline, offline])
    h.refresher.expired()
    await settle()
    const delays: number[] = []
    for (let i = 0; i < 5; i++) {
      const state = h.refresher.state()
      expect(state.kind).toBe('retrying')
      delays.push(h.time.pending()[0] ?? -1)
      await h.time.advance(h.time.pending()[0] ?? 0)
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000])
    expect(h.asked()).toBe(6)
    expect(h.refresher.state()).toEqual({
      kind: 'unreachable',
      message: 'the server could not be reached; try again online',
    })
    expect(h.time.pending()).toEqual([])
    expect(h.applied).toEqual([])
  })

  it('unreachable is tried again when the network comes back', async () => {
    const time = fakeTime()
    const answers = [offline, offline, granted('t3', 2_000_000)]
    let calls = 0
    const got: string[] = []
    const r = createTokenRefresher({
      renew: async () => answers[calls++] ?? offline,
      apply: (token) => {
        got.push(token)
      },
      online: () => true,
      now: time.now,
      setTimer: time.setTimer,
      maxAttempts: 2,
    })
    r.expired()
    await settle()
    await time.advance(1000)
    expect(r.state().kind).toBe('unreachable')
    r.online()
    await settle()
    expect(got).toEqual(['t3'])
    expect(r.state().kind).toBe('idle')
  })

  it('renews shortly before the token expires while online, with nothing shown', async () => {
    const exp = 1_000_000 + 10_000
    const h = harness([granted('t2', exp + 3_600_000)])
    h.refresher.track(exp)
    // a fifth of the 10 s left: renewed 2 s before the expiry
    expect(h.time.pending()).toEqual([8000])
    await h.time.advance(8000)
    expect(h.applied).toEqual(['t2'])
    expect(h.states.map((s) => s.kind)).toEqual(['idle'])
    // the next one is planned from the new token
    expect(h.time.pending()).toEqual([3_600_000 + 2000 - 60_000])
  })

  it('a renewal ahead of the expiry that is refused changes nothing visible; the 4401 then shows it', async () => {
    const h = harness([refused, refused])
    h.refresher.track(1_000_000 + 10_000)
    await h.time.advance(8000)
    expect(h.asked()).toBe(1)
    expect(h.refresher.state()).toEqual({ kind: 'idle' })
    expect(h.time.pending()).toEqual([])
    h.refresher.expired()
    await settle()
    expect(h.refresher.state().kind).toBe('refused')
  })

  it('offline when a renewal ahead is due: nothing is asked (the reconnect meets the 4401 path)', async () => {
    const h = harness([], { online: false })
    h.refresher.track(1_000_000 + 10_000)
    await h.time.advance(10_000)
    expect(h.asked()).toBe(0)
    expect(h.refresher.state()).toEqual({ kind: 'idle' })
  })

  it('stop cancels planned renewals and retries', async () => {
    const h = harness([offline])
    h.refresher.track(1_000_000 + 600_000)
    h.refresher.expired()
    await settle()
    expect(h.time.pending().length).toBe(2)
    h.refresher.stop()
    expect(h.time.pending()).toEqual([])
  })
})
