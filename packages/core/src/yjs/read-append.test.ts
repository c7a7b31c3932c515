import { fc, it as fcIt } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { generateHistory } from '../testing/history.ts'
import { createTestKernel, testGenerators } from '../testing/test-kernel.ts'
import { inspectUpdate } from './inspect-update.ts'
import { readAppendUpdate } from './read-append.ts'

const SEED = Number(process.env.FC_SEED ?? 20261130)

/** What Yjs itself decodes: the entries when every struct is a plain new map entry, else null. */
function oracle(update: Uint8Array): ReturnType<typeof readAppendUpdate> {
  const { structs, ds } = Y.decodeUpdate(update)
  if (ds.clients.size > 0) return null
  const out = []
  for (const s of structs) {
    if (!(s instanceof Y.Item)) return null
    const c = s.content
    if (s.origin !== null || s.rightOrigin !== null || s.parentSub === null) return null
    if (typeof (s.parent as unknown) !== 'string' || !(c instanceof Y.ContentAny) || c.arr.length !== 1)
      return null
    out.push({
      client: s.id.client,
      clock: s.id.clock,
      map: s.parent as unknown as string,
      key: s.parentSub,
      value: c.arr[0],
    })
  }
  return out
}

/** Every update a document emits while `ops` run on it, one transaction per op. */
function updatesOf(doc: Y.Doc, ops: ((d: Y.Doc) => void)[]): Uint8Array[] {
  const out: Uint8Array[] = []
  const take = (u: Uint8Array) => out.push(u)
  doc.on('update', take)
  for (const op of ops) doc.transact(() => op(doc))
  doc.off('update', take)
  return out
}

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '\uFEFFbom first',
    'a\uFEFF',
    'नांदयाल',
    '€',
    'x'.repeat(64),
    'y'.repeat(65),
    'é'.repeat(70),
  ),
)
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer(),
    fc.double(),
    fc.float(),
    fc.boolean(),
    fc.constant(null),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    fc.uint8Array({ maxLength: 8 }),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(text, tie('v'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).v
// Yjs refuses a bigint as a whole map value (inside objects and arrays it is fine), and stores a Uint8Array
// set directly as binary content, not as a JSON value
const mapValue = value.filter((v) => typeof v !== 'bigint')
const entryValue = mapValue.filter((v) => !(v instanceof Uint8Array))

/** Journal-like operations, including every shape the fast reader must leave to Yjs. */
const op: fc.Arbitrary<(d: Y.Doc) => void> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.tuple(text, value).map(
      ([k, v]) =>
        (d: Y.Doc) =>
          d.getMap('events').set(k, v),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(text, value).map(
      ([k, v]) =>
        (d: Y.Doc) =>
          d.getMap('other').set(k, v),
    ),
  },
  { weight: 1, arbitrary: text.map((k) => (d: Y.Doc) => d.getMap('events').delete(k)) },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => (d: Y.Doc) => d.getArray('list').push([v, v])) },
  { weight: 1, arbitrary: text.map((s) => (d: Y.Doc) => d.getText('t').insert(0, s)) },
  { weight: 1, arbitrary: text.map((k) => (d: Y.Doc) => d.getMap('events').set(k, new Y.Map())) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(text, fc.array(value, { minLength: 2, maxLength: 3 }))
      .map(([k, vs]) => (d: Y.Doc) => {
        for (const v of vs) d.getMap('events').set(k, v)
      }),
  },
)

describe('readAppendUpdate', () => {
  fcIt.prop([fc.array(op, { minLength: 1, maxLength: 12 }), fc.boolean()], { seed: SEED, numRuns: 300 })(
    'reads exactly what Yjs decodes for a plain append, and nothing else',
    (ops, merged) => {
      const updates = updatesOf(new Y.Doc(), ops)
      for (const u of merged ? [Y.mergeUpdates(updates)] : updates) {
        expect(readAppendUpdate(u)).toStrictEqual(oracle(u))
      }
    },
  )

  fcIt.prop(
    [fc.array(fc.tuple(text, entryValue), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 3 })],
    {
      seed: SEED,
      numRuns: 200,
    },
  )('reads appends from several Yjs clients in one update', (entries, writers) => {
    const docs = Array.from({ length: writers }, () => new Y.Doc())
    entries.forEach(([k, v], i) => {
      docs[i % writers]!.getMap('events').set(`${i}-${k}`, v)
    })
    const u = Y.mergeUpdates(docs.map((d) => Y.encodeStateAsUpdate(d)))
    const read = readAppendUpdate(u)
    expect(read).toStrictEqual(oracle(u))
    expect(read).toHaveLength(entries.length)
  })

  it('leaves truncated, trailing and v2 bytes to Yjs', () => {
    const d = new Y.Doc()
    d.getMap('events').set('k', { id: 'k' })
    const u = Y.encodeStateAsUpdate(d)
    expect(readAppendUpdate(u)).toHaveLength(1)
    for (let n = 0; n < u.length; n++) expect(readAppendUpdate(u.subarray(0, n))).toBeNull()
    expect(readAppendUpdate(new Uint8Array([...u, 0]))).toBeNull()
    expect(readAppendUpdate(Y.encodeStateAsUpdateV2(d))).toBeNull()
    expect(readAppendUpdate(new Uint8Array([0, 0]))).toEqual([])
  })
})

describe('inspectUpdate reads appends in one pass and decides as the Yjs decoding does', () => {
  const kernel = createTestKernel()
  const history = generateHistory({ kernel, generators: testGenerators(kernel), seed: 7, steps: 80 }).events
  const validate = kernel.parseEvent

  /** The same update, inspected through the v2 path (always decoded by Yjs): the oracle. */
  const slow = (doc: Y.Doc, u: Uint8Array) =>
    inspectUpdate(doc, Y.convertUpdateFormatV1ToV2(u), { validate, updateFormat: 'v2' })

  const mutation = fc.constantFrom('none', 'reuse-key', 'bad-event', 'other-map', 'id-mismatch', 'known')
  fcIt.prop([fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 6 }), mutation], {
    seed: SEED,
    numRuns: 300,
  })('same result and same events as the decoded path', (held, count, how) => {
    const server = new Y.Doc()
    for (const e of history.slice(0, held)) server.getMap('events').set(e.id, e)
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
    const before = Y.encodeStateVector(client)
    const fresh = history.slice(held, held + count)
    const writer = new Y.Doc() // a device's own Yjs client, which never saw the server's entries
    for (const e of fresh) writer.getMap('events').set(e.id, e)
    if (how === 'reuse-key' && held > 0) writer.getMap('events').set(history[0]!.id, history[0])
    if (how === 'bad-event') writer.getMap('events').set('broken', { id: 'broken' })
    if (how === 'other-map') writer.getMap('notes').set('x', 1)
    if (how === 'id-mismatch' && fresh[0]) writer.getMap('events').set('not-its-id', fresh[0])
    Y.applyUpdate(client, Y.encodeStateAsUpdate(writer))
    const u = Y.encodeStateAsUpdate(client, before)
    if (how === 'known') Y.applyUpdate(server, Y.encodeStateAsUpdate(writer))
    const fast = inspectUpdate(server, u, { validate })
    expect(fast).toStrictEqual(slow(server, u))
  })
})
