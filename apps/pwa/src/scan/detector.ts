/**
 * The barcode reader, loaded on demand: the spec-shaped `BarcodeDetector` ponyfill over zxing-cpp wasm, with
 * the wasm served from this app (precached by the service worker) instead of the library's default CDN, so
 * scanning works offline. Reads Code 128 (bag and article labels), DataMatrix and QR (manifests, UPI, OTP).
 */
import { BarcodeDetector, prepareZXingModule } from 'barcode-detector/ponyfill'
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url'

let prepared = false

/** A detector for the formats the post office uses. */
export function createDetector(): BarcodeDetector {
  if (!prepared) {
    prepareZXingModule({
      overrides: {
        locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path),
      },
    })
    prepared = true
  }
  return new BarcodeDetector({ formats: ['code_128', 'data_matrix', 'qr_code', 'ean_13'] })
}

/** Reads every code in an image source; returns their texts. */
export async function readCodes(source: ImageBitmapSource): Promise<string[]> {
  const found = await createDetector().detect(source)
  return found.map((b) => b.rawValue)
}
