import { defineConfig } from 'vitest/config'

// Workspace packages resolve to their TypeScript source through the `@dak/source` export condition, so tests
// run on source with no build. It must be set for both the client and the ssr (Node) environments.
const conditions = ['@dak/source', 'module', 'import', 'node', 'default']

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@dak/source'] } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'apps/pwa/src/**/*.test.{ts,tsx}',
      'apps/pwa/server/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
