import { webcrypto } from 'node:crypto'
import fc from 'fast-check'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { toBase64Url } from '../src/identity/bytes.ts'
import {
  confirmationCode,
  confirmationRecordSchema,
  deriveSubjectSecret,
  verifyConfirmationCode,
} from '../src/identity/confirmation.ts'
import { deviceKeyLookup } from '../src/identity/device-status.ts'
import { loginClaim, verifyLoginAssertion } from '../src/identity/login-assertion.ts'
import type { DevicePublicKey } from '../src/identity/signatures.ts'
import {
  type QrClaim,
  signedQrPayload,
  signedQrPayloadSync,
  verifySignedQr,
} from '../src/identity/signed-qr.ts'
import { createDevice, foldEvents, OFFICE, seedOffice, T0 } from './identity-helpers.ts'

const SEED = Number(process.env.FC_SEED ?? 100_012)
const manifestSecret = new Uint8Array(32).map((_, i) => (i * 31 + 5) & 0xff)

describe('confirmation codes (bag receipt, delivery)', () => {
  it('the receiving device re-derives the code from the manifest secret, offline', () => {
    const bagSecret = deriveSubjectSecret(manifestSecret, 'INMAAAINMAABAUN61001000100020')
    const code = confirmationCode(bagSecret, 'INMAAAINMAABAUN61001000100020')
    expect(code).toMatch(/^\d{6}$/)
    expect(
      verifyConfirmationCode({ secret: bagSecret, subjectId: 'INMAAAINMAABAUN61001000100020', code }),
    ).toEqual({
      ok: true,
      value: true,
    })
    expect(confirmationCode(bagSecret, 'x', 8)).toMatch(/^\d{8}$/)
  })

  it('a code for one subject does not confirm another, and a malformed code is told apart', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b) => {
        fc.pre(a !== b)
        const secret = deriveSubjectSecret(manifestSecret, 'manifest-1')
        const codeA = confirmationCode(secret, a)
        const r = verifyConfirmationCode({ secret, subjectId: b, code: codeA })
        // Two subjects share a 6-digit code about once in a million; the property allows exactly that.
        if (confirmationCode(secret, b) !== codeA)
          expect(r.ok ? null : r.error.code).toBe('confirmation-mismatch')
      }),
      { seed: SEED, numRuns: 200 },
    )
    const r = verifyConfirmationCode({ secret: manifestSecret, subjectId: 'RR287043775IN', code: '12345' })
    expect(r.ok ? null : r.error.code).toBe('confirmation-malformed')
  })

  it('refuses a short secret as a programming error', () => {
    expect(() => confirmationCode(new Uint8Array(8), 'x')).toThrow(/16 random bytes/)
  })

  it('names both parties in the confirmation record the events embed', () => {
    const record = {
      subject: 'RR287043775IN',
      method: 'code',
      handedBy: 'postman-3',
      receivedBy: 'Addressee: S. Iyer',
      verifiedOn: 'beat-phone-3',
    }
    expect(v.is(confirmationRecordSchema, record)).toBe(true)
    expect(v.is(confirmationRecordSchema, { ...record, receivedBy: '' })).toBe(false)
  })
})

describe('signed QR', () => {
  const ho = createDevice('ho-treasury', 11, 'trr-1')
  const claim: QrClaim = {
    kind: 'cash-dispatch',
    subject: 'CASHBAG-2026-11-30-007',
    office: 'HO-600002',
    actor: 'trr-1',
    device: 'ho-treasury',
    at: T0,
    expiresAt: T0 + 86_400_000,
    data: { amount: '200000.00', seal: 'S-4471' },
  }
  const keys = (id: string): DevicePublicKey | undefined => (id === ho.id ? ho.publicKey : undefined)

  it('verifies on the receiving device with only the issuer key', () => {
    const text = signedQrPayloadSync(claim, ho.secretKey)
    expect(text.startsWith('DAK1.')).toBe(true)
    expect(verifySignedQr(text, keys, T0 + 3_600_000)).toEqual({ ok: true, value: claim })
  })

  it('refuses a tampered, forged, unknown-issuer, expired or garbled QR', () => {
    const text = signedQrPayloadSync(claim, ho.secretKey)
    const [prefix, , sig] = text.split('.')
    const richer = { ...claim, data: { amount: '900000.00', seal: 'S-4471' } }
    const tampered = `${prefix}.${toBase64Url(new TextEncoder().encode(JSON.stringify(richer)))}.${sig}`
    const code = (t: string, now = T0) => {
      const r = verifySignedQr(t, keys, now)
      return r.ok ? 'ok' : r.error.code
    }
    expect(code(tampered)).toBe('bad-signature')
    expect(code(signedQrPayloadSync(claim, createDevice('forger', 12).secretKey))).toBe('bad-signature')
    expect(code(signedQrPayloadSync({ ...claim, device: 'forger' }, ho.secretKey))).toBe('unknown-device')
    expect(code(text, T0 + 2 * 86_400_000)).toBe('qr-expired')
    expect(code('DAK1.@@.@@')).toBe('qr-malformed')
    expect(code('hello')).toBe('qr-malformed')
    expect(code(`DAK1.${toBase64Url(new Uint8Array([0xff, 0xfe]))}.${sig}`)).toBe('qr-malformed')
  })

  it('verifies a QR signed with WebCrypto ECDSA P-256, against keys held in the folded state', async () => {
    const pair = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ])) as webcrypto.CryptoKeyPair
    const raw = toBase64Url(new Uint8Array(await webcrypto.subtle.exportKey('raw', pair.publicKey)))
    const adm = createDevice('adm', 1, 'pm-1')
    const p256Device = {
      device: 'beat-phone-3',
      label: 'Beat 3',
      publicKey: { alg: 'ECDSA-P256', key: raw },
      enrolment: null,
    }
    const state = foldEvents([...seedOffice(adm), adm.emit('device.enrolled', p256Device, { actor: 'da-1' })])
    const delivery: QrClaim = {
      kind: 'delivery',
      subject: 'RR287043775IN',
      office: OFFICE,
      actor: 'postman-3',
      device: 'beat-phone-3',
      at: T0,
    }
    const text = await signedQrPayload(
      delivery,
      async (bytes) =>
        new Uint8Array(
          await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, bytes),
        ),
    )
    expect(verifySignedQr(text, deviceKeyLookup(state), T0).ok).toBe(true)
  })
})

describe('login assertion for the sync token', () => {
  it('is accepted for an enrolled device and staff with a credential on it, and refused otherwise', () => {
    const adm = createDevice('adm', 1, 'pm-1')
    const counter = createDevice('counter-1', 2, 'pa-1')
    const state = foldEvents([
      ...seedOffice(adm),
      adm.emit(
        'device.enrolled',
        { device: 'adm', label: 'pm', publicKey: adm.publicKey, enrolment: null },
        { actor: 'da-1' },
      ),
      adm.emit('device.enrolled', {
        device: 'counter-1',
        label: 'c1',
        publicKey: counter.publicKey,
        enrolment: null,
      }),
      adm.emit('staff.totp-enrolled', {
        credential: 'cred-1',
        staff: 'pa-1',
        devices: ['counter-1'],
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        secretCheck: 'a'.repeat(64),
      }),
    ])
    const now = T0 + 3_600_000
    const expected = { office: OFFICE, challenge: 'nonce-1', now }
    const sign = (staff: string, device = counter, at = now, challenge = 'nonce-1') =>
      signedQrPayloadSync(
        loginClaim({ office: OFFICE, device: device.id, staff, challenge, now: at }),
        device.secretKey,
      )
    const code = (text: string) => {
      const r = verifyLoginAssertion(state, text, expected)
      return r.ok ? 'ok' : r.error.code
    }
    expect(verifyLoginAssertion(state, sign('pa-1'), expected)).toEqual({
      ok: true,
      value: { staff: 'pa-1', office: OFFICE, device: 'counter-1' },
    })
    expect(code(sign('pm-1'))).toBe('no-credential')
    expect(code(sign('pa-1', counter, now, 'nonce-0'))).toBe('wrong-challenge')
    expect(code(sign('pa-1', counter, now - 10 * 60_000))).toBe('qr-expired')
    expect(code(sign('pa-1', createDevice('stranger', 9)))).toBe('unknown-device')
  })
})
