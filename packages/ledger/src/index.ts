export const packageName = '@dak/ledger'
