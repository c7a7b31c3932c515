#!/usr/bin/env node
/**
 * `dak-sync serve --port P --data DIR [--host H] [--static DIR] [--reference FILE] [--no-signatures]` runs the
 * server (device signatures required unless `--no-signatures`, which is for tests and migrations only);
 * `dak-sync token --data DIR --office O --staff S --device D --role R --rooms PATTERN[,PATTERN] [--read-only] [--ttl S]`
 * prints a token signed with the secret in DIR.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { DakEvent } from '@dak/core'
import { issueToken } from './auth/token.ts'
import { loadOrCreateSecret } from './data-dir.ts'
import { createJsonLogger, type LogLevel } from './log.ts'
import { startServer } from './server.ts'

const USAGE = `usage:
  dak-sync serve --port P --data DIR [--host 127.0.0.1] [--static DIR] [--max-message BYTES] [--log-level info]
                 [--reference FILE] [--no-signatures] [--max-joining N]
      --reference FILE  JSON array of reference events (offices, staff, role grants, open enrolments) folded
                        under every office when checking signatures
      --no-signatures   accept events without checking device signatures: tests and migrations only
      --max-joining N   sockets that may wait for their room to load at once (default 4096); more are told
                        to retry (close 1013), which the stock client does with back-off
  dak-sync token --data DIR --office O --staff S --device D --role R --rooms PATTERN[,PATTERN…] [--read-only] [--ttl SECONDS]
`

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === 'serve') return serve(rest)
  if (command === 'token') return token(rest)
  process.stderr.write(USAGE)
  return command === undefined || command === '--help' ? 0 : 2
}

async function serve(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '4444' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string' },
      static: { type: 'string' },
      'max-message': { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
      reference: { type: 'string' },
      'no-signatures': { type: 'boolean', default: false },
      'max-joining': { type: 'string' },
    },
  })
  if (!values.data) return usage('serve needs --data DIR (created if missing)')
  let reference: readonly DakEvent[] | null = null
  if (values.reference) {
    const read = readReference(values.reference)
    if (typeof read === 'string') return usage(read)
    reference = read
  }
  if (reference && values['no-signatures'])
    return usage('--reference is used to check signatures; drop it or drop --no-signatures')
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return usage(`--port must be 0-65535, got ${values.port}`)
  const maxJoining = values['max-joining'] === undefined ? undefined : Number(values['max-joining'])
  if (maxJoining !== undefined && (!Number.isInteger(maxJoining) || maxJoining < 1))
    return usage(`--max-joining must be a whole number of sockets, at least 1; got ${values['max-joining']}`)
  const server = await startServer({
    port,
    host: values.host,
    dataDir: values.data,
    ...(values.static ? { staticDir: values.static } : {}),
    ...(values['max-message'] ? { maxMessageBytes: Number(values['max-message']) } : {}),
    log: createJsonLogger(values['log-level'] as LogLevel),
    requireSignatures: !values['no-signatures'],
    ...(maxJoining ? { maxJoining } : {}),
    ...(reference ? { reference: () => reference } : {}),
  })
  const stop = (signal: string) => {
    process.stdout.write(
      `${JSON.stringify({ t: new Date().toISOString(), level: 'info', event: 'signal', signal })}\n`,
    )
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`)
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', () => stop('SIGTERM'))
  process.once('SIGINT', () => stop('SIGINT'))
  return -1 // keep running
}

function token(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      office: { type: 'string' },
      staff: { type: 'string' },
      device: { type: 'string' },
      role: { type: 'string' },
      rooms: { type: 'string', multiple: true },
      'read-only': { type: 'boolean', default: false },
      ttl: { type: 'string', default: '900' },
    },
  })
  const { data, office, staff, device, role } = values
  if (!data || !office || !staff || !device || !role || !values.rooms) {
    return usage('token needs --data, --office, --staff, --device, --role and --rooms')
  }
  const ttl = Number(values.ttl)
  if (!Number.isInteger(ttl) || ttl <= 0)
    return usage(`--ttl must be a positive number of seconds, got ${values.ttl}`)
  const rooms = values.rooms.flatMap((r) => r.split(',')).filter((r) => r.length > 0)
  const secret = loadOrCreateSecret(data)
  process.stdout.write(
    `${issueToken(secret, { office, staff, device, role, rooms, readOnly: values['read-only'], ttlSeconds: ttl })}\n`,
  )
  return 0
}

/** Reads a reference pack: a JSON array of events, or `{ "events": [...] }` (what `GET /api/reference` serves). */
function readReference(file: string): readonly DakEvent[] | string {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    return `--reference ${file} could not be read as JSON (${error instanceof Error ? error.message : String(error)})`
  }
  const events = Array.isArray(parsed) ? parsed : (parsed as { events?: unknown } | null)?.events
  const ok =
    Array.isArray(events) &&
    events.every(
      (e) =>
        e !== null &&
        typeof e === 'object' &&
        typeof (e as { id?: unknown }).id === 'string' &&
        typeof (e as { office?: unknown }).office === 'string',
    )
  return ok
    ? (events as DakEvent[])
    : `--reference ${file} must hold a JSON array of events (or { "events": [...] }) with id and office`
}

function usage(message: string): number {
  process.stderr.write(`dak-sync: ${message}\n${USAGE}`)
  return 2
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`dak-sync: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  },
)
