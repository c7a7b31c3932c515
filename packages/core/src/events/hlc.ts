/**
 * Hybrid logical clock (HLC): a stamp that follows wall-clock time when clocks are sane, never goes backwards on
 * one device, and is always later than every stamp the device has seen. Events fold in (hlc, id) order.
 *
 * Encoding (Actual Budget's HULC shape): `2026-11-30T06:34:10.000Z-0001-<node>`: an ISO-8601 UTC time to the
 * millisecond, a 4-hex-digit counter, and the node (device) id. The time and counter parts have a fixed width,
 * so plain string comparison orders stamps correctly (for years 0000-9999).
 *
 * Pure: physical time is always passed in (`now`, epoch ms); the clock never reads one.
 */
import { err, ok, type Result } from '../result.ts'

/** The parts of one stamp. */
export interface HlcStamp {
  /** Logical milliseconds since the epoch (UTC). */
  readonly millis: number
  /** Tie-breaker for stamps in one millisecond, 0..0xFFFF. */
  readonly counter: number
  readonly node: string
}

export type HlcErrorCode = 'hlc-clock-skew' | 'hlc-counter-overflow' | 'hlc-malformed' | 'hlc-node-invalid'

/** Why a stamp could not be made or read. */
export interface HlcError {
  readonly code: HlcErrorCode
  readonly message: string
  /** For `hlc-clock-skew`: how far the stamp is ahead of the physical clock, in ms. */
  readonly skewMs?: number
}

/** Largest counter value; a device that makes more stamps than this in one logical ms gets an error. */
export const HLC_MAX_COUNTER = 0xffff
/** Default bound on clock skew: stamps more than 5 minutes ahead of the local physical clock are refused. */
export const HLC_DEFAULT_MAX_DRIFT_MS = 5 * 60 * 1000

const NODE_PATTERN = /^[A-Za-z0-9._:~-]{1,64}$/
const STAMP_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z-([0-9a-f]{4})-([A-Za-z0-9._:~-]{1,64})$/

/** Encodes a stamp as its sortable string. */
export function formatHlc(stamp: HlcStamp): string {
  return `${new Date(stamp.millis).toISOString()}-${stamp.counter.toString(16).padStart(4, '0')}-${stamp.node}`
}

/** True when year/month/day name a real day of the proleptic Gregorian calendar. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31
  return day <= days
}

/**
 * Reads a stamp string; refuses anything that `formatHlc` would not produce. Arithmetic only (no Date parsing):
 * it runs on every event the journal validates.
 */
export function parseHlc(text: string): Result<HlcStamp, HlcError> {
  const m = STAMP_PATTERN.exec(text)
  if (m && isValidStamp(m)) {
    const [y, mo, d, h, mi, s, ms] = [m[1], m[2], m[3], m[4], m[5], m[6], m[7]].map(Number) as number[]
    // Date.UTC reads years 0-99 as 1900-1999; setUTCFullYear puts them back (never hit by real stamps).
    const millis =
      y! >= 100
        ? Date.UTC(y!, mo! - 1, d!, h!, mi!, s!, ms!)
        : new Date(Date.UTC(2000, mo! - 1, d!, h!, mi!, s!, ms!)).setUTCFullYear(y!)
    return ok({ millis, counter: Number.parseInt(m[8]!, 16), node: m[9]! })
  }
  return err({
    code: 'hlc-malformed',
    message: `HLC stamp "${text.slice(0, 120)}" is malformed; expected "<ISO-8601 UTC ms>-<4 hex counter>-<node id>", e.g. "2026-11-30T06:34:10.000Z-0000-dev1"`,
  })
}

/**
 * True when `text` is a well-formed HLC stamp: the same test as `parseHlc`, without building the stamp (the
 * envelope schema runs it on every event a device or the server receives).
 */
export function isHlc(text: string): boolean {
  const m = STAMP_PATTERN.exec(text)
  return m !== null && isValidStamp(m)
}

/** A real calendar date and time of day in a stamp that matched `STAMP_PATTERN`. */
function isValidStamp(m: RegExpExecArray): boolean {
  return (
    isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])) &&
    Number(m[4]) < 24 &&
    Number(m[5]) < 60 &&
    Number(m[6]) < 60
  )
}

/** A device's clock. `send` and `receive` advance it; physical time is passed in, never read. */
export interface Hlc {
  readonly node: string
  /** The latest stamp issued or seen. */
  last(): HlcStamp
  /** A new stamp for a local event at physical time `now` (epoch ms). */
  send(now: number): Result<string, HlcError>
  /** Merges a stamp received from another device; refuses one too far ahead of `now`. */
  receive(remote: string, now: number): Result<string, HlcError>
}

export interface HlcOptions {
  /** Refuse stamps more than this many ms ahead of the physical clock (default 5 minutes). */
  maxDriftMs?: number
  /** Resume from a persisted stamp (e.g. the newest one in the journal). */
  last?: string
}

/** Creates a clock for one device. Throws only if `nodeId` cannot appear in a stamp (a programming error). */
export function createHlc(nodeId: string, options: HlcOptions = {}): Hlc {
  if (!NODE_PATTERN.test(nodeId)) {
    throw new Error(`HLC node id "${nodeId}" is invalid; use 1-64 characters from A-Z a-z 0-9 . _ : ~ -`)
  }
  const maxDrift = options.maxDriftMs ?? HLC_DEFAULT_MAX_DRIFT_MS
  let state: HlcStamp = { millis: 0, counter: 0, node: nodeId }
  if (options.last !== undefined) {
    const parsed = parseHlc(options.last)
    if (parsed.ok) state = { millis: parsed.value.millis, counter: parsed.value.counter, node: nodeId }
  }

  const advance = (next: HlcStamp, now: number): Result<string, HlcError> => {
    if (next.millis - now > maxDrift) return err(skew(next.millis - now, maxDrift))
    if (next.counter > HLC_MAX_COUNTER) {
      return err({
        code: 'hlc-counter-overflow',
        message: `more than ${HLC_MAX_COUNTER + 1} stamps in one logical millisecond; wait for the clock to move on`,
      })
    }
    state = next
    return ok(formatHlc(next))
  }

  return {
    node: nodeId,
    last: () => state,
    send(now) {
      const millis = Math.max(state.millis, now)
      return advance({ millis, counter: millis === state.millis ? state.counter + 1 : 0, node: nodeId }, now)
    },
    receive(remote, now) {
      const parsed = parseHlc(remote)
      if (!parsed.ok) return parsed
      const r = parsed.value
      if (r.millis - now > maxDrift) return err(skew(r.millis - now, maxDrift))
      const millis = Math.max(state.millis, r.millis, now)
      let counter = 0
      if (millis === state.millis && millis === r.millis) counter = Math.max(state.counter, r.counter) + 1
      else if (millis === state.millis) counter = state.counter + 1
      else if (millis === r.millis) counter = r.counter + 1
      return advance({ millis, counter, node: nodeId }, now)
    },
  }
}

function skew(skewMs: number, maxDrift: number): HlcError {
  return {
    code: 'hlc-clock-skew',
    skewMs,
    message: `a clock stamp is ${Math.round(skewMs / 1000)} s ahead of this device's clock (at most ${Math.round(maxDrift / 1000)} s is accepted); check the date and time settings of both devices`,
  }
}
