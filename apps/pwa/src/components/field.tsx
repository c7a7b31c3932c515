import { useId } from 'preact/hooks'

interface FieldProps {
  label: string
  value: string
  onValue: (v: string) => void
  hint?: string | undefined
  error?: string | null | undefined
  inputMode?: 'text' | 'numeric' | 'decimal' | 'tel' | 'search'
  autoComplete?: string
  required?: boolean
  maxLength?: number
  placeholder?: string
  name?: string
  testId?: string
}

/** A labelled input with an optional hint and error, wired with aria-describedby / aria-invalid. */
export function Field(p: FieldProps) {
  const id = useId()
  const hintId = p.hint ? `${id}-hint` : undefined
  const errId = p.error ? `${id}-err` : undefined
  const describedBy = [hintId, errId].filter(Boolean).join(' ') || undefined
  return (
    <div>
      <label for={id}>{p.label}</label>
      <input
        id={id}
        name={p.name}
        type="text"
        inputMode={p.inputMode}
        autoComplete={p.autoComplete ?? 'off'}
        required={p.required}
        maxLength={p.maxLength}
        placeholder={p.placeholder}
        data-testid={p.testId}
        value={p.value}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={describedBy}
        onInput={(e) => p.onValue((e.currentTarget as HTMLInputElement).value)}
      />
      {p.hint && (
        <p class="hint" id={hintId}>
          {p.hint}
        </p>
      )}
      {p.error && (
        <p class="error" id={errId} role="alert">
          {p.error}
        </p>
      )}
    </div>
  )
}
