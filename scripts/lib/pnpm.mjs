// Finds the pinned pnpm, or installs it with npm (corepack fails on this machine class), and runs it.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1]
const localPrefix = join(homedir(), '.cache', 'dak', `pnpm-${pinned}`)

function versionOf(bin) {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return null
  }
}

/** Returns the path of a pnpm binary at the pinned version, installing it with npm when needed. */
export function ensurePnpm() {
  if (versionOf('pnpm') === pinned) return 'pnpm'
  const local = join(localPrefix, 'node_modules', '.bin', 'pnpm')
  if (existsSync(local) && versionOf(local) === pinned) return local
  log(`installing pnpm ${pinned} with npm (corepack is not used)`)
  const global = spawnSync('npm', ['install', '--global', `pnpm@${pinned}`], { stdio: 'inherit' })
  if (global.status === 0 && versionOf('pnpm') === pinned) return 'pnpm'
  // No permission for a global install: keep a private copy under ~/.cache instead.
  const priv = spawnSync('npm', ['install', '--prefix', localPrefix, `pnpm@${pinned}`], { stdio: 'inherit' })
  if (priv.status === 0 && versionOf(local) === pinned) return local
  fail(`could not install pnpm ${pinned} with npm. Install it yourself (npm i -g pnpm@${pinned}) and retry.`)
}

/** Runs a command in the repository root, streaming its output; exits on failure unless `allowFail`. */
export function run(cmd, args, { allowFail = false, env } = {}) {
  log(`$ ${[cmd, ...args].join(' ')}`)
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  if (r.status !== 0 && !allowFail) fail(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`)
  return r.status === 0
}

export function log(msg) {
  process.stdout.write(`\x1b[36m[dak]\x1b[0m ${msg}\n`)
}

export function fail(msg) {
  process.stderr.write(`\x1b[31m[dak] ${msg}\x1b[0m\n`)
  process.exit(1)
}

/** Installs the workspace exactly as locked. */
export function installWorkspace(pnpm) {
  run(pnpm, ['install', '--frozen-lockfile'])
}
