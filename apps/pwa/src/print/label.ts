/**
 * Label drawing, loaded on demand: bwip-js named encoders (so only Code 128 and DataMatrix are linked, not
 * every symbology) and qrcode. White background and a quiet zone are set explicitly: without them scanners
 * find neither code.
 */
import { code128, datamatrix, drawingSVG } from 'bwip-js/browser'
import QRCode from 'qrcode'

/** A Code 128 barcode as SVG markup. */
export function code128Svg(text: string): string {
  return code128(
    {
      bcid: 'code128',
      text,
      scale: 2,
      height: 12,
      includetext: true,
      textxalign: 'center',
      backgroundcolor: 'FFFFFF',
      paddingwidth: 10,
      paddingheight: 4,
    },
    drawingSVG(),
  )
}

/** A DataMatrix as SVG markup. */
export function dataMatrixSvg(text: string): string {
  return datamatrix(
    { bcid: 'datamatrix', text, scale: 3, backgroundcolor: 'FFFFFF', padding: 4 },
    drawingSVG(),
  )
}

/** A QR code as SVG markup (manifests, UPI payment intents). */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
}
