/**
 * Reads `docs/openapi.json` and checks values against its schemas, for the tests that keep the document true
 * (this package's `openapi.test.ts` and the PWA's `server/demo-routes.test.ts`).
 *
 * Only a small subset of JSON Schema is implemented, and `schemaKeywordErrors` refuses every other keyword, so
 * the document cannot start using one that these tests would silently ignore. To use a new keyword, implement
 * it in `validate` and add it to `KEYWORDS`.
 */
import { readFileSync } from 'node:fs'

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type Obj = { [key: string]: Json }

/** The keywords `validate` implements (annotations included). */
const KEYWORDS = new Set([
  '$ref',
  'type',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'description',
])
const TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean', 'null'])
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

/** The document. */
export function loadOpenApi(): Obj {
  const doc = JSON.parse(readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8')) as Json
  if (!isObj(doc)) throw new Error('docs/openapi.json is not a JSON object')
  return doc
}

export function isObj(v: Json | undefined): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Follows a local `$ref` (`#/a/b/c`), failing loudly when it points nowhere. */
export function resolveRef(doc: Obj, ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`)
  let at: Json | undefined = doc
  for (const part of ref.slice(2).split('/')) {
    const key = part.replaceAll('~1', '/').replaceAll('~0', '~')
    at = isObj(at) ? at[key] : undefined
    if (at === undefined) throw new Error(`$ref ${ref} points nowhere`)
  }
  return at as Json
}

/** Follows `$ref`s until an object without one (for parameters, responses, headers). */
export function deref(doc: Obj, v: Json | undefined): Obj {
  let at = v
  for (let i = 0; i < 10 && isObj(at) && typeof at.$ref === 'string'; i++) at = resolveRef(doc, at.$ref)
  if (!isObj(at)) throw new Error(`expected an object, got ${JSON.stringify(v)}`)
  return at
}

/** Every schema in the document, with where it is: component schemas and every `schema` field. */
export function schemasIn(doc: Obj): { at: string; schema: Json }[] {
  const found: { at: string; schema: Json }[] = []
  const walk = (v: Json, at: string): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        walk(x, `${at}/${i}`)
      })
      return
    }
    if (!isObj(v)) return
    for (const [k, x] of Object.entries(v)) {
      if (k === 'schema') found.push({ at: `${at}/schema`, schema: x })
      else if (k === 'schemas' && at === '#/components') {
        if (!isObj(x)) throw new Error('components.schemas is not an object')
        for (const [name, s] of Object.entries(x)) found.push({ at: `${at}/schemas/${name}`, schema: s })
      } else walk(x, `${at}/${k}`)
    }
  }
  walk(doc, '#')
  return found
}

/** What is wrong with a schema's keywords (unknown keywords, or values this checker cannot use). */
export function schemaKeywordErrors(schema: Json, at: string): string[] {
  if (!isObj(schema)) return [`${at}: a schema must be an object`]
  const errors: string[] = []
  for (const [k, v] of Object.entries(schema)) {
    const here = `${at}/${k}`
    if (!KEYWORDS.has(k)) {
      errors.push(`${here}: keyword "${k}" is not implemented by test/openapi-schema.ts`)
      continue
    }
    if (k === 'type') {
      const types = Array.isArray(v) ? v : [v]
      if (types.length === 0 || !types.every((t) => typeof t === 'string' && TYPES.has(t)))
        errors.push(`${here}: unknown type ${JSON.stringify(v)}`)
    } else if (k === 'required') {
      if (!Array.isArray(v) || !v.every((r) => typeof r === 'string'))
        errors.push(`${here}: not a string list`)
    } else if (k === 'properties') {
      if (!isObj(v)) errors.push(`${here}: not an object`)
      else for (const [p, s] of Object.entries(v)) errors.push(...schemaKeywordErrors(s, `${here}/${p}`))
    } else if (k === 'additionalProperties') {
      if (v !== false) errors.push(`${here}: only "additionalProperties": false is supported`)
    } else if (k === 'items') errors.push(...schemaKeywordErrors(v, here))
    else if (k === 'enum') {
      if (!Array.isArray(v) || v.some((e) => typeof e === 'object' && e !== null))
        errors.push(`${here}: enum must list primitive values`)
    } else if (k === 'pattern') {
      try {
        new RegExp(String(v), 'u')
      } catch {
        errors.push(`${here}: not a valid regular expression`)
      }
    } else if (k === 'minLength' || k === 'maxLength' || k === 'minimum') {
      if (typeof v !== 'number') errors.push(`${here}: not a number`)
    } else if (k === '$ref' || k === 'description') {
      if (typeof v !== 'string') errors.push(`${here}: not a string`)
    }
  }
  return errors
}

/** Checks `value` against `schema` (refs resolved in `doc`); returns what does not match, empty when it does. */
export function validate(doc: Obj, schema: Json, value: Json, at = '$'): string[] {
  if (!isObj(schema)) return [`${at}: bad schema`]
  const errors: string[] = []
  if (typeof schema.$ref === 'string') errors.push(...validate(doc, resolveRef(doc, schema.$ref), value, at))
  if (schema.type !== undefined) {
    const types = (Array.isArray(schema.type) ? schema.type : [schema.type]) as string[]
    if (!types.some((t) => hasType(value, t))) {
      return [...errors, `${at}: expected ${types.join(' or ')}, got ${JSON.stringify(value)}`]
    }
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value))
    errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`)
  if (typeof value === 'string') {
    const length = [...value].length
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value))
      errors.push(`${at}: ${JSON.stringify(value)} does not match ${schema.pattern}`)
    if (typeof schema.minLength === 'number' && length < schema.minLength)
      errors.push(`${at}: shorter than ${schema.minLength}`)
    if (typeof schema.maxLength === 'number' && length > schema.maxLength)
      errors.push(`${at}: longer than ${schema.maxLength}`)
  }
  if (typeof value === 'number' && typeof schema.minimum === 'number' && value < schema.minimum)
    errors.push(`${at}: ${value} is below ${schema.minimum}`)
  if (Array.isArray(value) && schema.items !== undefined)
    value.forEach((x, i) => {
      errors.push(...validate(doc, schema.items as Json, x, `${at}[${i}]`))
    })
  if (isObj(value)) {
    const props = isObj(schema.properties) ? schema.properties : {}
    for (const r of Array.isArray(schema.required) ? schema.required : [])
      if (!(String(r) in value)) errors.push(`${at}: "${r}" is required`)
    for (const [k, x] of Object.entries(value)) {
      const s = props[k]
      if (s !== undefined) errors.push(...validate(doc, s, x, `${at}.${k}`))
      else if (schema.additionalProperties === false) errors.push(`${at}: "${k}" is not a documented field`)
    }
  }
  return errors
}

function hasType(v: Json, t: string): boolean {
  switch (t) {
    case 'object':
      return isObj(v)
    case 'array':
      return Array.isArray(v)
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v)
    case 'null':
      return v === null
    default:
      return typeof v === t
  }
}

/** The operation at `path` / `method` of the document, or a thrown error naming what is missing. */
export function operation(doc: Obj, path: string, method: string): Obj {
  const item = deref(doc, deref(doc, doc.paths)[path])
  const op = item[method]
  if (!isObj(op)) throw new Error(`the document has no ${method.toUpperCase()} ${path}`)
  return op
}

/** A response as received. `body` is the parsed JSON when the content type is JSON. */
export interface Received {
  readonly status: number
  readonly headers: Headers
  readonly body?: Json
}

/**
 * What about `res` the document does not say: an undocumented status, a content type not listed for it, a
 * JSON body outside its schema, a header value outside its documented enum.
 */
export function responseErrors(doc: Obj, path: string, method: string, res: Received): string[] {
  const where = `${method.toUpperCase()} ${path} → ${res.status}`
  const responses = deref(doc, operation(doc, path, method).responses)
  const documented = responses[String(res.status)]
  if (documented === undefined) return [`${where}: status not documented`]
  const r = deref(doc, documented)
  const errors: string[] = []
  const type = res.headers.get('content-type')
  const essence = type?.split(';')[0]?.trim().toLowerCase()
  const content = isObj(r.content) ? r.content : null
  if (content && (!essence || !(essence in content)))
    errors.push(`${where}: content type ${type} not documented (${Object.keys(content).join(', ')})`)
  if (!content && res.status !== 101 && essence && res.headers.get('content-length') !== '0')
    errors.push(`${where}: documented without a body, got ${type}`)
  const media = content && essence ? content[essence] : undefined
  if (res.body !== undefined) {
    if (!isObj(media) || media.schema === undefined) errors.push(`${where}: no schema for the JSON body`)
    else errors.push(...validate(doc, media.schema, res.body).map((e) => `${where}: ${e}`))
  }
  for (const [name, h] of Object.entries(isObj(r.headers) ? r.headers : {})) {
    const schema = deref(doc, h).schema
    const value = res.headers.get(name)
    if (value !== null && isObj(schema) && Array.isArray(schema.enum) && !schema.enum.includes(value))
      errors.push(`${where}: header ${name}: ${value} is not one of ${JSON.stringify(schema.enum)}`)
  }
  return errors
}

/** Fetches and reads the body as JSON when the response says it is JSON. */
export async function receive(url: string, init?: RequestInit): Promise<Received & { text: string }> {
  const res = await fetch(url, init)
  const text = await res.text()
  const json = /^application\/json\b/.test(res.headers.get('content-type') ?? '')
  return {
    status: res.status,
    headers: res.headers,
    text,
    ...(json ? { body: JSON.parse(text) as Json } : {}),
  }
}
