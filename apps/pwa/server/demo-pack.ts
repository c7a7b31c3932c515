/**
 * The demo office network's reference pack, assembled once for the demo server (`demo-server.ts`) and the
 * browser tests' server (`e2e/start-sync.ts`): the offices, staff, role grants and devices of `demoOffice()`,
 * the tariff the divisional admin publishes, and one open device enrolment per demo device (issue 10: the demo
 * office has role grants, so a new device is trusted only with a one-time code from an admin). The TOTP secrets
 * and the enrolment codes are derived from a seed so the server can print them and tests can compute them.
 * Demo only: real secrets and codes are random and shown once, as a QR, by the admin's device.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type DakEvent, type DemoOffice, demoOffice, enrolmentCodeHash } from '@dak/core'
import { demoSecret } from './demo-routes.ts'

export interface DemoPack {
  readonly demo: DemoOffice
  /** What `GET /api/reference` serves and what the signature hook folds under every room. */
  readonly reference: readonly DakEvent[]
  /** Base32 TOTP secret of each staff id. */
  readonly secrets: Readonly<Record<string, string>>
  /** The one-time enrolment code of each demo device (what its set-up asks for). */
  readonly enrolmentCodes: Readonly<Record<string, string>>
}

export interface DemoPackOptions {
  /** Seed of the demo secrets and codes (default `dak-demo`). */
  readonly seed?: string
  /** Business date the registrations are journaled on (default: `demoOffice`'s). */
  readonly date?: string
  /** Server start, epoch ms: enrolments stay open 30 days after it. */
  readonly now?: number
  /**
   * When the pack is stamped, epoch ms (default an hour before `now`). A server that keeps its data must stamp
   * it the same way at every start (`packStamp`): a device's `device.enrolled` folds only after the enrolment it
   * uses, so a pack re-stamped later than an earlier enrolment would leave that device unknown after a restart.
   */
  readonly stampedAt?: number
}

/**
 * The pack's stamp for a data directory: the time of the first start, kept in `DIR/demo-pack-at` so every later
 * start stamps the pack identically (an hour before the first start).
 */
export function packStamp(dataDir: string, now: number = Date.now()): number {
  const file = join(dataDir, 'demo-pack-at')
  if (existsSync(file)) {
    const kept = Number(readFileSync(file, 'utf8').trim())
    if (Number.isSafeInteger(kept) && kept > 0) return kept
  }
  const at = now - 3_600_000
  mkdirSync(dataDir, { recursive: true })
  writeFileSync(file, `${at}\n`)
  return at
}

/** The id of the enrolment the demo opens for `device`. */
export const demoEnrolmentId = (device: string): string => `enrol-${device}`

/** The demo one-time enrolment code of a device: 16 base32 characters derived from the seed. */
export function demoEnrolmentCode(seed: string, device: string): string {
  const digest = createHash('sha256').update(`dak-demo-enrolment/1\n${seed}\n${device}`).digest()
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  let code = ''
  for (let i = 0; i < 16; i++) code += alphabet[digest[i]! % alphabet.length]
  return code
}

/** Builds the pack. */
export async function demoPack(options: DemoPackOptions = {}): Promise<DemoPack> {
  const seed = options.seed ?? 'dak-demo'
  const now = options.now ?? Date.now()
  // Stamped before anything a device does, so every peer folds the grants and the open enrolments before the
  // devices' own `device.enrolled` events (a device's clock never runs behind the pack it loaded).
  const demo = demoOffice({
    ...(options.date ? { date: options.date } : {}),
    at: options.stampedAt ?? now - 3_600_000,
  })
  // The tariff is reference data the divisional admin publishes; booking prices come from it, never from code.
  const tariff = JSON.parse(
    readFileSync(new URL('../../../packages/core/data/tariff.json', import.meta.url), 'utf8'),
  )
  const last = demo.events[demo.events.length - 1]!
  const after = (n: number) =>
    last.hlc.replace(/-([0-9a-f]{4})-seed$/, `-${n.toString(16).padStart(4, 'f')}-seed`)
  const enrolmentCodes: Record<string, string> = {}
  const enrolments: DakEvent[] = demo.devices.map((d, i) => {
    const code = demoEnrolmentCode(seed, d.id)
    enrolmentCodes[d.id] = code
    const enrolment = demoEnrolmentId(d.id)
    return {
      ...last,
      id: `seed-enrol-${d.id}`,
      type: 'device.enrolment-opened',
      office: d.office,
      hlc: after(0xf000 + i),
      payload: {
        enrolment,
        label: d.label,
        codeHash: enrolmentCodeHash(enrolment, code),
        expiresAt: now + 30 * 86_400_000,
      },
    }
  })
  const reference: DakEvent[] = [
    ...demo.events,
    {
      ...last,
      id: 'seed-tariff',
      type: 'tariff.published',
      office: 'nandyal-ho',
      hlc: after(0xffff),
      payload: { tariff },
    },
    ...enrolments,
  ]
  const secrets: Record<string, string> = {}
  for (const s of demo.staff) secrets[s.id] = await demoSecret(seed, s.id)
  return { demo, reference, secrets, enrolmentCodes }
}
