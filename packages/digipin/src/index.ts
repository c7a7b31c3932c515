/**
 * @dak/digipin — India Post's DIGIPIN national addressing grid: exact integer encode/decode, parsing for
 * human input, geometry, free-text extraction, typo suggestions and zero-allocation batch codecs.
 */

export { BATCH_CODE_BYTES, decodeBatch, encodeBatch } from './batch.ts'
export type { Bounds, LatLon } from './decode.ts'
export { bounds, decode } from './decode.ts'
export { encode } from './encode.ts'
export type { DigipinErrorCode, DigipinIssue } from './errors.ts'
export { DigipinError } from './errors.ts'
export type { Extracted } from './extract.ts'
export { extract } from './extract.ts'
export type { CellFeature, CellFeatureCollection } from './geojson.ts'
export { toGeoJSON } from './geojson.ts'
export type { Direction } from './geometry.ts'
export { children, contains, disk, neighbour, neighbours, parent, ring } from './geometry.ts'
export { ALPHABET, GRID, MAX_LAT, MAX_LON, MAX_PRECISION, MIN_LAT, MIN_LON } from './grid.ts'
export { bearing, cellSize, distance, EARTH_RADIUS_M } from './measure.ts'
export type { FormatStyle, ParseResult } from './parse.ts'
export { format, isValid, normalize, parse } from './parse.ts'
export type { PolyfillOptions, PolyfillShape, PolygonGeometry, Position } from './polyfill.ts'
export { polyfill } from './polyfill.ts'
export type { Suggestion } from './suggest.ts'
export { suggest } from './suggest.ts'
