import { useEffect, useState } from 'preact/hooks'
import { route } from '../components/route.ts'
import { useOffice } from '../components/use-office.ts'
import { t } from '../i18n/index.ts'

interface Drawn {
  readonly barcode: string
  readonly qr: string
}

const svgUrl = (svg: string) => `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`

/**
 * The bag label at label size (100 mm × 50 mm, CSS named page): the bag id as Code 128 for scanning at the
 * receiving office and the manifest as a QR so the receipt can be reconciled with no network.
 */
export function LabelScreen() {
  const o = useOffice()
  const key = new URLSearchParams(route.value.split('?')[1] ?? '').get('bag') ?? ''
  const bag = o?.state.mail.bags[key]
  const [drawn, setDrawn] = useState<Drawn | null>(null)
  useEffect(() => {
    if (!bag?.manifest || !bag.manifestText) return
    const bagId = bag.manifest.bagId
    const text = bag.manifestText
    void import('../print/label.ts').then(async (m) =>
      setDrawn({ barcode: m.code128Svg(bagId), qr: await m.qrSvg(text) }),
    )
  }, [bag?.manifestText])
  if (!o || !bag?.manifest) return null
  const office = o.state.office.offices
  return (
    <section aria-labelledby="label-h">
      <h2 id="label-h" class="no-print">
        {t('bags.label')}
      </h2>
      <div class="label" data-testid="label">
        {drawn && (
          <img class="label-barcode" alt={`Code 128 ${bag.manifest.bagId}`} src={svgUrl(drawn.barcode)} />
        )}
        <div class="label-row">
          <div class="label-text">
            <strong>{bag.manifest.bagId}</strong>
            <span>
              {office[bag.from]?.name ?? bag.from} → {office[bag.to]?.name ?? bag.to}
            </span>
            <span>
              {bag.bagType} · {t('bags.articles', { count: bag.manifest.articleIds.length })}
            </span>
          </div>
          {drawn && <img class="label-qr" alt={t('receive.manifest')} src={svgUrl(drawn.qr)} />}
        </div>
      </div>
      <div class="row no-print">
        <button type="button" onClick={() => window.print()}>
          {t('common.print')}
        </button>
      </div>
    </section>
  )
}
