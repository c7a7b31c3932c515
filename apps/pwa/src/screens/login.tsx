import { fold } from '@dak/core'
import { useEffect, useMemo, useState } from 'preact/hooks'
import type { ShownError } from '../components/errors.ts'
import { Field } from '../components/field.tsx'
import { ResultNote } from '../components/result-note.tsx'
import { t } from '../i18n/index.ts'
import { device, openStore, reference } from '../state/app-state.ts'
import { forgetDevice } from '../state/device.ts'
import { fetchToken, isEnrolled, login, preloadLogin, session } from '../state/session.ts'

/** TOTP login on a registered device; works offline against the enrolment kept on this device. */
export function LoginScreen() {
  const dev = device.value
  const state = useMemo(() => fold(reference.value), [reference.value])
  const staff = Object.values(state.office.staff).filter((s) => s.office === dev?.office)
  const [who, setWho] = useState('')
  const [code, setCode] = useState('')
  const [secret, setSecret] = useState('')
  const [enrolled, setEnrolled] = useState(true)
  const [error, setError] = useState<ShownError | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    if (who) void isEnrolled(who).then(setEnrolled)
  }, [who])
  // the code check (core's TOTP login guard) is not in the first load: fetched once this screen is painted
  useEffect(() => {
    const idle = globalThis.requestIdleCallback ?? ((fn: () => void) => setTimeout(fn, 200))
    idle(() => preloadLogin())
  }, [])
  if (!dev) return null

  const submit = async (e: Event) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    let r: Awaited<ReturnType<typeof login>>
    try {
      r = await login({ staff: who, office: dev.office, device: dev.device, code, secret })
    } catch {
      // the code check could not be loaded (a device offline before the app was saved on it)
      setError({ code: 'login-unavailable', message: t('app.loadFailed') })
      setBusy(false)
      return
    }
    if (!r.ok) {
      setError(r.error)
      if (r.error.code === 'not-enrolled') setEnrolled(false)
      setBusy(false)
      return
    }
    // Online: exchange the same code for a sync token; offline the day still opens and syncs later.
    if (navigator.onLine) await fetchToken(code)
    const s = session.value
    // openStore also journals a newly set-up device's enrolment before the day opens
    if (s) await openStore(s)
    setBusy(false)
    location.hash = '#/'
  }
  return (
    <section aria-labelledby="login-h">
      <h2 id="login-h">{t('login.title')}</h2>
      <p>{t('login.office', { office: state.office.offices[dev.office]?.name ?? dev.office })}</p>
      <form onSubmit={submit}>
        <label for="login-staff">{t('login.staff')}</label>
        <select
          id="login-staff"
          data-testid="login-staff"
          required
          value={who}
          onChange={(e) => setWho((e.currentTarget as HTMLSelectElement).value)}
        >
          <option value="">—</option>
          {staff.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        {!enrolled && (
          <Field
            label={t('login.secret')}
            hint={t('login.secretHint')}
            value={secret}
            onValue={setSecret}
            testId="login-secret"
            autoComplete="off"
          />
        )}
        <Field
          label={t('login.code')}
          hint={t('login.codeHint')}
          value={code}
          onValue={setCode}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          required
          testId="login-code"
        />
        <div class="row">
          <button type="submit" disabled={busy || !who} data-testid="login-submit">
            {t('login.submit')}
          </button>
        </div>
      </form>
      <ResultNote error={error} done={null} />
      <div class="row">
        <button
          type="button"
          class="secondary"
          onClick={async () => {
            await forgetDevice()
            device.value = null
          }}
        >
          {t('login.changeDevice')}
        </button>
      </div>
    </section>
  )
}
