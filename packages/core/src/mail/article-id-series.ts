/**
 * Allocation of S10 article ids from a series: one service indicator and country, a block of serials allotted
 * to an office (or Circle), handed out in order. Serials may wrap round to the start of the block, but a
 * serial is never re-issued within the reuse window (S10-12: no reuse within 12 months; 24 recommended).
 * The series is plain data the caller keeps (injected state, no randomness, no clock): every call returns the
 * id and the next state.
 */
import { type DomainError, domainError } from '../events/domain-error.ts'
import { err, ok, type Result } from '../result.ts'
import { type ArticleId, composeArticleId, serviceIndicatorStatus } from './s10.ts'

/** The serials issued on one business date in one lap of the block: `[from, to]` inclusive. */
export interface IssuedRange {
  readonly date: string
  readonly lap: number
  readonly from: number
  readonly to: number
}

export interface ArticleIdSeries {
  readonly serviceIndicator: string
  readonly country: string
  /** First and last serial of the allotted block (inclusive, 0 … 99,999,999). */
  readonly first: number
  readonly last: number
  /** Next serial to issue and the lap (0 on the first pass through the block). */
  readonly next: number
  readonly lap: number
  /** Days within which a serial may not be re-issued (365 by default). */
  readonly reuseWindowDays: number
  /** What was issued when, kept only as long as the reuse window needs it (at most one range per day and lap). */
  readonly issued: readonly IssuedRange[]
}

/** Opens a series over a block of serials. Throws for an unusable indicator or block (a configuration error). */
export function createArticleIdSeries(opts: {
  serviceIndicator: string
  country?: string
  first?: number
  last?: number
  reuseWindowDays?: number
}): ArticleIdSeries {
  const first = opts.first ?? 0
  const last = opts.last ?? 99_999_999
  if (
    serviceIndicatorStatus(opts.serviceIndicator) !== 'assigned' ||
    !/^[A-Z]{2}$/.test(opts.serviceIndicator)
  ) {
    throw new Error(`service indicator "${opts.serviceIndicator}" is not assignable under S10-12`)
  }
  if (
    !(Number.isInteger(first) && Number.isInteger(last) && first >= 0 && last <= 99_999_999 && first <= last)
  ) {
    throw new Error(`serial block ${first}…${last} must be whole numbers within 0…99999999, first ≤ last`)
  }
  return {
    serviceIndicator: opts.serviceIndicator,
    country: opts.country ?? 'IN',
    first,
    last,
    next: first,
    lap: 0,
    reuseWindowDays: opts.reuseWindowDays ?? 365,
    issued: [],
  }
}

const DAY_MS = 86_400_000
const dayNumber = (date: string): number =>
  Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY_MS

/**
 * Issues the next id of the series on business date `date` (`yyyy-mm-dd`). Refuses with
 * `article-series-exhausted` when the next serial was issued less than the reuse window ago (the block is too
 * small for the traffic: allot a new block), and `article-series-date-backwards` for a date before the last issue.
 */
export function allocateArticleId(
  series: ArticleIdSeries,
  date: string,
): Result<{ id: ArticleId; series: ArticleIdSeries }, DomainError> {
  const today = dayNumber(date)
  const lastRange = series.issued[series.issued.length - 1]
  if (lastRange && dayNumber(lastRange.date) > today) {
    return err(
      domainError(
        'article-series-date-backwards',
        'article ids are issued in business-date order',
        `Cannot issue on ${date}: this series already issued ids on ${lastRange.date}. Use the current business date.`,
      ),
    )
  }
  const serial = series.next
  if (series.lap > 0) {
    const prev = series.issued.find((r) => r.lap === series.lap - 1 && r.from <= serial && serial <= r.to)
    if (prev && today - dayNumber(prev.date) < series.reuseWindowDays) {
      return err(
        domainError(
          'article-series-exhausted',
          'an S10 id is not re-used within the reuse window (S10-12)',
          `Serial ${serial} of ${series.serviceIndicator}…${series.country} was issued on ${prev.date}, less than ` +
            `${series.reuseWindowDays} days ago. Allot a new block of serials to this series.`,
          { serial, issuedOn: prev.date },
        ),
      )
    }
  }
  const id = composeArticleId(series.serviceIndicator, serial, series.country)
  const wraps = serial === series.last
  const issued = recordIssue(series, date, serial, today)
  return ok({
    id,
    series: {
      ...series,
      next: wraps ? series.first : serial + 1,
      lap: wraps ? series.lap + 1 : series.lap,
      issued,
    },
  })
}

function recordIssue(series: ArticleIdSeries, date: string, serial: number, today: number): IssuedRange[] {
  // Ranges older than the window can no longer block anything: drop them so the state stays small.
  const kept = series.issued.filter((r) => today - dayNumber(r.date) < series.reuseWindowDays)
  const last = kept[kept.length - 1]
  if (last && last.date === date && last.lap === series.lap && last.to === serial - 1) {
    kept[kept.length - 1] = { ...last, to: serial }
  } else {
    kept.push({ date, lap: series.lap, from: serial, to: serial })
  }
  return kept
}
