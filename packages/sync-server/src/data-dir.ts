/** The data directory: `secret` (the token signing key, created on first start, mode 0600) and `db/`. */
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Reads the token secret from `dir/secret`, creating the directory and a 32-byte secret if missing. */
export function loadOrCreateSecret(dir: string): Uint8Array {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const file = join(dir, 'secret')
  try {
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  const hex = readFileSync(file, 'utf8').trim()
  if (!/^[0-9a-f]{64,}$/.test(hex)) {
    throw new Error(`${file} must hold at least 32 bytes as hex; delete it to generate a new one`)
  }
  return Buffer.from(hex, 'hex')
}

/** Where the embedded database lives inside the data directory. */
export function dbDir(dir: string): string {
  return join(dir, 'db')
}
