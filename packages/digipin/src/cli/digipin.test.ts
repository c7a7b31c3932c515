import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { decode, encode, neighbour, polyfill } from '../index.ts'
import { EXIT, main } from './main.ts'

/** Runs the CLI in-process with `stdin` text; returns exit code and what it wrote. */
async function cli(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  async function* input(): AsyncGenerator<string> {
    // two chunks that split a line, as a pipe may deliver
    yield stdin.slice(0, 7)
    yield stdin.slice(7)
  }
  const code = await main(args, {
    stdin: input(),
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
  })
  return { code, out, err }
}

describe('digipin CLI (in-process)', () => {
  it('encodes and decodes from arguments', async () => {
    expect(await cli(['encode', '28.622788', '77.213033'])).toEqual({
      code: 0,
      out: '39J-49L-L8T4\n',
      err: '',
    })
    expect((await cli(['encode', '28.622788', '77.213033', '--precision', '6'])).out).toBe('39J-49L\n')
    expect((await cli(['decode', '39j49ll8t4'])).out).toBe('28.622793,77.213049\n')
    const csv = await cli(['decode', '39J-49L-L8T4', '--format', 'csv', '--bounds'])
    expect(csv.out.split('\n')[0]).toBe('digipin,lat,lon,minLat,maxLat,minLon,maxLon')
    const nd = await cli(['decode', '39J-49L-L8T4', '-f', 'ndjson'])
    expect(JSON.parse(nd.out)).toEqual({ digipin: '39J-49L-L8T4', ...decode('39J-49L-L8T4') })
  })

  it('streams CSV with a header, keeping every column, and reports bad rows with their line', async () => {
    const r = await cli(
      ['encode'],
      'Lat,Lon,name\n28.622788,77.213033,"Dak, Bhawan"\n51,0,london\r\n12.9716,77.5946,blr\n',
    )
    expect(r.out).toBe(
      'Lat,Lon,name,digipin\n28.622788,77.213033,"Dak, Bhawan",39J-49L-L8T4\n12.9716,77.5946,blr,4P3-JK8-52C9\n',
    )
    expect(r.err).toMatch(/line 3: Latitude 51 is outside the DIGIPIN box; accepted: 2.5 to 38.5/)
    expect(r.code).toBe(EXIT.invalidInput)
    const plain = await cli(['encode'], '28.622788,77.213033\n12.9716, 77.5946\n')
    expect(plain.out).toBe(
      'lat,lon,digipin\n28.622788,77.213033,39J-49L-L8T4\n12.9716,77.5946,4P3-JK8-52C9\n',
    )
    // strings are never coerced: hex and empty fields are rejected, not read as numbers
    const hex = await cli(['encode'], 'lat,lon\n0x1C,77\n,77\n')
    expect(hex.code).toBe(EXIT.invalidInput)
    expect(hex.err).toMatch(/line 2: Latitude must be a number/)
    expect(hex.err).toMatch(/line 3: /)
  })

  it('streams NDJSON, keeping other fields, and writes GeoJSON when asked', async () => {
    const r = await cli(['decode'], '{"digipin":"39J-49L-L8T4","id":1}\n\n{"code":"4P3JK852C9"}\nnot json\n')
    const rows = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(rows[0]).toEqual({ digipin: '39J-49L-L8T4', id: 1, ...decode('39J-49L-L8T4') })
    expect(rows[1]).toMatchObject({ digipin: '4P3-JK8-52C9' })
    expect(r.err).toMatch(/line 4: /)
    expect(r.code).toBe(EXIT.invalidInput)
    const g = await cli(['encode', '--format', 'geojson'], '{"lat":28.622788,"lon":77.213033}\n')
    const fc = JSON.parse(g.out)
    expect(fc.type).toBe('FeatureCollection')
    expect(fc.features[0].properties.digipin).toBe('39J-49L-L8T4')
    expect(g.code).toBe(0)
  })

  it('validates, with exit 1 when any code is invalid', async () => {
    expect(await cli(['validate', '39J-49L-L8T4'])).toMatchObject({ code: 0, out: '39J-49L-L8T4\tvalid\n' })
    const bad = await cli(['validate', '39J-49L-L8T4', '39J49LL8TG'])
    expect(bad.code).toBe(EXIT.invalidInput)
    expect(bad.out).toMatch(/39J49LL8TG\tinvalid \(beta-symbol\): .*use C/)
    const nd = await cli(['validate', '--format', 'ndjson'], 'digipin\n39J-49L-L8T4\n39J\nXYZ\n')
    const rows = nd.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(rows.map((x) => x.valid)).toEqual([true, true, false])
    expect(nd.code).toBe(EXIT.invalidInput)
  })

  it('lists neighbours and polyfills a bbox or a GeoJSON polygon on stdin', async () => {
    const n = await cli(['neighbours', '39J-49L-L8T4', '--connectivity', '4'])
    expect(n.out.trim().split('\n')).toHaveLength(4)
    expect(await cli(['neighbours', '39J-49L-L8T4', '--direction', 'ne'])).toMatchObject({
      code: 0,
      out: `${neighbour('39J-49L-L8T4', 'NE')}\n`,
    })
    const edge = await cli(['neighbours', 'FFF-FFF-FFFF', '--direction', 'N'])
    expect(edge.code).toBe(EXIT.invalidInput)
    expect(edge.err).toMatch(/edge of the DIGIPIN box/)
    expect((await cli(['neighbours', '39J', '--direction', 'UP'])).code).toBe(EXIT.usage)
    const bbox = { minLat: 28.6, minLon: 77.2, maxLat: 28.61, maxLon: 77.21 }
    const p = await cli(['polyfill', '--bbox', '28.6,77.2,28.61,77.21', '--precision', '7', '--compact'])
    expect(p.out.trim().split('\n')).toEqual(polyfill(bbox, 7, { compact: true }))
    const poly = {
      type: 'Polygon',
      coordinates: [
        [
          [77.2, 28.6],
          [77.21, 28.6],
          [77.21, 28.61],
          [77.2, 28.6],
        ],
      ],
    }
    const g = await cli(
      ['polyfill', '--precision', '7', '--format', 'geojson'],
      JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: poly }] }),
    )
    expect(JSON.parse(g.out).features.length).toBe(polyfill(poly as never, 7).length)
  })

  it('fails with exit 2 and a clear message on bad usage', async () => {
    for (const args of [
      ['frob'],
      ['encode', '1'],
      ['encode', 'a', 'b'],
      ['decode', '--format', 'xml'],
      ['polyfill'],
      ['encode', '--precision', '11', '20', '80'],
      ['encode', '--wat'],
    ]) {
      const r = await cli(args)
      expect(r.code, args.join(' ')).toBe(EXIT.usage)
      expect(r.err).toMatch(/^digipin: /)
    }
    const range = await cli(['encode', '51.5', '-0.12'])
    expect(range).toMatchObject({ code: EXIT.invalidInput, out: '' })
    expect(range.err).toMatch(/Latitude 51.5 is outside the DIGIPIN box; accepted: 2.5 to 38.5/)
    expect((await cli(['--help'])).out).toMatch(/Usage:/)
    expect((await cli([])).code).toBe(EXIT.usage)
  })
})

describe('digipin CLI (the built bin, spawned)', () => {
  const pkg = fileURLToPath(new URL('../../', import.meta.url))
  const bin = `${pkg}dist/cli/digipin.js`
  beforeAll(() => {
    // build (incremental, a no-op when up to date) so the test runs the file npm would install
    const tsc = fileURLToPath(new URL('../../../../node_modules/typescript/bin/tsc', import.meta.url))
    const b = spawnSync(process.execPath, [tsc, '-b', pkg], { encoding: 'utf8' })
    expect(b.status, b.stdout + b.stderr).toBe(0)
  })

  it('has a shebang and round-trips through a real process with pipes', () => {
    const r = spawnSync(process.execPath, [bin, 'encode'], {
      input: 'lat,lon\n28.622788,77.213033\n',
      encoding: 'utf8',
    })
    expect(r.status).toBe(0)
    expect(r.stdout).toBe(`lat,lon,digipin\n28.622788,77.213033,${encode(28.622788, 77.213033)}\n`)
    const bad = spawnSync(process.execPath, [bin, 'decode', '39J-49L-L8TX'], { encoding: 'utf8' })
    expect(bad.status).toBe(1)
    expect(bad.stderr).toMatch(/beta symbol/)
    const usage = spawnSync(process.execPath, [bin, 'nope'], { encoding: 'utf8' })
    expect(usage.status).toBe(2)
  })
})
