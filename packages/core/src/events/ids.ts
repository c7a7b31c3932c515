/**
 * Event ids. Core never draws randomness itself: the caller injects a random source (the device's
 * `crypto.getRandomValues`, or a seeded PRNG in tests).
 */

/** Fills a new array with `n` random bytes. */
export type RandomBytes = (n: number) => Uint8Array

/** Ids as event ids and Y.Map keys accept them: 1-128 characters from A-Z a-z 0-9 . _ : ~ -. */
export const ID_PATTERN = /^[A-Za-z0-9._:~-]{1,128}$/

/** True when `id` can be an event id. */
export function isId(id: string): boolean {
  return ID_PATTERN.test(id)
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix ms, then 74 random bits. Ids minted later sort later, which keeps
 * Y.Map keys and indexes roughly in time order; uniqueness comes from the random part.
 */
export function uuidV7(nowMs: number, randomBytes: RandomBytes): string {
  const b = randomBytes(16)
  if (b.length < 16) throw new Error(`random source returned ${b.length} bytes; 16 are needed`)
  let ms = Math.max(0, Math.floor(nowMs))
  for (let i = 5; i >= 0; i--) {
    b[i] = ms % 256
    ms = Math.floor(ms / 256)
  }
  b[6] = 0x70 | (b[6]! & 0x0f)
  b[8] = 0x80 | (b[8]! & 0x3f)
  let s = ''
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += '-'
    s += HEX[b[i]!]
  }
  return s
}

/**
 * A factory of ids for one device: UUIDv7 from the injected clock and random source. Suits
 * `CommandContext.newId`.
 */
export function createIdFactory(now: () => number, randomBytes: RandomBytes): () => string {
  return () => uuidV7(now(), randomBytes)
}

/**
 * Deterministic ids `<device>:<seq>` for a device that keeps a counter (tests, simulations, replays).
 * Unique as long as the device id is unique and the counter is never reused.
 */
export function createSequentialIds(device: string, start = 0): () => string {
  let seq = start
  return () => `${device}:${(seq++).toString(36).padStart(6, '0')}`
}
