// `npm test`: installs exactly what is locked, builds, then runs every check and every test — lint, types,
// unit, property, integration with a real sync server, and browser tests in a real Chromium — and ends with
// one plain `N passed, N failed` line (what CI reads).
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { ensureChromium } from './lib/chromium.mjs'
import { ensurePnpm, installWorkspace, log, root, run } from './lib/pnpm.mjs'

const pnpm = ensurePnpm()
installWorkspace(pnpm)
const chromium = ensureChromium()
log(`Chromium: ${chromium}`)

let passed = 0
let failed = 0
const failures = []
function check(name, ok) {
  if (ok) passed++
  else {
    failed++
    failures.push(name)
  }
}

// Build first: the sync server's integration tests and the browser tests run the built artefacts.
const built = run(pnpm, ['run', 'build'], { allowFail: true })
check('build (tsc -b of every library, vite build of the PWA)', built)
check('lint and format (biome check)', run(pnpm, ['exec', 'biome', 'check', '.'], { allowFail: true }))
check('typecheck of the PWA', run(pnpm, ['--filter', '@dak/pwa', 'run', 'typecheck'], { allowFail: true }))

// Unit, property and integration tests (vitest).
const vitestJson = join(root, '.vitest-results.json')
rmSync(vitestJson, { force: true })
const vitestOk = run(
  pnpm,
  ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${vitestJson}`],
  { allowFail: true },
)
if (existsSync(vitestJson)) {
  const r = JSON.parse(readFileSync(vitestJson, 'utf8'))
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)
  passed += r.numPassedTests
  failed += r.numFailedTests + skipped
  if (r.numFailedTests) failures.push(`${r.numFailedTests} vitest test(s)`)
  if (skipped) failures.push(`${skipped} vitest test(s) skipped or todo — skipping is not allowed`)
  // A file that fails to load reports no tests; count it.
  const brokenFiles = (r.testResults ?? []).filter(
    (f) => f.status === 'failed' && f.assertionResults.length === 0,
  )
  failed += brokenFiles.length
  for (const f of brokenFiles) failures.push(`test file failed to load: ${f.name}`)
  // Unhandled errors fail the run without failing a test: count them too.
  if (!vitestOk && r.numFailedTests === 0 && brokenFiles.length === 0)
    check('vitest run without errors', false)
} else {
  check('vitest produced its results file', false)
}

// Browser tests (Playwright driving Debian's Chromium against the built PWA and a real sync server).
const pwConfig = join(root, 'apps/pwa/playwright.config.ts')
const pwJson = join(root, 'apps/pwa/test-results/results.json')
if (!existsSync(pwConfig)) {
  check('browser tests exist (apps/pwa/playwright.config.ts)', false)
} else {
  rmSync(pwJson, { force: true })
  const pwOk = run(pnpm, ['--filter', '@dak/pwa', 'exec', 'playwright', 'test'], {
    allowFail: true,
    env: { CHROME_PATH: chromium, CI: '1' },
  })
  if (existsSync(pwJson)) {
    const s = JSON.parse(readFileSync(pwJson, 'utf8')).stats
    passed += s.expected + (s.flaky ?? 0)
    failed += s.unexpected + (s.skipped ?? 0)
    if (s.unexpected) failures.push(`${s.unexpected} browser test(s)`)
    if (s.skipped) failures.push(`${s.skipped} browser test(s) skipped — skipping is not allowed`)
    // A global error (web server, config) can end the run with no test counted as failed.
    if (!pwOk && s.unexpected === 0) check('playwright run without global errors', false)
    if (s.expected + (s.flaky ?? 0) === 0) check('browser tests ran', false)
  } else {
    check('playwright produced its results file', false)
  }
}

if (failures.length) {
  process.stdout.write('\nFailed:\n')
  for (const f of failures) process.stdout.write(`  - ${f}\n`)
}
process.stdout.write(`\n${passed} passed, ${failed} failed\n`)
process.exit(failed === 0 && passed > 0 ? 0 : 1)
