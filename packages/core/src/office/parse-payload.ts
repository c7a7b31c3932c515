import * as v from 'valibot'
import { type DomainError, domainError } from '../events/domain-error.ts'
import type { Command } from '../journal/module.ts'
import { err, ok, type Result } from '../result.ts'

/**
 * Validates a command payload with its schema. A refusal carries every issue's path and message, so the form
 * can point at the field that was wrong.
 */
export function parsePayload<S extends v.GenericSchema>(
  schema: S,
  command: Command,
): Result<v.InferOutput<S>, DomainError> {
  const r = v.safeParse(schema, command.payload)
  if (r.success) return ok(r.output)
  const issues = r.issues.map((i) => `${v.getDotPath(i) ?? 'payload'}: ${i.message}`)
  return err(
    domainError(
      'invalid-payload',
      `a ${command.type} command must carry a well-formed payload`,
      `The ${command.type} payload is not valid: ${issues.join('; ')}.`,
      { issues },
    ),
  )
}

/** A money string as events store it: digits with up to two decimals, e.g. "1250.50". */
export const moneyString = v.pipe(
  v.string('amount must be a string'),
  v.regex(/^\d{1,13}(\.\d{1,2})?$/, 'amount must be rupees with up to two decimals, e.g. "1250.50"'),
)

/** A signed money string ("-20.00" allowed). */
export const signedMoneyString = v.pipe(
  v.string('amount must be a string'),
  v.regex(/^-?\d{1,13}(\.\d{1,2})?$/, 'amount must be rupees with up to two decimals, e.g. "-20.00"'),
)

export const idField = v.pipe(
  v.string('must be a string'),
  v.regex(/^[A-Za-z0-9._:~-]{1,128}$/, 'must be an id'),
)
