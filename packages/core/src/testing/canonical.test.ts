import { describe, expect, it } from 'vitest'
import { canonicalJson } from './canonical.ts'

describe('canonicalJson', () => {
  it('ignores key, Map and Set insertion order but not values', () => {
    expect(canonicalJson({ b: 1, a: [1, 2] })).toBe(canonicalJson({ a: [1, 2], b: 1 }))
    expect(
      canonicalJson(
        new Map([
          ['x', 1],
          ['y', 2],
        ]),
      ),
    ).toBe(
      canonicalJson(
        new Map([
          ['y', 2],
          ['x', 1],
        ]),
      ),
    )
    expect(canonicalJson(new Set([1, 2]))).toBe(canonicalJson(new Set([2, 1])))
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }))
    expect(canonicalJson({ a: undefined, b: 1 })).toBe(canonicalJson({ b: 1 }))
  })
})
