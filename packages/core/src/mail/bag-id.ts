/**
 * Bag (receptacle) identifiers. Domestic bags use the 29-character UPU S9 receptacle layout with one
 * adaptation: where S9 puts a 6-letter international office of exchange, we put the office's 6-digit PIN code
 * (a domestic id never starts with two letters, so it cannot be mistaken for an international one).
 * See docs/domain/mail.md for the field-by-field comparison.
 *
 * | pos | len | S9 | domestic Dak |
 * |---|---|---|---|
 * | 1–6 | 6 | origin OE | origin office PIN |
 * | 7–12 | 6 | destination OE | destination office PIN |
 * | 13 | 1 | mail category A/B/C/D | A (Speed Post, priority) or C (surface) |
 * | 14–15 | 2 | mail subclass | bag type code (`BAG_SUBCLASS`) |
 * | 16 | 1 | year's last digit | same |
 * | 17–20 | 4 | dispatch number | same, per origin → destination and year |
 * | 21–23 | 3 | receptacle serial | same, within the dispatch |
 * | 24 | 1 | highest receptacle 0/1/9 | same |
 * | 25 | 1 | registered/insured 0/1/9 | same |
 * | 26–29 | 4 | weight, 0.1 kg | same (9999 = above 999.8 kg) |
 */

/** Kinds of bag (Postal Manual Vol V ch.1 rules 26–37 and IT 2.0 bag types). */
export const BAG_TYPES = [
  'letter',
  'parcel',
  'speed-post',
  'registered',
  'insured',
  'cash',
  'account',
  'transit',
  'bo',
] as const
export type BagType = (typeof BAG_TYPES)[number]

/**
 * Positions 14–15: the UPU mail class letter first where one fits (U letters, C parcels, E EMS = Speed Post),
 * then a domestic qualifier; bag kinds that have no UPU class (cash, account, transit, BO bags) use class `X`,
 * which UPU code list 117 does not assign.
 */
export const BAG_SUBCLASS: Readonly<Record<BagType, string>> = {
  letter: 'UN',
  registered: 'UR',
  insured: 'UV',
  parcel: 'CN',
  'speed-post': 'EN',
  cash: 'XC',
  account: 'XA',
  transit: 'XT',
  bo: 'XB',
}

export interface BagIdParts {
  readonly originPin: string
  readonly destinationPin: string
  readonly category: 'A' | 'C'
  readonly bagType: BagType
  /** Business year, e.g. 2026 (only its last digit is printed). */
  readonly year: number
  readonly dispatchNumber: number
  readonly receptacleSerial: number
  readonly last: boolean
  readonly registeredOrInsured: boolean
  readonly weightGrams: number
}

const pad = (n: number, w: number) => String(n).padStart(w, '0')

/** Formats a 29-character domestic bag id. Throws for parts out of their field's range (a caller bug). */
export function formatBagId(p: BagIdParts): string {
  if (!/^\d{6}$/.test(p.originPin) || !/^\d{6}$/.test(p.destinationPin)) {
    throw new Error(`bag id needs 6-digit PIN codes; got ${p.originPin} → ${p.destinationPin}`)
  }
  if (
    !(
      p.dispatchNumber >= 1 &&
      p.dispatchNumber <= 9999 &&
      p.receptacleSerial >= 1 &&
      p.receptacleSerial <= 999
    )
  ) {
    throw new Error(
      `dispatch 1–9999 and receptacle 1–999 expected; got ${p.dispatchNumber}/${p.receptacleSerial}`,
    )
  }
  // S9 weight is in 0.1 kg, rounded up so that the label never under-declares; 9999 means "above 999.8 kg".
  const tenths = Math.min(9999, Math.ceil(p.weightGrams / 100))
  return (
    p.originPin +
    p.destinationPin +
    p.category +
    BAG_SUBCLASS[p.bagType] +
    String(p.year % 10) +
    pad(p.dispatchNumber, 4) +
    pad(p.receptacleSerial, 3) +
    (p.last ? '1' : '0') +
    (p.registeredOrInsured ? '1' : '0') +
    pad(tenths, 4)
  )
}

const BAG_ID = /^(\d{6})(\d{6})([AC])([A-Z]{2})(\d)(\d{4})(\d{3})([019])([019])(\d{4})$/

/** Parses a domestic bag id (as scanned from the label); null when it is not one. */
export function parseBagId(id: string): {
  originPin: string
  destinationPin: string
  category: string
  bagType: BagType | null
  yearDigit: number
  dispatchNumber: number
  receptacleSerial: number
  weightTenthsKg: number
} | null {
  const m = BAG_ID.exec(id)
  if (!m) return null
  const bagType = (Object.keys(BAG_SUBCLASS) as BagType[]).find((t) => BAG_SUBCLASS[t] === m[4]) ?? null
  return {
    originPin: m[1]!,
    destinationPin: m[2]!,
    category: m[3]!,
    bagType,
    yearDigit: Number(m[5]),
    dispatchNumber: Number(m[6]),
    receptacleSerial: Number(m[7]),
    weightTenthsKg: Number(m[10]),
  }
}
