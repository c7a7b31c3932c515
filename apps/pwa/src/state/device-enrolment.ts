/**
 * Enrols this device in its office (issue 10). At set-up the device key is made (non-extractable, in
 * IndexedDB) and the admin's one-time code is checked against the open enrolments of the reference pack; at the
 * first login the store journals `device.enrolled` (the public key and the code, signed with the new key) as
 * the logged-in staff member, so every peer and the server learn the key that signs this device's events.
 */
import { type DakEvent, enrolmentCodeHash, fold, type Result, type State } from '@dak/core'
import { effect } from '@preact/signals'
import { deleteMeta, getMeta, setMeta } from './db.ts'
import { enrolmentPayload, loadOrCreateDeviceKey } from './device-key.ts'
import type { OfficeStore, RunError } from './store.ts'
import { connected } from './sync-status.ts'

const PENDING = 'enrolment-pending'

/** The enrolment chosen at set-up, journaled at the first login. */
interface PendingEnrolment {
  readonly office: string
  readonly device: string
  readonly label: string
  readonly enrolment: string
  readonly code: string
}

export interface PrepareInput {
  readonly office: string
  readonly device: string
  readonly label: string
  /** The one-time code the postmaster's device (or the demo sheet) shows. */
  readonly code: string
  readonly reference: readonly DakEvent[]
}

export type EnrolError = { readonly code: 'enrolment-code-unknown'; readonly message: string }

/** Normalises a typed code: spaces and dashes dropped, upper case. */
export const normaliseEnrolmentCode = (code: string): string => code.replace(/[\s-]+/g, '').toUpperCase()

/** Letters of generated codes: no 0/O or 1/I, so a code read aloud or typed from the screen survives. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/**
 * What the admin's device shows to enrol a new one (as text and as a QR): `<enrolment id>.<code>`. The id names
 * the enrolment, so the new device can take a code for an enrolment opened in the office's journal after its
 * reference pack was made; the code is checked against the journal's hash when the enrolment is journaled.
 */
export interface EnrolmentTicket {
  readonly enrolment: string
  /** 20 characters (100 random bits), the form `device.open-enrolment` hashes. */
  readonly code: string
  /** `<enrolment>.<code>` with the code grouped by dashes for reading. */
  readonly text: string
}

/** A new random ticket; `random` fills a byte array (default `crypto.getRandomValues`). */
export function newEnrolmentTicket(
  random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer> = (b) => crypto.getRandomValues(b),
): EnrolmentTicket {
  const pick = (n: number) => [...random(new Uint8Array(n))].map((b) => CODE_ALPHABET[b % 32]).join('')
  const enrolment = `E${pick(9)}`
  const code = pick(20)
  return { enrolment, code, text: `${enrolment}.${code.match(/.{1,4}/g)?.join('-') ?? code}` }
}

/**
 * Reads what was typed or scanned: a ticket (`<enrolment>.<code>`, split at the last dot since ids may hold dots
 * but codes never do) or a bare code (the demo sheet's). The id keeps its case: `prepareEnrolment` matches it.
 */
export function parseEnrolmentTicket(typed: string): { enrolment: string | null; code: string } {
  const text = typed.replace(/\s+/g, '')
  const dot = text.lastIndexOf('.')
  if (dot > 0 && dot < text.length - 1) {
    const enrolment = text.slice(0, dot)
    if (/^[A-Za-z0-9._:~-]{2,128}$/.test(enrolment))
      return { enrolment, code: normaliseEnrolmentCode(text.slice(dot + 1)) }
  }
  return { enrolment: null, code: normaliseEnrolmentCode(typed) }
}

/** The open enrolment of `office` this code belongs to (the code names it, as a QR would), if any. */
export function enrolmentOfCode(state: State, office: string, code: string): string | undefined {
  return Object.values(state.identity.enrolments).find(
    (e) => e.office === office && e.usedBy === null && enrolmentCodeHash(e.id, code) === e.codeHash,
  )?.id
}

/**
 * Set-up: makes the device key and keeps the enrolment the code opens. A bare code must open an enrolment of
 * the reference pack. A ticket naming an enrolment the pack does not hold (the admin opened it in the office's
 * journal today) is kept as it is: the code is checked by core when the enrolment is journaled at the first
 * login, once the day's journal has synced, and by every peer and the server after that.
 */
export async function prepareEnrolment(input: PrepareInput): Promise<Result<string, EnrolError>> {
  const ticket = parseEnrolmentTicket(input.code)
  const code = ticket.code
  const state = fold(input.reference)
  // The id as typed, or in upper case (generated ids are; a person may type them in lower case).
  const id =
    ticket.enrolment === null
      ? null
      : state.identity.enrolments[ticket.enrolment]
        ? ticket.enrolment
        : ticket.enrolment.toUpperCase()
  const enrolment =
    id === null
      ? enrolmentOfCode(state, input.office, code)
      : state.identity.enrolments[id] === undefined
        ? id
        : enrolmentOfCode(state, input.office, code) === id
          ? id
          : undefined
  if (!enrolment || code.length < 16)
    return {
      ok: false,
      error: {
        code: 'enrolment-code-unknown',
        message: `the code matches no open enrolment of ${input.office}; check it or ask the postmaster for a new one`,
      },
    }
  await loadOrCreateDeviceKey()
  const pending: PendingEnrolment = {
    office: input.office,
    device: input.device,
    label: input.label,
    enrolment,
    code,
  }
  await setMeta(PENDING, pending)
  return { ok: true, value: enrolment }
}

/** Resolves when `connected` (first sync of every room done) turns true, or after `ms`. */
function firstSync(ms: number): Promise<void> {
  return new Promise((resolve) => {
    let unsubscribe: (() => void) | undefined
    const timer = setTimeout(() => {
      unsubscribe?.()
      resolve()
    }, ms)
    unsubscribe = connected.subscribe((up) => {
      if (!up) return
      clearTimeout(timer)
      queueMicrotask(() => unsubscribe?.())
      resolve()
    })
  })
}

/** Resolves true once `holds()` is true for the store's folded state (re-checked on each change), false after `ms`. */
function stateHolds(store: OfficeStore, holds: () => boolean, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false
    let stop: (() => void) | undefined
    const finish = (value: boolean) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      queueMicrotask(() => stop?.())
      resolve(value)
    }
    const timer = setTimeout(() => finish(false), ms)
    stop = effect(() => {
      void store.version.value
      if (holds()) finish(true)
    })
  })
}

/**
 * First login: journals the pending `device.enrolled` through the store (signed with the new key, as the
 * logged-in staff member). Nothing to do when nothing is pending or the device id is already enrolled. Online,
 * it first waits (briefly) for the office's journals, so a device id enrolled elsewhere is seen and not claimed
 * twice: a second profile that claims an enrolled id is not enrolled, and a server requiring signatures refuses
 * what it writes (docs/security.md). A ticket's enrolment opened in today's journal (not in the reference pack)
 * is waited for until it has synced (`enrolmentWaitMs`, default 20 s): journaling before would be refused.
 */
export async function enrolPending(
  store: OfficeStore,
  options: { readonly online?: boolean; readonly waitMs?: number; readonly enrolmentWaitMs?: number } = {},
): Promise<Result<'enrolled' | 'none' | 'enrolled-elsewhere', RunError>> {
  const pending = await getMeta<PendingEnrolment>(PENDING)
  if (!pending || pending.device !== store.ctx.device || pending.office !== store.ctx.office)
    return { ok: true, value: 'none' }
  if (options.online) {
    await firstSync(options.waitMs ?? 5000)
    const opened = () =>
      store.state().identity.enrolments[pending.enrolment] !== undefined ||
      store.state().identity.devices[pending.device] !== undefined
    if (!opened()) await stateHolds(store, opened, options.enrolmentWaitMs ?? 20_000)
  }
  const key = await loadOrCreateDeviceKey()
  const known = store.state().identity.devices[pending.device]
  if (known) {
    await deleteMeta(PENDING)
    const same = known.publicKey.alg === key.publicKey.alg && known.publicKey.key === key.publicKey.key
    return { ok: true, value: same ? 'none' : 'enrolled-elsewhere' }
  }
  const r = await store.run(
    {
      type: 'device.enrol',
      payload: enrolmentPayload(key, {
        device: pending.device,
        label: pending.label,
        enrolment: pending.enrolment,
        code: pending.code,
      }),
    },
    null,
  )
  if (!r.ok) return r
  await deleteMeta(PENDING)
  return { ok: true, value: 'enrolled' }
}
