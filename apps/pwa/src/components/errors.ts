import { hasKey, t } from '../i18n/index.ts'

/** A refusal from core or the device: a stable code, core's English message and the rule that refused. */
export interface ShownError {
  readonly code: string
  readonly message?: string
  readonly rule?: string
  readonly retryAt?: number
}

/**
 * The person's-language text for an error: the catalogue's `error.<code>` when there is one, else core's own
 * message (which always says what to do next) wrapped in the generic advice.
 */
export function errorText(e: ShownError): string {
  const key = `error.${e.code}`
  if (hasKey(key))
    return t(key, {
      rule: e.rule ?? '',
      message: e.message ?? '',
      time: e.retryAt ? new Date(e.retryAt).toLocaleTimeString() : '',
    })
  if (e.code === 'forbidden' || e.code.startsWith('not-allowed') || e.code === 'role-required')
    return t('error.not-authorised', { rule: e.rule ?? e.message ?? '' })
  return t('error.generic', { message: e.message ?? e.code })
}
