/**
 * The DIGIPIN grid: the bounding box, the 4×4 symbol layout used at every level, and the integer scale.
 *
 * Everything in this package works on integer cell indices: at precision `p` a cell is the pair
 * (`row`, `col`) with `0 ≤ row, col < 4^p`, `row` counted from the south edge and `col` from the west edge.
 * The box is 36° × 36°, so one level-10 cell is 36 / 4^10 = 9 / 2^18 degrees on each side: a dyadic
 * rational times 9. That is why every bound and centre is an exactly representable double.
 */

/** South edge of the DIGIPIN box, degrees. */
export const MIN_LAT = 2.5
/** North edge of the DIGIPIN box, degrees. */
export const MAX_LAT = 38.5
/** West edge of the DIGIPIN box, degrees. */
export const MIN_LON = 63.5
/** East edge of the DIGIPIN box, degrees. */
export const MAX_LON = 99.5
/** Side of the box in degrees (same for latitude and longitude). */
export const SPAN = 36
/** The deepest precision: a full DIGIPIN has 10 symbols. */
export const MAX_PRECISION = 10
/** Number of level-10 cells along one axis (4^10). */
export const CELLS = 1048576

/**
 * The symbols in grid order, north row first, west to east: `F C 9 8 / J 3 2 7 / K 4 5 6 / L M P T`.
 * Symbol `i` sits in grid row `i >> 2` (0 = north) and column `i & 3` (0 = west).
 */
export const GRID = 'FC98J327K456LMPT'

/** The 16 symbols in sorted order (the alphabet as the Technical Document lists it). */
export const ALPHABET = '23456789CFJKLMPT'

/** Symbols of the beta version that were replaced: G became C, W became F, X became T. */
export const BETA_SYMBOLS: Readonly<Record<string, string>> = { G: 'C', W: 'F', X: 'T' }

/**
 * Char code → nibble `(row from south) << 2 | col`, or -1. Lowercase maps like uppercase. Built from a string
 * literal so the module has no top-level statements and tree-shakes away when unused.
 */
export const NIBBLE_OF_CHAR: Int8Array = /* @__PURE__ */ buildNibbleTable()

/** Nibble `(row from south) << 2 | col` → char code of its symbol. */
export const CHAR_OF_NIBBLE: Uint8Array = /* @__PURE__ */ buildCharTable()

// A symbol's nibble is (row from south) << 2 | col and its GRID index is (row from north) << 2 | col; as
// 3 - r = r ^ 3 for r in 0..3, the two differ only by flipping the row bits: index = nibble ^ 12.

function buildNibbleTable(): Int8Array {
  const t = new Int8Array(128).fill(-1)
  for (let i = 0; i < 16; i++) {
    const c = GRID.charCodeAt(i)
    t[c] = t[c | 32] = i ^ 12 // lowercase letters too; digits are unchanged by | 32
  }
  return t
}

function buildCharTable(): Uint8Array {
  const t = new Uint8Array(16)
  for (let i = 0; i < 16; i++) t[i ^ 12] = GRID.charCodeAt(i)
  return t
}
