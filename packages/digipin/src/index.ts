/**
 * @dak/digipin — India Post's DIGIPIN national addressing grid: exact integer encode/decode, parsing for
 * human input, geometry, free-text extraction, typo suggestions and zero-allocation batch codecs.
 */
export { encode } from './encode.ts'
export { decode, bounds } from './decode.ts'
export type { LatLon, Bounds } from './decode.ts'
export { parse, isValid, normalize, format } from './parse.ts'
export type { ParseResult, FormatStyle } from './parse.ts'
export { DigipinError } from './errors.ts'
export type { DigipinErrorCode, DigipinIssue } from './errors.ts'
export { ALPHABET, GRID, MIN_LAT, MAX_LAT, MIN_LON, MAX_LON, MAX_PRECISION } from './grid.ts'
