/**
 * Accountable stock: postage stamps by denomination, postal stationery, revenue stamps, postal orders and
 * legacy savings certificates (NSC/KVP, physical issue discontinued in 2016). Stock is held and moved as a
 * whole number of pieces of a {@link StockItem}; its value is always derived, pieces × face value, exactly.
 */
import { LedgerError, show } from './ledger-error.ts'
import type { Money } from './money.ts'
import { err, ok, type Result } from './result.ts'

/** Known kinds of accountable stock; other strings are allowed for items not listed here. */
export type StockKind =
  | 'postage-stamp'
  | 'postal-stationery'
  | 'revenue-stamp'
  | 'postal-order'
  | 'nsc'
  | 'kvp'
  | (string & {})

/** One kind of accountable stock at one face value, e.g. the ₹5 postage stamp. */
export interface StockItem {
  /** Stable id, used as the posting commodity, e.g. `stamp-500` (never `cash`). */
  readonly id: string
  readonly kind: StockKind
  /** For people, e.g. "₹5 postage stamp". */
  readonly label: string
  /** Value of one piece. */
  readonly faceValue: Money
}

/** Stock items by id, as built by {@link createStockCatalog}. */
export type StockCatalog = ReadonlyMap<string, StockItem>

/** Quantities of stock: item id → whole pieces. */
export type StockQuantities = Readonly<Record<string, number>>

const ITEM_ID = /^[A-Za-z0-9][A-Za-z0-9._:@/+-]{0,127}$/

/** True when `id` may name a stock item (the shape of a commodity other than `cash`). */
export function isStockItemId(id: unknown): id is string {
  return typeof id === 'string' && id !== 'cash' && ITEM_ID.test(id)
}

/** Checks and indexes stock items: ids valid and unique, face values ≥ 0 paise, labels present. */
export function createStockCatalog(items: readonly StockItem[]): Result<StockCatalog, LedgerError> {
  const catalog = new Map<string, StockItem>()
  for (const item of items) {
    const why = !isStockItemId(item.id)
      ? 'its id must be 1–128 letters, digits or . _ : @ / + - and not "cash"'
      : catalog.has(item.id)
        ? 'its id is used twice'
        : !Number.isSafeInteger(item.faceValue) || item.faceValue < 0
          ? 'its face value must be a whole number of paise, 0 or more'
          : typeof item.label !== 'string' || item.label.length === 0 || typeof item.kind !== 'string'
            ? 'it needs a kind and a label'
            : undefined
    if (why) {
      return err(
        new LedgerError('invalid-stock-item', `Stock item ${show(item)} is invalid: ${why}.`, {
          item,
        }),
      )
    }
    catalog.set(item.id, item)
  }
  return ok(catalog)
}

function asCatalog(catalog: StockCatalog | readonly StockItem[]): Result<StockCatalog, LedgerError> {
  return Array.isArray(catalog) ? createStockCatalog(catalog) : ok(catalog as StockCatalog)
}

/** The value of one line: pieces × face value, refusing unknown items and non-integer or negative pieces. */
export function stockLineValue(
  catalog: StockCatalog,
  itemId: string,
  pieces: number,
  options: { allowNegative?: boolean } = {},
): Result<Money, LedgerError> {
  const item = catalog.get(itemId)
  if (item === undefined) {
    return err(
      new LedgerError('unknown-stock-item', `No stock item ${show(itemId)} in the catalog.`, {
        itemId,
      }),
    )
  }
  if (!Number.isSafeInteger(pieces) || (pieces < 0 && !options.allowNegative)) {
    return err(
      new LedgerError(
        'invalid-quantity',
        `The quantity of ${item.label} must be a whole number of pieces${options.allowNegative ? '' : ', 0 or more'}; got ${show(pieces)}.`,
        { itemId, pieces },
      ),
    )
  }
  const value = pieces * item.faceValue
  if (!Number.isSafeInteger(value)) {
    return err(
      new LedgerError('out-of-range', `The value of ${item.label} is beyond the supported range.`, {
        itemId,
      }),
    )
  }
  return ok((value === 0 ? 0 : value) as Money)
}

/**
 * The exact value of a set of stock quantities: Σ pieces × face value. Refuses unknown items
 * (`unknown-stock-item`) and quantities that are not whole pieces ≥ 0 (`invalid-quantity`).
 */
export function stockValue(
  catalog: StockCatalog | readonly StockItem[],
  quantities: StockQuantities,
): Result<Money, LedgerError> {
  const c = asCatalog(catalog)
  if (!c.ok) return c
  let total = 0
  for (const [itemId, pieces] of Object.entries(quantities)) {
    const line = stockLineValue(c.value, itemId, pieces)
    if (!line.ok) return line
    total += line.value
    if (!Number.isSafeInteger(total)) {
      return err(new LedgerError('out-of-range', 'The stock value is beyond the supported range.', {}))
    }
  }
  return ok((total === 0 ? 0 : total) as Money)
}
