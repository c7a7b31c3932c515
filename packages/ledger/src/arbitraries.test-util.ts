/** fast-check arbitraries for ledger tests: money as integer paise, balanced and arbitrary transactions. */
import fc from 'fast-check'
import type { BalanceSheet } from './balances.ts'
import type { Money } from './money.ts'
import type { Posting, Transaction } from './postings.ts'

/** The replayable seed of every property in this package: FC_SEED=<n> to replay another. */
export const SEED = Number(process.env.FC_SEED ?? 20261130)

export const ACCOUNTS = [
  'treasury:SO-1',
  'counter:SHIFT-A',
  'counter:SHIFT-B',
  'transit:BAG-1',
  'cod-pouch:POSTMAN-1',
  'revenue:postage',
  'biller:AMZ',
  'ucp:SO-1',
  'ucr:SO-1',
  'outside:customers',
] as const

export const COMMODITIES = ['cash', 'stamp-5', 'stamp-10', 'ipo-20'] as const

/** Any money within ±₹1 crore (small enough that sums never overflow in a test). */
export const arbSmallMoney = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).map((n) => n as Money)

/** Any valid money, the full safe range. */
export const arbMoney = fc.maxSafeInteger().map((n) => (n === 0 ? 0 : n) as Money)

const line = (account: string, commodity: string, units: number): Posting =>
  commodity === 'cash'
    ? { account, commodity: 'cash', amount: units as Money }
    : { account, commodity, quantity: units }

/** A transaction that balances per commodity by construction, over the fixed accounts and commodities. */
export const arbBalancedTx: fc.Arbitrary<Transaction> = fc
  .tuple(
    fc.uuid(),
    fc.array(
      fc.record({
        commodity: fc.constantFrom(...COMMODITIES),
        legs: fc.array(
          fc.record({
            account: fc.constantFrom(...ACCOUNTS),
            units: fc.integer({ min: -100_000, max: 100_000 }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        closing: fc.constantFrom(...ACCOUNTS),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .filter(([, groups]) => groups.some((g) => g.legs.some((l) => l.units !== 0)))
  .map(([id, groups]) => ({
    id,
    postings: groups.flatMap((g) => {
      const sum = g.legs.reduce((a, l) => a + l.units, 0)
      return [...g.legs.map((l) => line(l.account, g.commodity, l.units)), line(g.closing, g.commodity, -sum)]
    }),
  }))

/** Anything shaped roughly like a transaction: often invalid (unbalanced, bad accounts, bad units). */
export const arbAnyTx: fc.Arbitrary<Transaction> = fc.oneof(
  arbBalancedTx,
  fc.record({
    id: fc.oneof(fc.constant(''), fc.string({ minLength: 1, maxLength: 6 })),
    postings: fc.array(
      fc.record({
        account: fc.oneof(
          fc.constantFrom(...ACCOUNTS),
          fc.constantFrom('bogus', 'nokind:X', 'counter:', 'treasury:a b'),
        ),
        commodity: fc.oneof(fc.constantFrom(...COMMODITIES), fc.constantFrom('', 'a b')),
        amount: fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double(), fc.constant(undefined)),
        quantity: fc.oneof(fc.integer({ min: -10, max: 10 }), fc.constant(undefined), fc.constant(1.5)),
      }),
      { maxLength: 5 },
    ),
  }) as unknown as fc.Arbitrary<Transaction>,
)

/** An opening balance sheet over the fixed accounts. */
export const arbOpening: fc.Arbitrary<BalanceSheet> = fc.dictionary(
  fc.constantFrom(...ACCOUNTS),
  fc.dictionary(fc.constantFrom(...COMMODITIES), fc.integer({ min: -10_000_000, max: 10_000_000 })),
)

/** A count: what was physically found, over custody accounts only (nominal accounts are never counted). */
export const arbCount: fc.Arbitrary<BalanceSheet> = fc.dictionary(
  fc.constantFrom(
    'treasury:SO-1',
    'counter:SHIFT-A',
    'counter:SHIFT-B',
    'transit:BAG-1',
    'cod-pouch:POSTMAN-1',
  ),
  fc.dictionary(fc.constantFrom(...COMMODITIES), fc.integer({ min: -10_000_000, max: 10_000_000 })),
)
