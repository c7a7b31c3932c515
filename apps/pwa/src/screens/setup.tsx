import { fold } from '@dak/core'
import { useMemo, useState } from 'preact/hooks'
import type { ShownError } from '../components/errors.ts'
import { ResultNote } from '../components/result-note.tsx'
import { ScanField } from '../components/scan-field.tsx'
import { t } from '../i18n/index.ts'
import { device, reference } from '../state/app-state.ts'
import { fetchReference, saveDevice, saveReference } from '../state/device.ts'
import { prepareEnrolment } from '../state/device-enrolment.ts'

/** First run: load the office network's reference pack and choose which office and device this is. */
export function SetupScreen() {
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const state = useMemo(() => fold(reference.value), [reference.value])
  const offices = Object.values(state.office.offices)
  const [office, setOffice] = useState('')
  const devices = Object.values(state.office.devices).filter((d) => d.office === office)
  const [dev, setDev] = useState('')
  const [code, setCode] = useState('')
  const [refusal, setRefusal] = useState<ShownError | null>(null)

  const load = async () => {
    setBusy(true)
    setError(null)
    try {
      const events = await fetchReference()
      await saveReference(events)
      reference.value = events
    } catch (e) {
      setError(t('setup.loadFailed', { message: e instanceof Error ? e.message : String(e) }))
    } finally {
      setBusy(false)
    }
  }
  const save = async () => {
    const d = state.office.devices[dev]
    if (!d) return
    setBusy(true)
    setRefusal(null)
    try {
      // The device key is made here (it never leaves this device); the first login journals its enrolment.
      const enrolled = await prepareEnrolment({
        office: d.office,
        device: d.id,
        label: d.label,
        code,
        reference: reference.value,
      })
      if (!enrolled.ok) {
        setRefusal(enrolled.error)
        return
      }
      const config = { device: d.id, office: d.office, label: d.label }
      await saveDevice(config)
      device.value = config
    } catch (e) {
      setRefusal({ code: 'enrolment-failed', message: e instanceof Error ? e.message : String(e) })
    } finally {
      setBusy(false)
    }
  }
  return (
    <section aria-labelledby="setup-h">
      <h2 id="setup-h">{t('setup.title')}</h2>
      <p>{t('setup.intro')}</p>
      <button type="button" onClick={load} disabled={busy} data-testid="setup-load">
        {t('setup.load')}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {offices.length > 0 && (
        <>
          <p role="status">{t('setup.loaded', { count: offices.length })}</p>
          <label for="setup-office">{t('setup.office')}</label>
          <select
            id="setup-office"
            data-testid="setup-office"
            value={office}
            onChange={(e) => {
              setOffice((e.currentTarget as HTMLSelectElement).value)
              setDev('')
            }}
          >
            <option value="">—</option>
            {offices.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} ({o.kind}, {o.pincode})
              </option>
            ))}
          </select>
          <label for="setup-device">{t('setup.device')}</label>
          <select
            id="setup-device"
            data-testid="setup-device"
            value={dev}
            onChange={(e) => setDev((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">—</option>
            {devices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
          </select>
          {/* the postmaster's device shows the code as text and as a QR: typed, or scanned by camera or photo */}
          <ScanField label={t('setup.code')} value={code} onValue={setCode} testId="setup-code" />
          <div class="row">
            <button
              type="button"
              onClick={save}
              disabled={!dev || !code.trim() || busy}
              data-testid="setup-save"
            >
              {t('setup.save')}
            </button>
          </div>
        </>
      )}
      <ResultNote error={refusal} done={null} />
    </section>
  )
}
