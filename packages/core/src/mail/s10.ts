/**
 * UPU S10 13-character item identifiers: `SS NNNNNNNN C CC` — a two-letter service indicator, an 8-digit
 * serial, a check digit and the ISO 3166-1 alpha-2 code of the issuing country (S10-12).
 * The check digit uses weights 8 6 4 2 3 5 9 7, C = 11 − (Σ mod 11), 10 → 0 and 11 → 5. Because the 11 → 5
 * fold merges remainders 0 and 6, S10 does NOT catch every single-digit error (e.g. `RR287043775IN` and
 * `RR087043775IN` both validate): never rely on the check digit alone to tell two articles apart.
 */
import { ISO_3166_ALPHA2 } from './iso-3166.ts'

/** A canonical, checksum-valid S10 article id; minted only by {@link parseArticleId} / the series. */
export type ArticleId = string & { readonly __brand: 'ArticleId' }

/** Why a string is not an S10 id (stable codes, one per rule of S10-12). */
export type ArticleIdErrorCode =
  | 'bad-length'
  | 'bad-service-indicator-chars'
  | 'service-indicator-reserved'
  | 'service-indicator-unassigned'
  | 'non-digit-serial'
  | 'non-digit-check-digit'
  | 'check-digit-mismatch'
  | 'bad-country-chars'
  | 'country-not-iso3166'

/** Thrown by {@link normalizeArticleId} for input that cannot be an S10 id; `code` is stable. */
export class ArticleIdError extends Error {
  override readonly name = 'ArticleIdError'
  constructor(
    readonly code: ArticleIdErrorCode,
    message: string,
    readonly input: string,
  ) {
    super(message)
  }
}

const WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7] as const
const FORMAT =
  'an S10 id is 13 characters: 2 letters, 8 digits, a check digit, a 2-letter country (RR287043775IN)'

/** The S10 check digit (0–9) of an 8-digit serial string; throws for anything but exactly 8 digits. */
export function articleIdCheckDigit(serial8: string): number {
  if (!/^\d{8}$/.test(serial8))
    throw new ArticleIdError('non-digit-serial', `Serial must be 8 digits; got "${serial8}".`, serial8)
  let sum = 0
  for (let i = 0; i < 8; i++) sum += (serial8.charCodeAt(i) - 48) * WEIGHTS[i]!
  const c = 11 - (sum % 11)
  return c === 10 ? 0 : c === 11 ? 5 : c
}

/**
 * Whether a two-letter service indicator may be used (S10-12 table): CA–CZ parcels, EA–EZ EMS, HA–HZ
 * e-commerce, LA–LZ tracked letters, MA–MZ M-bags, QA–QM IBRS, RA–RZ registered, UA–UZ, VA–VZ insured, and the
 * domestic/bilateral ranges AV–AZ, BA–BZ, DA–DZ, GA, GD, NA–NZ, PA–PZ, ZA–ZZ. JA–KZ are reserved.
 */
export function serviceIndicatorStatus(si: string): 'assigned' | 'reserved' | 'unassigned' {
  const a = si[0]
  const b = si[1] ?? ''
  if (a === 'J' || a === 'K') return 'reserved'
  if ('BCDEHLMNPRUVZ'.includes(a ?? '')) return 'assigned'
  if (a === 'A') return b >= 'V' ? 'assigned' : 'unassigned'
  if (a === 'Q') return b <= 'M' ? 'assigned' : 'unassigned'
  if (a === 'G') return b === 'A' || b === 'D' ? 'assigned' : 'unassigned'
  return 'unassigned'
}

/** Validates a canonical (upper-case, no spaces) id; returns the first rule it breaks, or null. */
export function articleIdProblem(id: string): ArticleIdError | null {
  const fail = (code: ArticleIdErrorCode, why: string) => new ArticleIdError(code, `${why}; ${FORMAT}.`, id)
  if (id.length !== 13) return fail('bad-length', `"${id}" has ${id.length} characters`)
  const si = id.slice(0, 2)
  if (!/^[A-Z]{2}$/.test(si))
    return fail('bad-service-indicator-chars', `service indicator "${si}" is not two letters A–Z`)
  const serial = id.slice(2, 10)
  if (!/^\d{8}$/.test(serial)) return fail('non-digit-serial', `serial "${serial}" is not 8 digits`)
  const check = id[10]!
  if (!/^\d$/.test(check)) return fail('non-digit-check-digit', `check digit "${check}" is not 0–9`)
  const country = id.slice(11)
  if (!/^[A-Z]{2}$/.test(country))
    return fail('bad-country-chars', `country "${country}" is not two letters A–Z`)
  if (!ISO_3166_ALPHA2.has(country))
    return fail('country-not-iso3166', `"${country}" is not an ISO 3166-1 code`)
  const status = serviceIndicatorStatus(si)
  if (status !== 'assigned') {
    return fail(
      status === 'reserved' ? 'service-indicator-reserved' : 'service-indicator-unassigned',
      `service indicator "${si}" is ${status} in S10-12`,
    )
  }
  const expected = articleIdCheckDigit(serial)
  if (Number(check) !== expected)
    return fail('check-digit-mismatch', `check digit ${check} should be ${expected}`)
  return null
}

/** True when `id` is a canonical, checksum-valid S10 id with an assigned service indicator. */
export function isValidArticleId(id: string): id is ArticleId {
  return typeof id === 'string' && articleIdProblem(id) === null
}

/**
 * Canonical form of a typed or scanned id: whitespace removed, upper case (`" rr 28704377 5 in"` →
 * `RR287043775IN`). Throws {@link ArticleIdError} with the broken rule's `code` when it cannot be an S10 id.
 */
export function normalizeArticleId(input: string): ArticleId {
  const canonical = String(input).replace(/\s+/g, '').toUpperCase()
  const problem = articleIdProblem(canonical)
  if (problem) throw problem
  return canonical as ArticleId
}

/** Builds an id from its parts, computing the check digit. */
export function composeArticleId(serviceIndicator: string, serial: number, country: string): ArticleId {
  const s8 = String(serial).padStart(8, '0')
  return normalizeArticleId(`${serviceIndicator}${s8}${articleIdCheckDigit(s8)}${country}`)
}
