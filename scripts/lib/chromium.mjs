// Finds Chromium for the browser tests; installs Debian's package when root with apt, else says how.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fail, log } from './pnpm.mjs'

export function ensureChromium() {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    Boolean,
  )
  const found = candidates.find((p) => existsSync(p))
  if (found) return found
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0
  if (isRoot && hasApt) {
    log('Chromium not found: installing Debian packages chromium and fonts-noto-core (for Devanagari)')
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    const r = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-core'], {
      stdio: 'inherit',
      env,
    })
    if (r.status === 0 && existsSync('/usr/bin/chromium')) return '/usr/bin/chromium'
  }
  fail(
    'The browser tests need Chromium and none was found. Install it (Debian/Ubuntu: ' +
      '`sudo apt-get install chromium fonts-noto-core`) or set CHROME_PATH to a Chromium binary, then run the tests again.',
  )
}
