import { describe, expect, it } from 'vitest'
import { compare, stats } from './harness.ts'
import { renderMarkdown } from './report.ts'

describe('bench harness', () => {
  it('computes median, min and max of odd and even runs', () => {
    expect(stats([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, runs: 3 })
    expect(stats([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, runs: 4 })
  })
  it('orients the ratio so above 1 means the subject is better', () => {
    const fast = { median: 10, min: 9, max: 11, runs: 5 }
    const slow = { median: 40, min: 39, max: 41, runs: 5, label: 'naive' }
    expect(compare('t', 'ms', false, fast, slow).ratio).toBe(4)
    expect(compare('o', 'ops/s', true, { ...slow }, { ...fast, label: 'x' }).ratio).toBe(4)
  })
  it('renders a table row per sample with the target verdict', () => {
    const s = compare(
      'encode',
      'ops/s',
      true,
      { median: 1000, min: 900, max: 1100, runs: 5 },
      { median: 100, min: 90, max: 110, runs: 5, label: 'reference' },
      { text: '≥ 10×', met: (x) => (x.ratio ?? 0) >= 10 },
    )
    const md = renderMarkdown([
      {
        name: 'n',
        title: 'T',
        description: 'd',
        samples: [s],
        machine: { cpus: 'c', cores: 2, memoryGiB: 24, node: 'v20', platform: 'linux-x64' },
        date: '2026-11-30T00:00:00Z',
      },
    ])
    expect(md).toContain(
      '| encode | 1,000 ops/s | 900 – 1,100 | reference | 100 ops/s | ×10.00 | ≥ 10× — **met** |',
    )
  })
})
