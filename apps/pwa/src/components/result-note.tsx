import { errorText, type ShownError } from './errors.ts'

/** The outcome of the last action: an error (assertive) or a confirmation (polite). */
export function ResultNote({ error, done }: { error: ShownError | null; done: string | null }) {
  if (error)
    return (
      <p class="error" role="alert" data-testid="error">
        {errorText(error)}
      </p>
    )
  if (done)
    return (
      <p class="ok" role="status" data-testid="done">
        {done}
      </p>
    )
  return null
}
