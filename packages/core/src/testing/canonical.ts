/**
 * A canonical JSON text for comparing states across devices: object keys sorted, Map entries and Set members
 * sorted by their own canonical text, `undefined` members dropped. Two states are the same when their canonical
 * texts are equal.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalize(value))
}

function normalize(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return `${value}n`
    return value
  }
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : normalize(v)))
  if (value instanceof Map) {
    const entries = [...value.entries()].map(([k, v]) => [normalize(k), normalize(v)] as const)
    return { $map: entries.sort((x, y) => cmp(JSON.stringify(x[0]), JSON.stringify(y[0]))) }
  }
  if (value instanceof Set) {
    const items = [...value].map((v) => JSON.stringify(normalize(v))).sort(cmp)
    return { $set: items }
  }
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(value).sort(cmp)) {
    const v = (value as Record<string, unknown>)[k]
    if (v !== undefined) out[k] = normalize(v)
  }
  return out
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
