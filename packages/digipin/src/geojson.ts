import { cellOf } from './cell.ts'
import { codeOf } from './code-string.ts'
import { cellBounds, HALF } from './decode.ts'
import { MIN_LAT, MIN_LON } from './grid.ts'

/** A GeoJSON Feature for one cell: its polygon, with the code, precision and centre as properties. */
export interface CellFeature {
  type: 'Feature'
  geometry: { type: 'Polygon'; coordinates: [number, number][][] }
  properties: { digipin: string; precision: number; center: [number, number] }
}

/** A GeoJSON FeatureCollection of cells. */
export interface CellFeatureCollection {
  type: 'FeatureCollection'
  features: CellFeature[]
}

/**
 * The cell polygon as GeoJSON (RFC 7946: `[lon, lat]`, exterior ring counter-clockwise, closed).
 * A single code gives a Feature; an array gives a FeatureCollection.
 */
export function toGeoJSON(code: string): CellFeature
export function toGeoJSON(codes: readonly string[]): CellFeatureCollection
export function toGeoJSON(input: string | readonly string[]): CellFeature | CellFeatureCollection {
  if (typeof input === 'string') return feature(input)
  return { type: 'FeatureCollection', features: input.map(feature) }
}

function feature(code: string): CellFeature {
  const c = cellOf(code)
  const b = cellBounds(c.row, c.col, c.p)
  const h = HALF[c.p]!
  return {
    type: 'Feature',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [b.minLon, b.minLat],
          [b.maxLon, b.minLat],
          [b.maxLon, b.maxLat],
          [b.minLon, b.maxLat],
          [b.minLon, b.minLat],
        ],
      ],
    },
    properties: {
      digipin: codeOf(c.row, c.col, c.p),
      precision: c.p,
      center: [MIN_LON + (2 * c.col + 1) * h, MIN_LAT + (2 * c.row + 1) * h],
    },
  }
}
