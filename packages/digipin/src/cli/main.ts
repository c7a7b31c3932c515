import {
  type Bounds,
  bounds,
  DigipinError,
  type Direction,
  decode,
  encode,
  neighbour,
  neighbours,
  normalize,
  type PolyfillShape,
  parse,
  polyfill,
  toGeoJSON,
} from '../index.ts'
import { readAll } from './lines.ts'
import { type CliIO, EXIT, type Format, type Row, records, write } from './records.ts'

export type { CliIO } from './records.ts'
export { EXIT } from './records.ts'

export const USAGE = `digipin — India Post DIGIPIN from the command line

Usage:
  digipin encode <lat> <lon> [--precision N]      a point → its DIGIPIN
  digipin decode <code>... [--bounds]             DIGIPIN(s) → cell centre (lat,lon)
  digipin validate <code>...                      exit 1 if any code is invalid
  digipin neighbours <code> [--connectivity 4|8]  the cells around a code
  digipin neighbours <code> --direction N|NE|E|SE|S|SW|W|NW   the one cell that way
  digipin polyfill --bbox minLat,minLon,maxLat,maxLon --precision N [--compact]
  digipin polyfill --precision N [--compact] < polygon.geojson

With no <code> / <lat> <lon> arguments, encode, decode and validate read stdin, one record a line:
  CSV    (a header naming lat/latitude, lon/lng/longitude or digipin/code columns, or plain "lat,lon" / "code")
  NDJSON (one JSON object a line: {"lat":..,"lon":..} or {"digipin":".."}; other fields are kept)
Output: --format text | csv | ndjson | geojson (default: text for arguments, the input's format for stdin).
Exit status: 0 ok, 1 some input was invalid (each reported on stderr with its line), 2 bad usage.`

const DIRECTIONS = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW']

interface Options {
  positional: string[]
  format?: Format
  precision?: number
  connectivity?: 4 | 8
  direction?: Direction
  bbox?: Bounds
  compact: boolean
  bounds: boolean
  help: boolean
}

class UsageError extends Error {}

/** Runs the CLI with the given arguments (without `node` and the script) and streams; returns the exit code. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let opts: Options
  try {
    opts = parseArgs(argv)
  } catch (e) {
    io.stderr.write(`digipin: ${(e as Error).message}\n\n${USAGE}\n`)
    return EXIT.usage
  }
  const [command, ...args] = opts.positional
  if (opts.help || command === undefined || command === 'help') {
    io.stdout.write(`${USAGE}\n`)
    return command === undefined && !opts.help ? EXIT.usage : EXIT.ok
  }
  try {
    switch (command) {
      case 'encode':
        return await encodeCommand(args, opts, io)
      case 'decode':
        return await decodeCommand(args, opts, io)
      case 'validate':
        return await validateCommand(args, opts, io)
      case 'neighbours':
      case 'neighbors':
        return neighboursCommand(args, opts, io)
      case 'polyfill':
        return await polyfillCommand(opts, io)
      default:
        throw new UsageError(
          `unknown command ${JSON.stringify(command)}; commands: encode, decode, validate, neighbours, polyfill`,
        )
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`digipin: ${e.message}\nRun "digipin --help" for usage.\n`)
      return EXIT.usage
    }
    if (e instanceof DigipinError) {
      io.stderr.write(`digipin: ${e.message}\n`)
      return EXIT.invalidInput
    }
    throw e
  }
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { positional: [], compact: false, bounds: false, help: false }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined]
    const value = (): string => {
      const v = inline ?? argv[++i]
      if (v === undefined) throw new UsageError(`${flag} needs a value`)
      return v
    }
    switch (flag) {
      case '-h':
      case '--help':
        o.help = true
        break
      case '--compact':
        o.compact = true
        break
      case '--bounds':
        o.bounds = true
        break
      case '-f':
      case '--format': {
        const v = value()
        if (!['text', 'csv', 'ndjson', 'geojson'].includes(v))
          throw new UsageError(`--format must be text, csv, ndjson or geojson (got ${v})`)
        o.format = v as Format
        break
      }
      case '-p':
      case '--precision': {
        const v = Number(value())
        if (!Number.isInteger(v) || v < 1 || v > 10)
          throw new UsageError('--precision must be an integer from 1 to 10')
        o.precision = v
        break
      }
      case '--connectivity': {
        const v = value()
        if (v !== '4' && v !== '8') throw new UsageError('--connectivity must be 4 or 8')
        o.connectivity = v === '4' ? 4 : 8
        break
      }
      case '--direction': {
        const v = value().toUpperCase()
        if (!DIRECTIONS.includes(v))
          throw new UsageError(`--direction must be one of ${DIRECTIONS.join(', ')}`)
        o.direction = v as Direction
        break
      }
      case '--bbox': {
        const parts = value()
          .split(',')
          .map((s) => Number(s.trim()))
        if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) {
          throw new UsageError('--bbox takes four numbers: minLat,minLon,maxLat,maxLon')
        }
        const [minLat, minLon, maxLat, maxLon] = parts as [number, number, number, number]
        o.bbox = { minLat, minLon, maxLat, maxLon }
        break
      }
      default:
        // negative numbers are positional values, not flags
        if (a.startsWith('-') && Number.isNaN(Number(a))) throw new UsageError(`unknown option ${a}`)
        o.positional.push(a)
    }
  }
  return o
}

/** A number typed by a person: decimal text only, never an empty string or hex coerced by Number(). */
function num(s: string | undefined): number {
  const t = (s ?? '').trim()
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : Number.NaN
}

async function encodeCommand(args: string[], opts: Options, io: CliIO): Promise<number> {
  const p = opts.precision ?? 10
  if (args.length > 0) {
    if (args.length !== 2) throw new UsageError('encode takes <lat> <lon> (or records on stdin)')
    const lat = num(args[0])
    const lon = num(args[1])
    if (Number.isNaN(lat) || Number.isNaN(lon))
      throw new UsageError(`encode needs two decimal numbers, got ${args.join(' ')}`)
    const code = encode(lat, lon, p)
    write(io, opts.format ?? 'text', [{ lat, lon, digipin: code }], ['lat', 'lon', 'digipin'], code)
    return EXIT.ok
  }
  return records(
    io,
    opts.format,
    ['lat', 'lon', 'digipin'],
    (r) => {
      const lat = typeof r.lat === 'number' ? r.lat : num(String(r.lat ?? r.latitude ?? ''))
      const lonRaw = r.lon ?? r.lng ?? r.longitude
      const lon = typeof lonRaw === 'number' ? lonRaw : num(String(lonRaw ?? ''))
      const code = encode(lat, lon, p)
      return { ...r, digipin: code }
    },
    (r) => String(r.digipin),
  )
}

async function decodeCommand(args: string[], opts: Options, io: CliIO): Promise<number> {
  const one = (code: string): Row => {
    const d = decode(code)
    const row: Row = { digipin: normalize(code), lat: d.lat, lon: d.lon }
    if (opts.bounds) Object.assign(row, bounds(code))
    return row
  }
  const cols = opts.bounds
    ? ['digipin', 'lat', 'lon', 'minLat', 'maxLat', 'minLon', 'maxLon']
    : ['digipin', 'lat', 'lon']
  const text = (r: Row): string => `${(r.lat as number).toFixed(6)},${(r.lon as number).toFixed(6)}`
  if (args.length > 0) {
    let bad = 0
    const rows: Row[] = []
    for (const a of args) {
      try {
        rows.push(one(a))
      } catch (e) {
        if (!(e instanceof DigipinError)) throw e
        io.stderr.write(`digipin: ${JSON.stringify(a)}: ${e.message}\n`)
        bad++
      }
    }
    const format = opts.format ?? 'text'
    if (format === 'geojson')
      io.stdout.write(`${JSON.stringify(toGeoJSON(rows.map((r) => String(r.digipin))))}\n`)
    else write(io, format, rows, cols, undefined, text)
    return bad ? EXIT.invalidInput : EXIT.ok
  }
  return records(io, opts.format, cols, (r) => ({ ...r, ...one(String(r.digipin ?? r.code ?? '')) }), text)
}

async function validateCommand(args: string[], opts: Options, io: CliIO): Promise<number> {
  const check = (input: string): Row => {
    const r = parse(input)
    return r.ok
      ? { input, valid: true, digipin: r.code, precision: r.precision }
      : { input, valid: false, error: r.error.code, message: r.error.message }
  }
  const text = (r: Row): string =>
    r.valid ? `${r.digipin}\tvalid` : `${r.input}\tinvalid (${r.error}): ${r.message}`
  const cols = ['input', 'valid', 'digipin', 'precision', 'error', 'message']
  if (args.length > 0) {
    const rows = args.map(check)
    write(io, opts.format ?? 'text', rows, cols, undefined, text)
    return rows.every((r) => r.valid) ? EXIT.ok : EXIT.invalidInput
  }
  let invalid = 0
  const code = await records(
    io,
    opts.format,
    cols,
    (r) => {
      const row = check(String(r.digipin ?? r.code ?? r.input ?? ''))
      if (!row.valid) invalid++
      return row
    },
    text,
  )
  return invalid ? EXIT.invalidInput : code
}

function neighboursCommand(args: string[], opts: Options, io: CliIO): number {
  if (args.length !== 1) throw new UsageError('neighbours takes one <code>')
  if (opts.direction) {
    const cell = neighbour(args[0]!, opts.direction)
    if (cell === null) {
      io.stderr.write(
        `digipin: there is no cell ${opts.direction} of ${args[0]}: it is on the edge of the DIGIPIN box.\n`,
      )
      return EXIT.invalidInput
    }
    cellsOut(io, opts.format ?? 'text', [cell])
    return EXIT.ok
  }
  const cells = neighbours(args[0]!, { connectivity: opts.connectivity ?? 8 })
  cellsOut(io, opts.format ?? 'text', cells)
  return EXIT.ok
}

async function polyfillCommand(opts: Options, io: CliIO): Promise<number> {
  if (opts.precision === undefined) throw new UsageError('polyfill needs --precision N')
  let shape: PolyfillShape
  if (opts.bbox) shape = opts.bbox
  else {
    const text = await readAll(io.stdin)
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      throw new UsageError(
        'polyfill reads a GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection on stdin, or takes --bbox',
      )
    }
    const j = json as { type?: string; features?: PolyfillShape[] }
    shape = j.type === 'FeatureCollection' ? (j.features?.[0] as PolyfillShape) : (json as PolyfillShape)
    if (!shape || typeof shape !== 'object') throw new UsageError('the GeoJSON on stdin holds no polygon')
  }
  cellsOut(io, opts.format ?? 'text', polyfill(shape, opts.precision, { compact: opts.compact }))
  return EXIT.ok
}

function cellsOut(io: CliIO, format: Format, cells: string[]): void {
  if (format === 'geojson') io.stdout.write(`${JSON.stringify(toGeoJSON(cells))}\n`)
  else
    write(
      io,
      format,
      cells.map((digipin) => ({ digipin })),
      ['digipin'],
      undefined,
      (r) => String(r.digipin),
    )
}
