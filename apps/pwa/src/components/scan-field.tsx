import { useEffect, useId, useRef, useState } from 'preact/hooks'
import { t } from '../i18n/index.ts'

/**
 * A text field that can also be filled by scanning: the camera (rear camera, frames read as they come) or a
 * photo of the label. The reader (zxing wasm) is loaded only when asked for. Typed entry always works.
 */
export function ScanField(p: {
  label: string
  value: string
  onValue: (v: string) => void
  hint?: string
  error?: string | null
  testId?: string
}) {
  const id = useId()
  const [scanning, setScanning] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const video = useRef<HTMLVideoElement>(null)
  useEffect(() => {
    if (!scanning) return
    let stop = false
    let stream: MediaStream | null = null
    void (async () => {
      try {
        const { createDetector } = await import('../scan/detector.ts')
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } })
        const el = video.current
        if (!el || stop) return
        el.srcObject = stream
        await el.play()
        const detector = createDetector()
        while (!stop) {
          const found = await detector.detect(el)
          const first = found[0]?.rawValue
          if (first) {
            p.onValue(first)
            setScanning(false)
            return
          }
          await new Promise((r) => requestAnimationFrame(r))
        }
      } catch {
        setProblem(t('scan.noCamera'))
        setScanning(false)
      }
    })()
    return () => {
      stop = true
      for (const track of stream?.getTracks() ?? []) track.stop()
    }
  }, [scanning])
  const fromPhoto = async (file: File | undefined) => {
    if (!file) return
    setProblem(null)
    try {
      const { readCodes } = await import('../scan/detector.ts')
      const codes = await readCodes(await createImageBitmap(file))
      if (codes[0]) p.onValue(codes[0])
      else setProblem(t('scan.nothingFound'))
    } catch (e) {
      // the reader failed to load or to decode: typed entry still works
      console.error('scan failed', e)
      setProblem(t('scan.nothingFound'))
    }
  }
  const errId = p.error || problem ? `${id}-err` : undefined
  return (
    <div>
      <label for={id}>{p.label}</label>
      <input
        id={id}
        value={p.value}
        autoComplete="off"
        autoCapitalize="characters"
        data-testid={p.testId}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={errId}
        onInput={(e) => p.onValue((e.currentTarget as HTMLInputElement).value)}
      />
      {p.hint && <p class="hint">{p.hint}</p>}
      <div class="row">
        <button type="button" class="secondary" onClick={() => setScanning(!scanning)}>
          {scanning ? t('common.cancel') : t('scan.camera')}
        </button>
        <label class="button secondary file">
          {t('scan.photo')}
          <input
            type="file"
            accept="image/*"
            class="visually-hidden"
            data-testid={p.testId ? `${p.testId}-photo` : undefined}
            onChange={(e) => void fromPhoto((e.currentTarget as HTMLInputElement).files?.[0])}
          />
        </label>
      </div>
      {scanning && <video ref={video} class="scan-video" playsInline muted aria-label={t('scan.camera')} />}
      {(p.error || problem) && (
        <p class="error" id={errId} role="alert">
          {p.error ?? problem}
        </p>
      )}
    </div>
  )
}
