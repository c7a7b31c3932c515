/**
 * Pricing an article from the tariff *as data* (`dak.tariff/1`, see packages/core/data/tariff.json and its
 * explanation in the shared tariff.md). No rate lives in code: this file only knows the shape of the data —
 * tables picked by booking date and customer type, slabs by weight, bands (distance or parcel zone),
 * value-added fees, the COD fee slabs and GST. Amounts are exact paise through @dak/ledger; percentages are
 * applied with `mulRate` rounding half-up to the paisa (no rounding rule is published; see tariff.md).
 */
import { type DomainError, domainError } from '../events/domain-error.ts'
import { err, ok, type Result } from '../result.ts'
import { addMoney, bpsRate, type Money, mulRate, paise, subMoney, ZERO } from './ledger-link.ts'
import type {
  CustomerType,
  PriceBreakdown,
  PriceRequest,
  SteppedService,
  Tariff,
  TariffTable,
} from './tariff-types.ts'

export type {
  BookingOptions,
  CustomerType,
  PriceBreakdown,
  PriceRequest,
  Service,
  Tariff,
  TariffTable,
} from './tariff-types.ts'
export { SERVICES } from './tariff-types.ts'

const refuse = (code: string, rule: string, message: string, details?: Record<string, unknown>) =>
  err(domainError(code, rule, message, details))

const inForce = (t: TariffTable, date: string) =>
  (t.effectiveFrom === null || t.effectiveFrom <= date) && (t.effectiveTo === null || date <= t.effectiveTo)

/** Picks the table in force on `date` for the customer type; an exact customer type beats `any`. */
export function pickTable(
  tariff: Tariff,
  service: string,
  date: string,
  customerType: CustomerType,
): TariffTable | undefined {
  const tables = (tariff.services[service]?.tables ?? []).filter((t) => inForce(t, date))
  return tables.find((t) => t.customerType === customerType) ?? tables.find((t) => t.customerType === 'any')
}

function bandedPostage(
  table: TariffTable,
  weight: number,
  band: string | undefined,
): Result<Money, DomainError> {
  if (band === undefined || !(band in (table.slabs[0]?.bands ?? {}))) {
    return refuse(
      'tariff-band-unknown',
      'a banded service is priced by its distance band or parcel zone',
      `Band "${band}" is not in table ${table.id}; accepted: ${Object.keys(table.slabs[0]?.bands ?? {}).join(', ')}.`,
    )
  }
  if (table.maxGrams !== null && weight > table.maxGrams) {
    return refuse(
      'tariff-overweight',
      'weight above the table maximum is not bookable',
      `${weight} g is above the ${table.maxGrams} g limit of ${table.id}.`,
    )
  }
  const slab = table.slabs.find((s) => s.upToGrams >= weight)
  if (slab) return ok(paise(slab.bands[band]!))
  const lastSlab = table.slabs[table.slabs.length - 1]!
  const add = table.additional
  if (!add) {
    return refuse(
      'tariff-overweight',
      'weight above the last slab is not bookable',
      `${weight} g is above ${lastSlab.upToGrams} g for ${table.id}.`,
    )
  }
  const steps = Math.ceil((weight - add.afterGrams) / add.stepGrams)
  return ok(paise(lastSlab.bands[band]! + steps * add.bands[band]!))
}

function steppedPostage(
  s: Partial<SteppedService>,
  service: string,
  weight: number,
): Result<Money, DomainError> {
  if (
    s.firstGrams === undefined ||
    s.firstPaise === undefined ||
    s.stepGrams === undefined ||
    s.stepPaise === undefined
  ) {
    return refuse(
      'tariff-service-unknown',
      'a service is priced from the tariff',
      `The tariff has no price for "${service}".`,
    )
  }
  if (s.maxGrams !== undefined && weight > s.maxGrams) {
    return refuse(
      'tariff-overweight',
      'weight above the service maximum is not bookable',
      `${weight} g is above the ${s.maxGrams} g limit of ${service}.`,
    )
  }
  const steps = weight <= s.firstGrams ? 0 : Math.ceil((weight - s.firstGrams) / s.stepGrams)
  return ok(paise(s.firstPaise + steps * s.stepPaise))
}

/** The money order / eMO commission for an amount (every step or part of it costs one step's fee; no GST). */
export function moneyOrderCommission(tariff: Tariff, amount: Money): Result<Money, DomainError> {
  const mo = tariff.moneyOrder
  if (!mo)
    return refuse(
      'tariff-service-unknown',
      'a service is priced from the tariff',
      'The tariff has no money order commission.',
    )
  if (amount <= 0 || amount > mo.maxPerOrderPaise || (mo.amountMustBeWholeRupees && amount % 100 !== 0)) {
    return refuse(
      'money-order-amount-invalid',
      'a money order is whole rupees up to the per-order limit',
      `Money order amount ${amount / 100} is not accepted: give whole rupees between 1 and ${mo.maxPerOrderPaise / 100}.`,
    )
  }
  return ok(paise(Math.ceil(amount / mo.commission.stepAmountPaise) * mo.commission.perStepPaise))
}

/** The COD fee for an amount, from `cod.feeSlabs` (the first slab whose `[from, to]` holds the amount). */
export function codFee(tariff: Tariff, amount: Money): Result<Money, DomainError> {
  const cod = tariff.cod
  if (amount <= 0 || amount > cod.maxAmountPaise || (cod.amountMustBeWholeRupees && amount % 100 !== 0)) {
    return refuse(
      'cod-amount-invalid',
      'a COD amount is whole rupees up to the tariff maximum',
      `COD amount ${amount / 100} is not accepted: give whole rupees between 1 and ${cod.maxAmountPaise / 100}.`,
    )
  }
  // "Up to ₹6,500" is inclusive: the first slab whose upper bound holds the amount applies.
  const slab = cod.feeSlabs.find((s) => amount <= s.toAmountPaise)!
  const base = slab.rateAppliesTo === 'amount' ? amount : subMoney(amount, paise(slab.fromAmountPaise))
  return ok(addMoney(paise(slab.fixedPaise), mulRate(base, bpsRate(slab.rateBps), 'half-up')))
}

function insuranceFee(tariff: Tariff, declared: Money | undefined): Result<Money, DomainError> {
  const ins = tariff.valueAdded.insurance
  if (
    !ins?.fee ||
    declared === undefined ||
    declared <= 0 ||
    declared > (ins.maxInsuredValuePaise ?? declared)
  ) {
    return refuse(
      'insurance-value-invalid',
      'insurance needs a declared value within the maximum insured value',
      `Declare a value above zero and at most ${(ins?.maxInsuredValuePaise ?? 0) / 100} rupees to insure an article.`,
    )
  }
  const excess = Math.max(0, declared - ins.fee.upToValuePaise)
  return ok(
    addMoney(paise(ins.fee.basePaise), mulRate(paise(excess), bpsRate(ins.fee.rateBpsOnExcess), 'half-up')),
  )
}

const OPTION_KEYS = [
  ['registration', 'registration'],
  ['otpDelivery', 'otp-delivery'],
  ['proofOfDelivery', 'proof-of-delivery'],
] as const

/** Prices an article: postage, discount, value-added fees, COD fee, GST and total — or the rule that refuses it. */
export function priceArticle(tariff: Tariff, req: PriceRequest): Result<PriceBreakdown, DomainError> {
  if (!Number.isInteger(req.weightGrams) || req.weightGrams <= 0) {
    return refuse(
      'weight-invalid',
      'weight is whole grams above zero',
      `Weight ${req.weightGrams} is not accepted: give whole grams (round up).`,
    )
  }
  const service = tariff.services[req.service]
  if (!service)
    return refuse(
      'tariff-service-unknown',
      'a service is priced from the tariff',
      `The tariff has no service "${req.service}".`,
    )
  const table = service.tables ? pickTable(tariff, req.service, req.bookingDate, req.customerType) : undefined
  if (service.tables && !table) {
    return refuse(
      'tariff-no-table',
      'the table in force on the booking date is used',
      `No ${req.service} table is in force on ${req.bookingDate} for ${req.customerType} customers.`,
    )
  }
  const postageR = table
    ? bandedPostage(table, req.weightGrams, req.band)
    : steppedPostage(service, req.service, req.weightGrams)
  if (!postageR.ok) return postageR
  const postage = postageR.value
  const student = tariff.discounts.student
  const discount =
    req.student && req.service === 'speed-post-document' && req.bookingDate >= student.effectiveFrom
      ? mulRate(postage, bpsRate(student.rateBps), 'half-up')
      : ZERO
  const isTaxable = (item: string) =>
    tariff.gst.taxable.includes(item) || (req.gstOnUnclear === true && tariff.gst.unclear.includes(item))
  let taxable = isTaxable(req.service) ? subMoney(postage, discount) : ZERO
  let exempt = isTaxable(req.service) ? ZERO : subMoney(postage, discount)
  const fees: Partial<
    Record<'registration' | 'otp-delivery' | 'proof-of-delivery' | 'insurance' | 'cod-fee', Money>
  > = {}
  const addFee = (key: keyof typeof fees, fee: Money, gstApplies: boolean) => {
    fees[key] = fee
    if (gstApplies) taxable = addMoney(taxable, fee)
    else exempt = addMoney(exempt, fee)
  }
  for (const [opt, key] of OPTION_KEYS) {
    if (!req.options?.[opt]) continue
    const va = tariff.valueAdded[key]
    if (!va?.appliesTo.includes(req.service) || va.feePaise === undefined) {
      return refuse(
        'option-not-available',
        'a value-added service applies only to the services the tariff lists',
        `${key} is not available for ${req.service}; it applies to ${va?.appliesTo.join(', ') ?? 'nothing'}.`,
      )
    }
    const fee =
      req.customerType === 'contractual' && va.contractualFeePaise !== undefined
        ? va.contractualFeePaise
        : va.feePaise
    addFee(key, paise(fee), va.gstApplies)
  }
  if (req.options?.insurance) {
    const va = tariff.valueAdded.insurance
    if (!va?.appliesTo.includes(req.service)) {
      return refuse(
        'option-not-available',
        'insurance applies only to the services the tariff lists',
        `Insurance is not available for ${req.service}.`,
      )
    }
    const fee = insuranceFee(tariff, req.declaredValue)
    if (!fee.ok) return fee
    addFee('insurance', fee.value, va.gstApplies)
  }
  if (req.codAmount !== undefined) {
    if (req.customerType !== 'contractual') {
      return refuse(
        'cod-contractual-only',
        'COD is for contractual customers with a COD agreement',
        'Cash on delivery is only for contractual customers; book without COD or under the customer’s contract.',
      )
    }
    const fee = codFee(tariff, req.codAmount)
    if (!fee.ok) return fee
    addFee('cod-fee', fee.value, tariff.cod.gstApplies)
  }
  const gst = mulRate(taxable, bpsRate(tariff.gst.rateBps), 'half-up')
  return ok({
    tariffVersion: tariff.version,
    tableId: table?.id ?? null,
    band: table ? (req.band ?? null) : null,
    postage,
    discount,
    fees,
    taxable,
    gst,
    total: addMoney(addMoney(taxable, exempt), gst),
  })
}

/** Checks that a JSON value is a `dak.tariff/1` document (shape only; figures are the publisher's). */
export function isTariff(x: unknown): x is Tariff {
  const t = x as Partial<Tariff> | null
  return (
    typeof t === 'object' &&
    t !== null &&
    t.schema === 'dak.tariff/1' &&
    typeof t.version === 'string' &&
    typeof t.gst?.rateBps === 'number' &&
    typeof t.services === 'object' &&
    typeof t.valueAdded === 'object' &&
    Array.isArray(t.cod?.feeSlabs)
  )
}
