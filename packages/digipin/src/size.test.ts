import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

/** Bundles `import { names } from './src/index.ts'` the way an app's bundler would; returns the minified code. */
async function bundle(names: string[]): Promise<string> {
  const result = await build({
    stdin: {
      contents: `export { ${names.join(', ')} } from './src/index.ts'`,
      resolveDir: new URL('..', import.meta.url).pathname,
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
  })
  return result.outputFiles[0]!.text
}
const gz = (s: string): number => gzipSync(s, { level: 9 }).length

describe('bundle size', () => {
  it('the core (encode, decode, isValid) is under 2 kB min+gzip', async () => {
    const core = await bundle(['encode', 'decode', 'isValid'])
    expect(gz(core)).toBeLessThan(2048)
  })

  it('importing encode alone pulls in no parsing, geometry, polyfill or suggestion code', async () => {
    const enc = await bundle(['encode'])
    const all = await bundle([
      'encode',
      'decode',
      'isValid',
      'parse',
      'neighbours',
      'neighbour',
      'ring',
      'polyfill',
      'toGeoJSON',
      'suggest',
      'extract',
      'encodeBatch',
      'decodeBatch',
      'distance',
    ])
    // strings that exist only in those modules survive minification, so their absence proves tree-shaking
    for (const marker of [
      'too-many-cells',
      'FeatureCollection',
      'Unknown direction',
      'not-a-string',
      'beta',
    ]) {
      expect(all.includes(marker), marker).toBe(true)
      expect(enc.includes(marker), marker).toBe(false)
    }
    expect(gz(enc) * 3).toBeLessThan(gz(all))
    expect(gz(enc)).toBeLessThan(1200)
  })

  it('uses no Node-only or DOM API outside the CLI, so it runs in browsers, workers and service workers', async () => {
    const all = await bundle([
      'encode',
      'decode',
      'bounds',
      'isValid',
      'parse',
      'normalize',
      'format',
      'parent',
      'children',
      'contains',
      'neighbour',
      'neighbours',
      'ring',
      'disk',
      'distance',
      'bearing',
      'cellSize',
      'toGeoJSON',
      'polyfill',
      'extract',
      'suggest',
      'encodeBatch',
      'decodeBatch',
    ])
    for (const name of [
      'process',
      'require(',
      'Buffer',
      'node:',
      'window',
      'document',
      'globalThis',
      'TextDecoder',
    ]) {
      expect(all.includes(name), name).toBe(false)
    }
  })
})
