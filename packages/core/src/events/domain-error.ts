/**
 * A business rule refused a command. `code` is stable (kebab-case) and is what the PWA maps to a message
 * in the person's language; `message` is the English explanation for logs and developers; `rule` names the
 * rule that refused it, in words a postmaster would recognise ("only a supervisor of this office may approve
 * a duty").
 */
export interface DomainError {
  readonly code: string
  readonly message: string
  readonly rule: string
  readonly details?: Readonly<Record<string, unknown>>
}

export function domainError(
  code: string,
  rule: string,
  message: string,
  details?: Record<string, unknown>,
): DomainError {
  return details ? { code, rule, message, details } : { code, rule, message }
}
