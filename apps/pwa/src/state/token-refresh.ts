/**
 * Keeps the sync token fresh on a live session. The server closes a socket whose token expired with 4401
 * (`token-expired: …`) and the stock y-websocket provider stops retrying on 44xx; this asks for a new token
 * (the device-token route: no one types anything) and hands it to the rooms, which reconnect with it. Their
 * documents keep every unsent entry meanwhile: the sync exchange on reconnect sends whatever the server lacks.
 *
 * It also renews shortly before `exp` while online, so a healthy session never sees the 4401 at all. Time and
 * timers are injected, so the logic is tested without waiting.
 */

/** A new token, or why none came: `offline` (no answer from the server) is retried, a refusal is not. */
export type TokenRenewal =
  | { readonly ok: true; readonly token: string; readonly exp: number }
  | {
      readonly ok: false
      readonly error: { readonly code: string; readonly message: string; readonly status?: number }
    }

/**
 * What the indicator shows about renewal. `idle`: nothing to do (or the token is fresh); `renewing`: asking now;
 * `waiting-network`: the token expired while offline, renewed when the network returns; `retrying`: the server
 * did not answer, asked again at `at`; `refused`: the server said no (the person must log in again);
 * `unreachable`: every bounded retry failed while the browser claimed to be online.
 */
export type RenewalState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'renewing'; readonly attempt: number }
  | { readonly kind: 'waiting-network' }
  | { readonly kind: 'retrying'; readonly attempt: number; readonly at: number }
  | { readonly kind: 'refused'; readonly code: string; readonly message: string }
  | { readonly kind: 'unreachable'; readonly message: string }

export interface TokenRefresherOptions {
  /** Asks the server for a fresh token (e.g. `renewDeviceToken` of `session.ts`). */
  renew(): Promise<TokenRenewal>
  /** Gives the rooms the new token; they reconnect with it. */
  apply(token: string, exp: number): void | Promise<void>
  /** Whether the browser believes it is online (`navigator.onLine`). */
  online(): boolean
  now(): number
  /** Runs `fn` after `ms`; returns a cancel function (`setTimeout` by default). */
  setTimer?(fn: () => void, ms: number): () => void
  onState?(state: RenewalState): void
  /** First retry delay, doubled per attempt up to `maxDelayMs` (defaults 1 s and 30 s). */
  readonly baseDelayMs?: number
  readonly maxDelayMs?: number
  /** Attempts after an expiry before giving up as `unreachable` (default 6). */
  readonly maxAttempts?: number
  /** Renew this long before `exp` at most (default 60 s; a fifth of the time left when that is shorter). */
  readonly leadMs?: number
}

export interface TokenRefresher {
  /** The server refused the token (4401 close): renew now, with bounded retries. */
  expired(): void
  /** A token expiring at `exp` (epoch ms) is in use: renew shortly before it; null cancels. */
  track(exp: number | null): void
  /** The network came back: renew at once if an expiry waits for it. */
  online(): void
  /** After `refused` / `unreachable`: try again (the person tapped retry, or logged in). */
  retry(): void
  state(): RenewalState
  stop(): void
}

const defaultTimer = (fn: () => void, ms: number) => {
  const id = setTimeout(fn, ms)
  return () => clearTimeout(id)
}

/** Statuses a retry can cure (the server or a proxy was briefly unwell); any other 4xx is a refusal. */
const transient = (status: number | undefined) =>
  status === undefined || status === 408 || status === 429 || status >= 500

export function createTokenRefresher(options: TokenRefresherOptions): TokenRefresher {
  const setTimer = options.setTimer ?? defaultTimer
  const base = options.baseDelayMs ?? 1000
  const maxDelay = options.maxDelayMs ?? 30_000
  const maxAttempts = options.maxAttempts ?? 6
  const lead = options.leadMs ?? 60_000
  let state: RenewalState = { kind: 'idle' }
  let cancelRetry: (() => void) | null = null
  let cancelAhead: (() => void) | null = null
  let inFlight = false
  let stopped = false
  // true from a 4401 until a token is applied: the rooms are down and wait for the renewal
  let down = false

  const set = (next: RenewalState) => {
    state = next
    options.onState?.(next)
  }
  const clearRetry = () => {
    cancelRetry?.()
    cancelRetry = null
  }

  const attempt = async (n: number): Promise<void> => {
    if (stopped || inFlight) return
    if (!options.online()) {
      // nothing to ask while offline; `online()` resumes
      if (down) set({ kind: 'waiting-network' })
      return
    }
    inFlight = true
    if (down) set({ kind: 'renewing', attempt: n })
    let r: TokenRenewal
    try {
      r = await options.renew()
    } catch (error) {
      r = { ok: false, error: { code: 'renew-failed', message: String(error) } }
    } finally {
      inFlight = false
    }
    if (stopped) return
    if (r.ok) {
      down = false
      clearRetry()
      await options.apply(r.token, r.exp)
      set({ kind: 'idle' })
      track(r.exp)
      return
    }
    // a renewal ahead of expiry that fails changes nothing visible: the token still works; the 4401 retries
    if (!down) return
    if (r.error.code === 'offline' && !options.online()) {
      set({ kind: 'waiting-network' })
      return
    }
    if (!transient(r.error.status) && r.error.code !== 'offline') {
      set({ kind: 'refused', code: r.error.code, message: r.error.message })
      return
    }
    if (n >= maxAttempts) {
      set({ kind: 'unreachable', message: r.error.message })
      return
    }
    const delay = Math.min(base * 2 ** (n - 1), maxDelay)
    set({ kind: 'retrying', attempt: n, at: options.now() + delay })
    clearRetry()
    cancelRetry = setTimer(() => {
      cancelRetry = null
      void attempt(n + 1)
    }, delay)
  }

  const track = (exp: number | null) => {
    cancelAhead?.()
    cancelAhead = null
    if (exp === null || stopped) return
    const left = exp - options.now()
    const ahead = Math.max(0, left - Math.min(lead, Math.max(0, left) / 5))
    cancelAhead = setTimer(() => {
      cancelAhead = null
      // offline: the socket is down anyway; a reconnect with the old token meets the 4401 path
      if (!down && options.online()) void attempt(1)
    }, ahead)
  }

  return {
    expired() {
      if (stopped) return
      const again = down
      down = true
      // a second room's 4401 for the same expiry joins the renewal under way
      if (again && (inFlight || cancelRetry || state.kind === 'refused' || state.kind === 'unreachable'))
        return
      clearRetry()
      void attempt(1)
    },
    track,
    online() {
      // a refusal stands until the person acts (`retry`); anything else is asked again at once
      if (stopped || !down || inFlight || state.kind === 'refused') return
      clearRetry()
      void attempt(1)
    },
    retry() {
      if (stopped || inFlight) return
      clearRetry()
      down = true
      void attempt(1)
    },
    state: () => state,
    stop() {
      stopped = true
      clearRetry()
      cancelAhead?.()
      cancelAhead = null
    },
  }
}
