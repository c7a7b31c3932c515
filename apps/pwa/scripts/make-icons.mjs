// Writes the app icons (192, 512, maskable 512) as PNGs with no image tool: a red India-Post-style square with
// a white envelope. Run once with `node scripts/make-icons.mjs`; the PNGs are committed under public/icons.
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc32 = (buf) => {
  let c = 0xffffffff
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
const chunk = (type, data) => {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}

function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size)
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0
    for (let x = 0; x < size; x++) {
      const [r, g, b] = pixel(x / size, y / size)
      const o = y * (size * 4 + 1) + 1 + x * 4
      raw[o] = r
      raw[o + 1] = g
      raw[o + 2] = b
      raw[o + 3] = 255
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr[8] = 8
  ihdr[9] = 6
  const sig = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])
  return Buffer.concat([
    sig,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const RED = [183, 28, 28]
const WHITE = [255, 255, 255]
// `inset` keeps the envelope inside the maskable safe zone (the central 80% circle).
const icon = (inset) => (x, y) => {
  const l = inset
  const r = 1 - inset
  const t = inset + (r - l) * 0.15
  const b = r - (r - l) * 0.15
  if (x < l || x > r || y < t || y > b) return RED
  // the flap: two lines from the top corners to the centre
  const cx = (l + r) / 2
  const flapY = t + (b - t) * 0.55
  const u = Math.abs(x - cx) / ((r - l) / 2)
  const lineY = flapY - (flapY - t) * u
  if (Math.abs(y - lineY) < 0.025) return RED
  return WHITE
}
const dir = new URL('../public/icons/', import.meta.url)
writeFileSync(new URL('icon-192.png', dir), png(192, icon(0.18)))
writeFileSync(new URL('icon-512.png', dir), png(512, icon(0.18)))
writeFileSync(new URL('maskable-512.png', dir), png(512, icon(0.28)))
