/**
 * Amounts in words, as written on receipts, vouchers and money orders, in the Indian system (thousand, lakh,
 * crore; crores of crores beyond that). English: "Rupees One Lakh Twenty-Three Thousand Four Hundred
 * Fifty-Six and Fifty Paise". Hindi: "एक लाख तेईस हज़ार चार सौ छप्पन रुपये और पचास पैसे".
 */
import { LedgerError, show } from './ledger-error.ts'
import type { Money } from './money.ts'

/** Languages {@link moneyInWords} can write. */
export type WordsLanguage = 'en' | 'hi'

const EN_ONES = [
  'Zero',
  'One',
  'Two',
  'Three',
  'Four',
  'Five',
  'Six',
  'Seven',
  'Eight',
  'Nine',
  'Ten',
  'Eleven',
  'Twelve',
  'Thirteen',
  'Fourteen',
  'Fifteen',
  'Sixteen',
  'Seventeen',
  'Eighteen',
  'Nineteen',
]
const EN_TENS = ['', '', 'Twenty', 'Thirty', 'Forty', 'Fifty', 'Sixty', 'Seventy', 'Eighty', 'Ninety']

// Hindi numbers below a hundred are each their own word (no regular tens + ones rule), so they are a table.
const HI_0_99 = (
  'शून्य एक दो तीन चार पाँच छह सात आठ नौ दस ग्यारह बारह तेरह चौदह पंद्रह सोलह सत्रह अठारह उन्नीस ' +
  'बीस इक्कीस बाईस तेईस चौबीस पच्चीस छब्बीस सत्ताईस अट्ठाईस उनतीस तीस इकतीस बत्तीस तैंतीस चौंतीस पैंतीस ' +
  'छत्तीस सैंतीस अड़तीस उनतालीस चालीस इकतालीस बयालीस तैंतालीस चवालीस पैंतालीस छियालीस सैंतालीस अड़तालीस ' +
  'उनचास पचास इक्यावन बावन तिरपन चौवन पचपन छप्पन सत्तावन अट्ठावन उनसठ साठ इकसठ बासठ तिरसठ चौंसठ पैंसठ ' +
  'छियासठ सड़सठ अड़सठ उनहत्तर सत्तर इकहत्तर बहत्तर तिहत्तर चौहत्तर पचहत्तर छिहत्तर सतहत्तर अठहत्तर उन्यासी ' +
  'अस्सी इक्यासी बयासी तिरासी चौरासी पचासी छियासी सत्तासी अट्ठासी नवासी नब्बे इक्यानवे बानवे तिरानवे ' +
  'चौरानवे पचानवे छियानवे सत्तानवे अट्ठानवे निन्यानवे'
).split(' ')

interface Lexicon {
  below100(n: number): string
  hundred: string
  thousand: string
  lakh: string
  crore: string
}

const EN: Lexicon = {
  below100: (n) =>
    n < 20 ? EN_ONES[n]! : EN_TENS[Math.floor(n / 10)]! + (n % 10 ? `-${EN_ONES[n % 10]}` : ''),
  hundred: 'Hundred',
  thousand: 'Thousand',
  lakh: 'Lakh',
  crore: 'Crore',
}

const HI: Lexicon = {
  below100: (n) => HI_0_99[n]!,
  hundred: 'सौ',
  thousand: 'हज़ार',
  lakh: 'लाख',
  crore: 'करोड़',
}

/** Words for a whole number n ≥ 1 in the Indian system; beyond 99 crore the crore count recurses. */
function integerWords(n: number, lx: Lexicon): string[] {
  const out: string[] = []
  const crores = Math.floor(n / 1e7)
  let rest = n % 1e7
  if (crores > 0) out.push(...integerWords(crores, lx), lx.crore)
  const scales: [number, string][] = [
    [1e5, lx.lakh],
    [1e3, lx.thousand],
    [1e2, lx.hundred],
  ]
  for (const [size, word] of scales) {
    const count = Math.floor(rest / size)
    rest %= size
    if (count > 0) out.push(lx.below100(count), word)
  }
  if (rest > 0) out.push(lx.below100(rest))
  return out
}

/** Words for a whole number (0 gives "Zero" / "शून्य"), e.g. for counts of notes or stamps. */
export function numberInWords(n: number, lang: WordsLanguage): string {
  const lx = lang === 'hi' ? HI : EN
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new LedgerError('invalid-quantity', `numberInWords needs a whole number ≥ 0; got ${show(n)}.`, {
      input: n,
    })
  }
  return n === 0 ? lx.below100(0) : integerWords(n, lx).join(' ')
}

/**
 * An amount in words for receipts and vouchers. English: "Rupees Five Hundred", "Rupees One Lakh ... and
 * Fifty Paise", "Fifty Paise", "Rupees Zero"; negative amounts start with "Minus". Hindi: "पाँच सौ रुपये",
 * "... रुपये और पचास पैसे", "पचास पैसे", "शून्य रुपये"; negative amounts start with "ऋण".
 */
export function moneyInWords(m: Money, lang: WordsLanguage = 'en'): string {
  const a = Math.abs(m)
  const p = a % 100
  const rupees = (a - p) / 100
  const text = lang === 'hi' ? hindi(rupees, p) : english(rupees, p)
  if (m >= 0) return text
  return lang === 'hi' ? `ऋण ${text}` : `Minus ${text}`
}

function english(rupees: number, p: number): string {
  const paiseText = `${EN.below100(p)} Paise`
  if (rupees === 0) return p === 0 ? 'Rupees Zero' : paiseText
  const rupeesText = `Rupees ${integerWords(rupees, EN).join(' ')}`
  return p === 0 ? rupeesText : `${rupeesText} and ${paiseText}`
}

function hindi(rupees: number, p: number): string {
  // Hindi uses the singular for exactly one: एक रुपया, एक पैसा.
  const paiseText = `${HI.below100(p)} ${p === 1 ? 'पैसा' : 'पैसे'}`
  if (rupees === 0) return p === 0 ? 'शून्य रुपये' : paiseText
  const rupeesText = `${integerWords(rupees, HI).join(' ')} ${rupees === 1 ? 'रुपया' : 'रुपये'}`
  return p === 0 ? rupeesText : `${rupeesText} और ${paiseText}`
}
