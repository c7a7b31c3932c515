/**
 * Secrets kept on this device (a staff member's TOTP secret) sealed with AES-GCM under a key that is made here,
 * NON-extractable, and kept in its own IndexedDB database. The app's records, and any copy or export of them
 * without the key's database, hold ciphertext only, and script can never read the key out. What it does not do:
 * anyone who can run script in the app's origin on the unlocked profile can still ask the browser to decrypt,
 * and a copy of the whole browser profile carries the key too (docs/security.md, "Secrets at rest").
 *
 * Each record is versioned (`v: 1`) and carries its own random 96-bit IV; the record's purpose (`context`, e.g.
 * `totp:<staff>`) is bound as additional data, so a sealed secret copied under another key does not open.
 */
import { type KvStore, openKv } from './idb-kv.ts'

/** The database holding only the AES-GCM key (deleting it makes every sealed record unreadable). */
export const SECRET_BOX_DB = 'dak-secret-box'
const KEY = 'aes-gcm-key'
const AAD_TAG = 'dak-secret-box/1\n'

/** A sealed secret as stored: version, algorithm, a fresh 12-byte IV and the ciphertext with its 16-byte tag. */
export interface SealedBox {
  readonly v: 1
  readonly alg: 'AES-GCM-256'
  readonly iv: Uint8Array
  readonly ct: Uint8Array
}

/** Why a sealed record could not be opened. */
export interface SecretBoxError {
  readonly code: 'secret-box-unreadable' | 'secret-box-version'
  readonly message: string
}

export type OpenResult = { ok: true; value: string } | { ok: false; error: SecretBoxError }

export interface SecretBox {
  /** Seals `text` for `context` (what the secret is for; the same context is needed to open it). */
  seal(text: string, context: string): Promise<SealedBox>
  /** Opens a record sealed for `context`; a wrong context, a changed byte or a lost key is an error value. */
  open(box: SealedBox, context: string): Promise<OpenResult>
}

export interface SecretBoxOptions {
  /** Database name (tests). */
  readonly dbName?: string
  /** WebCrypto (default `globalThis.crypto.subtle`). */
  readonly subtle?: SubtleCrypto
  /** Random bytes (default `crypto.getRandomValues`); tests may count calls. */
  readonly random?: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>
}

/** True when `x` has the shape of a version-1 sealed record. */
export function isSealedBox(x: unknown): x is SealedBox {
  if (typeof x !== 'object' || x === null) return false
  const b = x as Partial<SealedBox>
  return b.v === 1 && b.alg === 'AES-GCM-256' && b.iv instanceof Uint8Array && b.ct instanceof Uint8Array
}

const aad = (context: string) => new TextEncoder().encode(AAD_TAG + context)

/** Creates a secret box over the device's AES-GCM key, making the key on first use. */
export function createSecretBox(options: SecretBoxOptions = {}): SecretBox {
  const subtle = options.subtle ?? globalThis.crypto.subtle
  const random = options.random ?? ((b) => globalThis.crypto.getRandomValues(b))
  const kv: KvStore = openKv(options.dbName ?? SECRET_BOX_DB)
  let keying: Promise<CryptoKey> | null = null

  const key = (): Promise<CryptoKey> => {
    keying ??= (async () => {
      const held = await kv.get<CryptoKey>(KEY)
      if (held) return held
      const made = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
      // Two tabs may race to make the key: the first stored wins and the other reads it back (a taken key
      // may surface as false or as a failed transaction, depending on the IndexedDB implementation).
      if (await kv.add(KEY, made).catch(() => false)) return made
      const winner = await kv.get<CryptoKey>(KEY)
      if (!winner) throw new Error('the secret-box key vanished while it was being made; reload the app')
      return winner
    })()
    keying.catch(() => {
      keying = null
    })
    return keying
  }

  return {
    async seal(text, context) {
      const iv = random(new Uint8Array(12))
      const ct = await subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: aad(context) },
        await key(),
        new TextEncoder().encode(text),
      )
      return { v: 1, alg: 'AES-GCM-256', iv, ct: new Uint8Array(ct) }
    },
    async open(box, context) {
      if (!isSealedBox(box)) {
        return {
          ok: false,
          error: {
            code: 'secret-box-version',
            message: 'the sealed record is not version 1 AES-GCM-256; enrol the secret again on this device',
          },
        }
      }
      try {
        const plain = await subtle.decrypt(
          { name: 'AES-GCM', iv: box.iv as Uint8Array<ArrayBuffer>, additionalData: aad(context) },
          await key(),
          box.ct as Uint8Array<ArrayBuffer>,
        )
        return { ok: true, value: new TextDecoder().decode(plain) }
      } catch {
        return {
          ok: false,
          error: {
            code: 'secret-box-unreadable',
            message: `the secret sealed for ${context} does not open with this device's key (changed, copied from elsewhere, or the key was cleared); enrol it again`,
          },
        }
      }
    },
  }
}
