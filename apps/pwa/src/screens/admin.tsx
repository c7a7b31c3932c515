import {
  authorize,
  type CommandContext,
  DEVICE_ADMIN,
  type DomainError,
  type State,
  totpUri,
  verifyTotp,
} from '@dak/core'
import { Secret } from 'otpauth/slim'
import { useEffect, useId, useState } from 'preact/hooks'
import QRCode from 'qrcode'
import { useAction } from '../components/action.ts'
import { Field } from '../components/field.tsx'
import { ResultNote } from '../components/result-note.tsx'
import { staffName, useOffice } from '../components/use-office.ts'
import { formatDateTime } from '../i18n/format.ts'
import { locale, t } from '../i18n/index.ts'
import { newEnrolmentTicket } from '../state/device-enrolment.ts'
import { saveTotpEnrolment } from '../state/session.ts'
import type { OfficeStore } from '../state/store.ts'
import { PeerWarnings } from './admin-peer-warnings.tsx'

/**
 * Devices and staff logins of the office (issue 10), for its postmaster or the divisional admin: issue a
 * one-time enrolment code for a new device (text and QR), list the office's devices and revoke one, and enrol
 * a staff member's TOTP login on this device (QR of the otpauth URI, confirmed by a first code). Every action is
 * one of core's identity commands; core checks the role again, and so does every peer and the server.
 */
export function AdminScreen() {
  const o = useOffice()
  if (!o) return null
  const { office, state } = o
  const denied = deviceAdminRefusal(state, office)
  // The folded state changes in place: the version is what tells the parts (props compared shallowly) to redraw.
  const version = office.version.value
  return (
    <section aria-labelledby="admin-h">
      <h2 id="admin-h">{t('admin.title')}</h2>
      <PeerWarnings review={denied ? undefined : office} />
      {denied ? (
        <p class="error" role="alert" data-testid="admin-forbidden">
          {t('admin.forbidden', { rule: denied.rule })}
        </p>
      ) : (
        <>
          <RegisterDevice office={office} state={state} version={version} />
          <DeviceList office={office} state={state} version={version} />
          <TotpEnrol office={office} state={state} version={version} />
        </>
      )}
    </section>
  )
}

/** Core's permission check for identity commands, as the command will run it (genesis: no grants, allowed). */
function deviceAdminRefusal(state: State, office: OfficeStore): DomainError | null {
  if (state.office.grants.length === 0) return null
  const { ctx } = office
  const probe: CommandContext = {
    ...ctx,
    actor: ctx.staff,
    duty: null,
    now: Date.now(),
    newId: () => 'probe',
    nextHlc: () => 'probe',
  }
  return authorize(state, probe, DEVICE_ADMIN)
}

/** A QR of `text`, drawn after first paint (qrcode is in this screen's chunk, not the first load). */
function Qr({ text, alt, testId }: { text: string; alt: string; testId: string }) {
  const [src, setSrc] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    void QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then((svg) => {
      if (live) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`)
    })
    return () => {
      live = false
    }
  }, [text])
  return (
    <div class="code">
      {src && <img class="qr" src={src} width={200} height={200} alt={alt} data-testid={testId} />}
    </div>
  )
}

/** Codes are read off the screen: monospace, large, wrapped anywhere (set through the CSSOM, which the CSP allows). */
const TICKET = { fontFamily: 'monospace', fontSize: '1.15rem', wordBreak: 'break-all' } as const

interface Props {
  readonly office: OfficeStore
  readonly state: State
  readonly version: number
}

function RegisterDevice({ office, state }: Props) {
  const { ctx } = office
  const action = useAction(office)
  const selectId = useId()
  const [device, setDevice] = useState('')
  const [issued, setIssued] = useState<{ text: string; label: string; expiresAt: number } | null>(null)
  const keyed = state.identity.devices
  // Devices of the office's reference data without an active key: the ones a new phone or PC can set up as.
  const candidates = Object.values(state.office.devices).filter(
    (d) => d.office === ctx.office && !keyed[d.id],
  )
  const now = Date.now()
  const open = Object.values(state.identity.enrolments).filter(
    (e) => e.office === ctx.office && e.usedBy === null && e.expiresAt > now,
  )
  const issue = async (e: Event) => {
    e.preventDefault()
    const label = state.office.devices[device]?.label ?? device
    const ticket = newEnrolmentTicket()
    setIssued(null)
    const ok = await action.run(
      {
        type: 'device.open-enrolment',
        payload: { enrolment: ticket.enrolment, label: label.slice(0, 80), code: ticket.code },
      },
      t('common.done'),
      null,
    )
    const opened = office.state().identity.enrolments[ticket.enrolment]
    if (ok && opened) setIssued({ text: ticket.text, label, expiresAt: opened.expiresAt })
  }
  return (
    <div class="card">
      <h3>{t('admin.register.title')}</h3>
      <p>{t('admin.register.intro')}</p>
      <form onSubmit={issue}>
        <label for={selectId}>{t('admin.register.label')}</label>
        <select
          id={selectId}
          data-testid="admin-register-device"
          required
          value={device}
          onChange={(e) => setDevice((e.currentTarget as HTMLSelectElement).value)}
        >
          <option value="">—</option>
          {candidates.map((d) => (
            <option key={d.id} value={d.id}>
              {d.label}
            </option>
          ))}
        </select>
        <div class="row">
          <button type="submit" data-testid="admin-register-issue" disabled={!device || action.busy}>
            {t('admin.register.issue')}
          </button>
        </div>
      </form>
      <ResultNote error={action.error} done={null} />
      {issued && (
        <div data-testid="admin-ticket-card">
          <p>
            <strong>{t('admin.register.code', { label: issued.label })}</strong>
          </p>
          <p style={TICKET} data-testid="admin-ticket">
            {issued.text}
          </p>
          <Qr
            text={issued.text}
            alt={t('admin.register.qrAlt', { label: issued.label })}
            testId="admin-ticket-qr"
          />
          <p class="hint">
            {t('admin.register.expires', { time: formatDateTime(issued.expiresAt, locale.value) })}
          </p>
        </div>
      )}
      {open.length > 0 && (
        <>
          <h4>{t('admin.enrolments.open')}</h4>
          <ul class="plain" data-testid="admin-open-enrolments">
            {open.map((e) => (
              <li key={e.id}>
                {t('admin.enrolments.item', {
                  label: e.label,
                  time: formatDateTime(e.expiresAt, locale.value),
                })}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}

function DeviceList({ office, state }: Props) {
  const { ctx } = office
  const action = useAction(office)
  const [confirming, setConfirming] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const devices = Object.values(state.identity.devices).filter((d) => d.office === ctx.office)
  const revoke = async (device: string, label: string) => {
    const ok = await action.run(
      { type: 'device.revoke', payload: { device, reason: reason.trim() } },
      t('admin.devices.revokedDone', { label }),
      null,
    )
    if (ok) {
      setConfirming(null)
      setReason('')
    }
  }
  return (
    <div class="card">
      <h3>{t('admin.devices.title')}</h3>
      {devices.length === 0 && <p>{t('admin.devices.none')}</p>}
      <ul class="plain">
        {devices.map((d) => (
          <li key={d.id} data-testid="admin-device-row" data-device={d.id}>
            <p>
              <strong>{d.label}</strong> ({d.id}){d.id === ctx.device && ` · ${t('admin.devices.this')}`}
            </p>
            <p data-testid="admin-device-state" class={d.revoked ? 'warn' : 'ok'}>
              {d.revoked
                ? t('admin.devices.revoked', { reason: d.revoked.reason })
                : t('admin.devices.active')}
            </p>
            {!d.revoked && d.id !== ctx.device && confirming !== d.id && (
              <button
                type="button"
                class="secondary"
                data-testid="admin-revoke"
                onClick={() => {
                  setConfirming(d.id)
                  setReason('')
                }}
              >
                {t('admin.devices.revoke', { label: d.label })}
              </button>
            )}
            {confirming === d.id && (
              <fieldset>
                <legend>{t('admin.devices.revoke', { label: d.label })}</legend>
                <Field
                  label={t('admin.devices.reason', { label: d.label })}
                  value={reason}
                  onValue={setReason}
                  maxLength={500}
                  testId="admin-revoke-reason"
                />
                <p class="warn" data-testid="admin-revoke-confirm-text">
                  {t('admin.devices.confirm', { label: d.label })}
                </p>
                <div class="row">
                  <button
                    type="button"
                    data-testid="admin-revoke-confirm"
                    disabled={!reason.trim() || action.busy}
                    onClick={() => revoke(d.id, d.label)}
                  >
                    {t('admin.devices.confirmYes')}
                  </button>
                  <button type="button" class="secondary" onClick={() => setConfirming(null)}>
                    {t('common.cancel')}
                  </button>
                </div>
              </fieldset>
            )}
          </li>
        ))}
      </ul>
      <ResultNote error={action.error} done={action.done} />
    </div>
  )
}

function TotpEnrol({ office, state }: Props) {
  const { ctx } = office
  const action = useAction(office)
  const selectId = useId()
  const [staff, setStaff] = useState('')
  const [secret, setSecret] = useState<string | null>(null)
  const [code, setCode] = useState('')
  const people = Object.values(state.office.staff).filter((s) => s.office === ctx.office)
  const enrolled = Object.values(state.identity.totp).filter((c) => c.office === ctx.office && !c.revoked)
  const officeName = state.office.offices[ctx.office]?.name ?? ctx.office
  const uri = secret && staff ? totpUri({ secret, issuer: `Dak · ${officeName}`, account: staff }) : null
  const confirm = async (e: Event) => {
    e.preventDefault()
    if (!secret) return
    const typed = code.trim()
    const name = staffName(state, staff)
    const ok = await action.run(
      { type: 'staff.enrol-totp', payload: { staff, devices: [ctx.device], secret, code: typed } },
      t('admin.totp.done', { name }),
      null,
    )
    if (!ok) return
    // The secret stays on this device only, sealed (secret-box); the confirming code counts as used.
    const step = verifyTotp({ secret, code: typed, now: Date.now() })
    await saveTotpEnrolment(staff, secret, step.ok ? step.value.step : -1)
    setSecret(null)
    setCode('')
  }
  return (
    <div class="card">
      <h3>{t('admin.totp.title')}</h3>
      <p>{t('admin.totp.intro')}</p>
      <label for={selectId}>{t('admin.totp.staff')}</label>
      <select
        id={selectId}
        data-testid="admin-totp-staff"
        value={staff}
        onChange={(e) => {
          setStaff((e.currentTarget as HTMLSelectElement).value)
          setSecret(null)
          setCode('')
        }}
      >
        <option value="">—</option>
        {people.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
      <div class="row">
        <button
          type="button"
          class="secondary"
          data-testid="admin-totp-generate"
          disabled={!staff}
          onClick={() => {
            // 160 random bits (RFC 4226's recommended length), from the browser's CSPRNG via otpauth.
            setSecret(new Secret({ size: 20 }).base32)
            setCode('')
          }}
        >
          {t('admin.totp.generate')}
        </button>
      </div>
      {secret && uri && (
        <form onSubmit={confirm}>
          <Qr
            text={uri}
            alt={t('admin.totp.qrAlt', { name: staffName(state, staff) })}
            testId="admin-totp-qr"
          />
          <p>
            {t('admin.totp.secret')}:{' '}
            <span style={TICKET} data-testid="admin-totp-secret">
              {secret}
            </span>
          </p>
          <p class="hint">
            {t('admin.totp.uri')}:{' '}
            <span style={{ wordBreak: 'break-all' }} data-testid="admin-totp-uri">
              {uri}
            </span>
          </p>
          <Field
            label={t('admin.totp.code')}
            value={code}
            onValue={setCode}
            inputMode="numeric"
            maxLength={8}
            autoComplete="one-time-code"
            testId="admin-totp-code"
          />
          <div class="row">
            <button
              type="submit"
              data-testid="admin-totp-confirm"
              disabled={!/^\d{6}$/.test(code.trim()) || action.busy}
            >
              {t('admin.totp.confirm')}
            </button>
          </div>
        </form>
      )}
      <ResultNote error={action.error} done={action.done} />
      <h4>{t('admin.totp.list')}</h4>
      {enrolled.length === 0 && <p>{t('admin.totp.none')}</p>}
      <ul class="plain" data-testid="admin-totp-list">
        {enrolled.map((c) => (
          <li key={c.id} data-testid="admin-totp-row" data-staff={c.staff}>
            <strong>{staffName(state, c.staff)}</strong>{' '}
            {t('admin.totp.on', { devices: c.devices.join(', ') })}
          </li>
        ))}
      </ul>
    </div>
  )
}
