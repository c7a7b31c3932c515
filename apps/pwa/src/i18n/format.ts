/**
 * Number, money and date formatting through `Intl`, always in Asia/Kolkata. Money arrives as integer paise
 * (bigint, or a decimal string of paise) and is never turned into a float for arithmetic: rupees and paise are
 * split with integer maths, and only the rupee part is handed to `Intl` for lakh grouping.
 */
export type Locale = 'en' | 'hi'

const TZ = 'Asia/Kolkata'
const tag = (locale: Locale): string => (locale === 'hi' ? 'hi-IN' : 'en-IN')

const groupers = new Map<string, Intl.NumberFormat>()
function grouper(locale: Locale): Intl.NumberFormat {
  const key = tag(locale)
  let f = groupers.get(key)
  if (!f) {
    f = new Intl.NumberFormat(key, { maximumFractionDigits: 0, useGrouping: true })
    groupers.set(key, f)
  }
  return f
}

/** `1234567` → `12,34,567` (Indian lakh/crore grouping). Exact for any bigint. */
export function formatCount(n: number | bigint, locale: Locale): string {
  return grouper(locale).format(n)
}

/** Paise (bigint or integer string) → `₹12,34,567.50`, exact: no float ever touches the amount. */
export function formatPaise(paise: bigint | string | number, locale: Locale): string {
  const p = typeof paise === 'bigint' ? paise : BigInt(paise)
  const neg = p < 0n
  const abs = neg ? -p : p
  const rupees = abs / 100n
  const rest = (abs % 100n).toString().padStart(2, '0')
  return `${neg ? '−' : ''}₹${grouper(locale).format(rupees)}.${rest}`
}

/** Parses a typed rupee amount (`1,234.5`, `1234.50`, `₹ 12`) into paise, or null when it is not an amount. */
export function parseRupees(text: string): bigint | null {
  const clean = text.replace(/[₹,\s]/g, '')
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(clean)
  if (!m) return null
  return BigInt(m[1] ?? '0') * 100n + BigInt((m[2] ?? '').padEnd(2, '0'))
}

/** A date (epoch ms) as a calendar date in Asia/Kolkata, e.g. `30 Nov 2026` / `30 नव॰ 2026`. */
export function formatDate(ms: number, locale: Locale): string {
  return new Intl.DateTimeFormat(tag(locale), { dateStyle: 'medium', timeZone: TZ }).format(ms)
}

/** Date and time in Asia/Kolkata. */
export function formatDateTime(ms: number, locale: Locale): string {
  return new Intl.DateTimeFormat(tag(locale), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: TZ,
  }).format(ms)
}

/** The business date (`yyyy-mm-dd`) of an instant in Asia/Kolkata. */
export function businessDate(ms: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .formatToParts(ms)
    .reduce<Record<string, string>>((acc, p) => {
      acc[p.type] = p.value
      return acc
    }, {})
  return `${parts.year}-${parts.month}-${parts.day}`
}

/** Bytes as a short human size (`1.2 MB`). */
export function formatBytes(bytes: number, locale: Locale): string {
  const units = ['B', 'kB', 'MB', 'GB']
  let v = bytes
  let i = 0
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000
    i++
  }
  return `${new Intl.NumberFormat(tag(locale), { maximumFractionDigits: 1 }).format(v)} ${units[i]}`
}

/** A decimal rupee string as core keeps money (`"1234.50"`, `"-20.00"`) → `₹1,234.50`, exact. */
export function formatMoney(amount: string, locale: Locale): string {
  const neg = amount.startsWith('-')
  const paise = parseRupees(neg ? amount.slice(1) : amount)
  if (paise === null) return amount
  return formatPaise(neg ? -paise : paise, locale)
}
