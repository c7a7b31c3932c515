/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) for simulations: the same seed gives the same run on
 * every machine, so a failing seed can be replayed.
 */

/** A seeded random source. */
export interface Prng {
  readonly seed: number
  /** Uniform float in [0, 1). */
  next(): number
  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number
  /** True with probability `p`. */
  chance(p: number): boolean
  /** A uniformly chosen element; throws on an empty array (a caller bug). */
  pick<T>(items: readonly T[]): T
  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[]
  /** `n` random bytes; suits `RandomBytes` for ids. */
  bytes(n: number): Uint8Array
  /** An independent generator derived from this one (for a device, a network…). */
  fork(): Prng
}

function splitmix32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x9e3779b9) >>> 0
    let t = a ^ (a >>> 16)
    t = Math.imul(t, 0x21f0aaad)
    t ^= t >>> 15
    t = Math.imul(t, 0x735a2d97)
    return (t ^ (t >>> 15)) >>> 0
  }
}

/** Creates a generator from a 32-bit seed. */
export function createPrng(seed: number): Prng {
  const init = splitmix32(seed)
  let a = init()
  let b = init()
  let c = init()
  let d = init()
  const u32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) >>> 0
    return t
  }
  for (let i = 0; i < 12; i++) u32()
  const prng: Prng = {
    seed,
    next: () => u32() / 4294967296,
    int: (min, max) => min + Math.floor((u32() / 4294967296) * (max - min + 1)),
    chance: (p) => u32() / 4294967296 < p,
    pick(items) {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[Math.floor((u32() / 4294967296) * items.length)]!
    },
    shuffle(items) {
      const out = [...items]
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor((u32() / 4294967296) * (i + 1))
        const t = out[i]!
        out[i] = out[j]!
        out[j] = t
      }
      return out
    },
    bytes(n) {
      const out = new Uint8Array(n)
      for (let i = 0; i < n; i++) out[i] = u32() & 0xff
      return out
    },
    fork: () => createPrng(u32()),
  }
  return prng
}
