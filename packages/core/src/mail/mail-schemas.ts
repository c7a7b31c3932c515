/**
 * Valibot schemas of mail command payloads (validated by each handler) and of mail event payloads (checked by
 * the journal on every device and the server before folding).
 */
import * as v from 'valibot'
import { idField, moneyString } from '../office/parse-payload.ts'
import { BAG_TYPES } from './bag-id.ts'
import { SERVICES } from './tariff.ts'

const text = (what: string, max = 200) =>
  v.pipe(
    v.string(`${what} must be text`),
    v.trim(),
    v.minLength(1, `${what} is required`),
    v.maxLength(max, `${what} is at most ${max} characters`),
  )
const pincode = v.pipe(v.string(), v.regex(/^[1-9]\d{5}$/, 'pincode must be 6 digits not starting with 0'))
const mobile = v.optional(
  v.pipe(v.string(), v.regex(/^[6-9]\d{9}$/, 'mobile must be a 10-digit Indian number')),
)
const grams = v.pipe(
  v.number('weight must be a number'),
  v.integer('weight is whole grams (round up)'),
  v.minValue(1, 'weight must be at least 1 g'),
)

export const partySchema = v.strictObject({
  name: text('name'),
  address: text('address', 500),
  pincode,
  mobile,
})
export const optionsSchema = v.strictObject({
  registration: v.optional(v.boolean()),
  otpDelivery: v.optional(v.boolean()),
  proofOfDelivery: v.optional(v.boolean()),
  insurance: v.optional(v.boolean()),
})

export const bookSchema = v.strictObject({
  articleId: v.string('articleId must be an S10 id'),
  service: v.picklist(SERVICES, `service must be one of ${SERVICES.join(', ')}`),
  customerType: v.picklist(['retail', 'contractual'], 'customerType must be retail or contractual'),
  sender: partySchema,
  addressee: v.strictObject({ ...partySchema.entries, digipin: v.string('digipin is required') }),
  weightGrams: grams,
  band: v.optional(v.string()),
  options: v.optional(optionsSchema),
  declaredValue: v.optional(moneyString),
  cod: v.optional(v.strictObject({ amount: moneyString, billerId: idField })),
  student: v.optional(v.boolean()),
  payment: v.strictObject({
    method: v.picklist(['cash', 'qr'], 'payment method must be cash or qr'),
    reference: v.optional(text('payment reference', 64)),
  }),
  /** The booking office's delivery OTP secret (hex), needed when OTP delivery is chosen; never stored. */
  otpSecret: v.optional(v.string()),
})

export const bagOpenSchema = v.strictObject({
  to: idField,
  bagType: v.picklist(BAG_TYPES, `bagType must be one of ${BAG_TYPES.join(', ')}`),
})
export const bagArticleSchema = v.strictObject({ bagKey: idField, articleId: v.string() })
export const bagCloseSchema = v.strictObject({
  bagKey: idField,
  sealNo: text('sealNo', 32),
  weightGrams: grams,
  category: v.optional(v.picklist(['A', 'C'], 'category must be A (priority) or C (surface)')),
})
export const bagDispatchSchema = v.strictObject({
  bagKey: idField,
  carrier: v.optional(text('carrier', 100)),
})
export const bagReceiveSchema = v.strictObject({
  bagId: v.string('bagId is the scanned label'),
  sealNo: text('sealNo', 32),
  sealIntact: v.boolean('sealIntact must be true or false'),
  /** The QR text on the bag label, when the pre-advice has not arrived (offline receipt). */
  manifestQr: v.optional(v.string()),
  scanned: v.array(v.string()),
  damaged: v.optional(v.array(v.string())),
})

export const ATTEMPT_REASONS = [
  'addressee-absent',
  'premises-locked',
  'address-incomplete',
  'addressee-unknown',
  'addressee-refused',
  'addressee-deceased',
  'otp-not-given',
  'cod-not-paid',
  'no-access',
] as const
export const ATTEMPT_ACTIONS = ['retry-next-beat', 'hold-at-office', 'return-to-sender', 'redirect'] as const
export const ID_DOCUMENTS = [
  'aadhaar',
  'passport',
  'voter-id',
  'driving-licence',
  'pan',
  'other-ovd',
] as const

const idDocType = v.picklist(ID_DOCUMENTS, `idDocument.type must be one of ${ID_DOCUMENTS.join(', ')}`)
/**
 * The ID document a delivery command carries: its type and the last 4 characters of its number (`last4`). A
 * `number` is read only to refuse it with a typed error when it is longer (the handler checks both).
 */
const idDocument = v.strictObject({
  type: idDocType,
  last4: v.optional(v.string('idDocument.last4 must be text')),
  number: v.optional(v.string('idDocument.number must be text')),
})
/** Last 4 characters of an ID document number, as journaled: letters (upper case) and digits. */
export const LAST4 = /^[A-Z0-9]{4}$/

export const beatPrepareSchema = v.strictObject({
  articleIds: v.pipe(v.array(v.string()), v.minLength(1, 'a beat needs at least one article')),
  start: v.optional(v.strictObject({ lat: v.number(), lon: v.number() })),
})
export const deliverSchema = v.strictObject({
  articleId: v.string(),
  method: v.picklist(
    ['otp', 'id-document', 'authorised-person'],
    'method must be otp, id-document or authorised-person',
  ),
  recipientName: text('recipientName'),
  otp: v.optional(v.string()),
  otpSecret: v.optional(v.string()),
  idDocument: v.optional(idDocument),
  authorisation: v.optional(text('authorisation', 100)),
  digipin: v.string('digipin of the place of delivery is required'),
})
export const attemptSchema = v.strictObject({
  articleId: v.string(),
  reason: v.picklist(ATTEMPT_REASONS, `reason must be one of ${ATTEMPT_REASONS.join(', ')}`),
  action: v.picklist(ATTEMPT_ACTIONS, `action must be one of ${ATTEMPT_ACTIONS.join(', ')}`),
  digipin: v.optional(v.string()),
})
/** A 6-digit Indian PIN code (first digit 1–9). */
const pin6 = v.pipe(
  v.string('pincode must be text'),
  v.regex(/^[1-9]\d{5}$/, 'pincode must be 6 digits, the first not 0 (e.g. "522002")'),
)
export const redirectSchema = v.strictObject({
  articleId: v.string(),
  to: v.variant(
    'kind',
    [
      v.strictObject({
        kind: v.literal('address'),
        address: text('to.address', 500),
        pincode: pin6,
        digipin: v.optional(v.string()),
      }),
      v.strictObject({ kind: v.literal('office'), office: idField }),
    ],
    'to.kind must be "address" (with address and pincode) or "office" (with office)',
  ),
  reason: text('reason'),
})
export const returnSchema = v.strictObject({ articleId: v.string(), reason: text('reason') })
export const codDepositSchema = v.strictObject({})
export const codRemitSchema = v.strictObject({ billerId: idField, reference: text('reference', 64) })
export const tariffPublishSchema = v.strictObject({
  tariff: v.looseObject({ schema: v.literal('dak.tariff/1'), version: v.string() }),
})

const postings = v.array(v.strictObject({ account: v.string(), commodity: v.string(), amount: v.string() }))
const loose = v.looseObject({})

/** Event payload schemas by type and version (the journal checks them before folding). */
export const mailPayloadSchemas = {
  'tariff.published': {
    1: v.looseObject({ tariff: v.looseObject({ schema: v.literal('dak.tariff/1'), version: v.string() }) }),
  },
  'article.booked': {
    1: v.looseObject({ articleId: v.string(), service: v.string(), price: loose, postings }),
  },
  'bag.opened': { 1: v.looseObject({ to: v.string(), bagType: v.picklist(BAG_TYPES) }) },
  'bag.article-added': { 1: v.looseObject({ bagKey: v.string(), articleId: v.string() }) },
  'bag.article-removed': { 1: v.looseObject({ bagKey: v.string(), articleId: v.string() }) },
  'bag.closed': { 1: v.looseObject({ bagKey: v.string(), bagId: v.string(), manifest: v.string() }) },
  'bag.dispatched': {
    1: v.looseObject({ bagKey: v.string(), bagId: v.string(), articleIds: v.array(v.string()) }),
  },
  'bag.pre-advised': { 1: v.looseObject({ bagId: v.string(), to: v.string(), manifest: v.string() }) },
  'bag.received': {
    1: v.looseObject({ bagId: v.string(), manifest: v.string(), scanned: v.array(v.string()) }),
  },
  'bag.irregularities-reported': {
    1: v.looseObject({
      bagId: v.string(),
      receipt: v.string(),
      atFault: v.string(),
      records: v.array(loose),
    }),
  },
  'beat.prepared': { 1: v.looseObject({ order: v.array(v.string()), postman: v.string() }) },
  'article.delivered': {
    // v1 recorded the ID document's number as typed (the PWA masked it; other clients need not have)
    1: v.looseObject({ articleId: v.string(), pod: loose }),
    // v2 carries only the document type and the last 4 characters of its number
    2: v.looseObject({
      articleId: v.string(),
      pod: v.looseObject({
        idDocument: v.nullable(
          v.strictObject({
            type: idDocType,
            last4: v.pipe(v.string(), v.regex(LAST4, 'last4 is 4 letters or digits')),
          }),
        ),
      }),
    }),
  },
  'article.redirected': {
    1: v.looseObject({
      articleId: v.string(),
      to: v.variant('kind', [
        v.looseObject({ kind: v.literal('address'), address: v.string(), pincode: v.string() }),
        v.looseObject({ kind: v.literal('office'), office: v.string() }),
      ]),
      reason: v.string(),
      after: v.nullable(v.string()),
    }),
  },
  'article.attempted': {
    1: v.looseObject({ articleId: v.string(), reason: v.string(), action: v.string() }),
  },
  'article.returned': { 1: v.looseObject({ articleId: v.string(), reason: v.string() }) },
  'cod.deposited': { 1: v.looseObject({ postman: v.string(), articleIds: v.array(v.string()), postings }) },
  'cod.remitted': { 1: v.looseObject({ billerId: v.string(), articleIds: v.array(v.string()), postings }) },
}
