/**
 * @dak/ledger — the custody ledger and tally of a post office: paise-exact money, denomination counts,
 * accountable stock, custody accounts, double-entry postings, the tally against a count, and cash policy.
 * Pure: no I/O, no clock, no randomness. See README.md for the model and docs/domain/ledger.md for the
 * accounting rules it encodes.
 */

export type { AccountKind, ParsedAccount } from './accounts.ts'
export {
  ACCOUNT_KINDS,
  accountId,
  accountKindOf,
  billerAccount,
  CUSTODY_KINDS,
  codPouchAccount,
  counterAccount,
  isCustodyAccount,
  openingAccount,
  outsideAccount,
  parseAccountId,
  revenueAccount,
  savingsAccount,
  transitAccount,
  treasuryAccount,
  ucpAccount,
  ucrAccount,
} from './accounts.ts'
export { applyTransaction, createLedger, post } from './apply.ts'
export type { AccountBalance, BalanceSheet, Balances, Ledger, ReadonlyBalances } from './balances.ts'
export {
  balance,
  balancesByAccount,
  cashBalance,
  cloneBalances,
  createBalances,
  totalsByCommodity,
  validateBalanceSheet,
} from './balances.ts'
export type { CountLine, Denomination, DenominationCount } from './denominations.ts'
export { countLines, countTotal, INR_DENOMINATIONS, validateDenominationSet } from './denominations.ts'
export type { LedgerErrorCode } from './ledger-error.ts'
export { isLedgerError, LedgerError } from './ledger-error.ts'
export type { FormatMoneyOptions, Money } from './money.ts'
export {
  absMoney,
  addMoney,
  compareMoney,
  formatMoney,
  groupIndian,
  isMoney,
  isNegative,
  isZero,
  money,
  moneyToString,
  negateMoney,
  paise,
  parseMoney,
  subMoney,
  sumMoney,
  ZERO,
} from './money.ts'
export type { Rounding } from './money-rate.ts'
export { allocate, mulRate, roundToRupee } from './money-rate.ts'
export type { CashPolicy, PolicyBreach, PolicySituation } from './policy.ts'
export { checkPolicy, validatePolicy } from './policy.ts'
export type { PostingLog, PostingLogOptions, TallyLogOptions } from './posting-log.ts'
export {
  appendTransaction,
  appendTransactions,
  buildPostingLog,
  clonePostingLog,
  createPostingLog,
  tallyLog,
  transactionAt,
} from './posting-log.ts'
export type { CashPosting, Posting, StockPosting, Transaction } from './postings.ts'
export {
  CASH,
  cashPosting,
  isCashPosting,
  postingUnits,
  reverseTransaction,
  stockPosting,
  transfer,
  validateTransaction,
} from './postings.ts'
export type { Result } from './result.ts'
export { err, ok } from './result.ts'
export type { StockCatalog, StockItem, StockKind, StockQuantities } from './stock.ts'
export { createStockCatalog, isStockItemId, stockLineValue, stockValue } from './stock.ts'
export type { CompareOptions, Comparison, Difference, HoldingsValue } from './tally.ts'
export {
  checkOpeningMatchesClose,
  compareWithCount,
  holdingsValue,
  madeGood,
  officeRollup,
  ROLLUP_KINDS,
  settleDifference,
  tally,
} from './tally.ts'
export type { PostingData, TransactionData } from './transaction-data.ts'
export { parseTransactionData, toTransactionData } from './transaction-data.ts'
export type { WordsLanguage } from './words.ts'
export { moneyInWords, numberInWords } from './words.ts'
