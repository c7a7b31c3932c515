import { readFileSync } from 'node:fs'
import preact from '@preact/preset-vite'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

// Workspace packages resolve to their TypeScript source through the `@dak/source` export condition (first, so it
// wins), in both the client and the ssr environments; the app is built from source with no library build.
const conditions = ['@dak/source', 'module', 'browser', 'import', 'default']

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string
}

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@dak/source'] } },
  build: {
    target: 'es2022',
    sourcemap: false,
    assetsInlineLimit: 0,
    rolldownOptions: {
      output: {
        // Everything the first load needs in one chunk: left to itself the bundler cuts it into a dozen pieces
        // around the modules that lazy chunks share with it (about 1 kB more gzip, and more requests). Lazy
        // screens, the sync connection and the Hindi catalogue still load on demand.
        codeSplitting: { groups: [{ name: 'start', tags: ['$initial'] }] },
      },
    },
  },
  plugins: [
    preact(),
    VitePWA({
      // An update prompt, never a silent reload in the middle of a transaction.
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/*.png', 'favicon.svg'],
      manifest: {
        id: '/',
        name: 'Dak — post office day',
        short_name: 'Dak',
        description:
          'The post office day, offline first: Day Begin, booking, bags, cash, Close Account, Day End.',
        lang: 'hi-IN',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#b71c1c',
        background_color: '#ffffff',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,png,svg,woff2,wasm,webmanifest}'],
        // The zxing reader wasm is about 1.1 MB; the default 2 MiB cap would be enough, but leave headroom.
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/sync/, /^\/api/, /^\/healthz/, /^\/metrics/],
        cleanupOutdatedCaches: true,
        // The first service worker takes control of the page that installed it, so the screens and the Hindi
        // catalogue that load on demand come from the precache even if the network drops during the first visit.
        // An update still waits for the prompt (no skipWaiting), so this never swaps code mid-transaction.
        clientsClaim: true,
      },
    }),
  ],
})
