import { DigipinError, toGeoJSON } from '../index.ts'
import { csvField, csvFields, lines } from './lines.ts'

/** Where the CLI reads and writes; injected so tests run it without a process. */
export interface CliIO {
  stdin: AsyncIterable<string>
  stdout: { write(s: string): unknown }
  stderr: { write(s: string): unknown }
}

/** Output formats of the CLI. */
export type Format = 'text' | 'csv' | 'ndjson' | 'geojson'

/** Exit codes: 0 all good, 1 some input was not valid, 2 the command line itself was wrong. */
export const EXIT = { ok: 0, invalidInput: 1, usage: 2 } as const

/** One record: a CSV row by column name, or an NDJSON object. */
export type Row = Record<string, unknown>

/** A CSV row keyed by its header, plus lowercase aliases so `Lat` and `LAT` are found as `lat`. */
function csvRecord(fields: string[], header: string[]): Row {
  const rec: Row = {}
  fields.forEach((v, i) => {
    const name = header[i] ?? `col${i}`
    rec[name] = v
    rec[name.toLowerCase()] ??= v
  })
  return rec
}

const KNOWN_COLUMNS = ['lat', 'latitude', 'lon', 'lng', 'longitude', 'digipin', 'code', 'input']

/** Writes whole results (from command-line arguments) in a format. */
export function write(
  io: CliIO,
  format: Format,
  rows: Row[],
  cols: string[],
  single?: string,
  text?: (r: Row) => string,
): void {
  if (format === 'text' && single !== undefined) {
    io.stdout.write(`${single}\n`)
    return
  }
  if (format === 'geojson') {
    io.stdout.write(`${JSON.stringify(toGeoJSON(rows.map((r) => String(r.digipin))))}\n`)
    return
  }
  if (format === 'csv') io.stdout.write(`${cols.join(',')}\n`)
  for (const r of rows) io.stdout.write(`${line(format, r, cols, text)}\n`)
}

function line(format: Format, r: Row, cols: string[], text?: (r: Row) => string): string {
  if (format === 'ndjson') return JSON.stringify(r)
  if (format === 'csv') return cols.map((c) => csvField(r[c])).join(',')
  return text ? text(r) : String(r.digipin)
}

/**
 * Streams stdin records (CSV or NDJSON, detected from the first non-empty line) through `fn`, writing each
 * result as it goes. A bad record is reported on stderr with its line number and skipped.
 */
export async function records(
  io: CliIO,
  requested: Format | undefined,
  cols: string[],
  fn: (r: Row) => Row,
  text: (r: Row) => string,
): Promise<number> {
  let kind: 'csv' | 'ndjson' | undefined
  let header: string[] | undefined
  let format: Format | undefined = requested
  let n = 0
  let bad = 0
  const features: string[] = []
  let outCols = cols
  for await (const raw of lines(io.stdin)) {
    n++
    if (raw.trim() === '') continue
    if (kind === undefined) {
      kind = raw.trimStart().startsWith('{') ? 'ndjson' : 'csv'
      format ??= kind
      let named = false
      if (kind === 'csv') {
        const original = csvFields(raw)
        const f = original.map((s) => s.toLowerCase())
        named = f.some((s) => KNOWN_COLUMNS.includes(s))
        header = named ? original : f.length >= 2 ? ['lat', 'lon'] : ['digipin']
        // a CSV with its own header keeps every input column, then adds ours
        if (named) outCols = [...original, ...cols.filter((c) => !f.includes(c.toLowerCase()))]
      }
      if (format === 'csv') io.stdout.write(`${outCols.join(',')}\n`)
      if (named) continue
    }
    let rec: Row
    try {
      rec = kind === 'ndjson' ? (JSON.parse(raw) as Row) : csvRecord(csvFields(raw), header ?? [])
      if (rec === null || typeof rec !== 'object' || Array.isArray(rec))
        throw new DigipinError({
          code: 'invalid-argument',
          message: 'each NDJSON line must be a JSON object',
        })
      const out = fn(rec)
      if (format === 'geojson') features.push(String(out.digipin))
      else io.stdout.write(`${line(format!, out, outCols, text)}\n`)
    } catch (e) {
      if (!(e instanceof DigipinError) && !(e instanceof SyntaxError)) throw e
      io.stderr.write(`digipin: line ${n}: ${e.message}\n`)
      bad++
    }
  }
  if (format === 'geojson') io.stdout.write(`${JSON.stringify(toGeoJSON(features))}\n`)
  return bad ? EXIT.invalidInput : EXIT.ok
}
