import { useState } from 'preact/hooks'
import { useAction } from '../components/action.ts'
import { Field } from '../components/field.tsx'
import { ResultNote } from '../components/result-note.tsx'
import { ScanField } from '../components/scan-field.tsx'
import { useOffice } from '../components/use-office.ts'
import { t } from '../i18n/index.ts'

/**
 * Bag receipt: scan the bag label, check the seal, scan each article; core reconciles against the pre-advice
 * (or the manifest QR when the pre-advice has not arrived) and the result is shown: matched, missing, excess,
 * damaged — each difference an irregularity reported to the office at fault.
 */
export function ReceiveScreen() {
  const o = useOffice()
  const action = useAction(o?.office)
  const [bagId, setBagId] = useState('')
  const [sealNo, setSealNo] = useState('')
  const [sealIntact, setSealIntact] = useState(true)
  const [manifestQr, setManifestQr] = useState('')
  const [article, setArticle] = useState('')
  const [scanned, setScanned] = useState<string[]>([])
  const [damaged, setDamaged] = useState<string[]>([])
  if (!o) return null
  const inbound = o.state.mail.inbound[bagId.trim()]
  const rec = inbound?.reconciliation
  const add = () => {
    const id = article.replace(/\s+/g, '').toUpperCase()
    if (id && !scanned.includes(id)) setScanned([...scanned, id])
    setArticle('')
  }
  return (
    <section aria-labelledby="rcv-h">
      <h2 id="rcv-h">{t('receive.title')}</h2>
      <ScanField label={t('receive.bagId')} value={bagId} onValue={setBagId} testId="receive-bag" />
      <Field label={t('receive.seal')} value={sealNo} onValue={setSealNo} testId="receive-seal" />
      <label class="check">
        <input
          type="checkbox"
          checked={sealIntact}
          onChange={(e) => setSealIntact((e.currentTarget as HTMLInputElement).checked)}
        />{' '}
        {t('receive.sealIntact')}
      </label>
      {!inbound?.preAdvice && (
        <ScanField label={t('receive.manifest')} value={manifestQr} onValue={setManifestQr} />
      )}
      <ScanField label={t('receive.article')} value={article} onValue={setArticle} testId="receive-article" />
      <div class="row">
        <button type="button" class="secondary" onClick={add} data-testid="receive-add">
          {t('receive.addArticle')}
        </button>
      </div>
      <p role="status">{t('receive.scanned', { count: scanned.length })}</p>
      <ul>
        {scanned.map((id) => (
          <li key={id}>
            <label class="check">
              <input
                type="checkbox"
                checked={damaged.includes(id)}
                onChange={(e) =>
                  setDamaged(
                    (e.currentTarget as HTMLInputElement).checked
                      ? [...damaged, id]
                      : damaged.filter((x) => x !== id),
                  )
                }
              />
              {id} — {t('receive.damaged')}
            </label>
          </li>
        ))}
      </ul>
      <div class="row">
        <button
          type="button"
          data-testid="receive-submit"
          disabled={action.busy || !bagId}
          onClick={() =>
            action.run(
              {
                type: 'bag.receive',
                payload: {
                  bagId: bagId.trim(),
                  sealNo,
                  sealIntact,
                  ...(manifestQr ? { manifestQr } : {}),
                  scanned,
                  damaged,
                },
              },
              t('common.done'),
            )
          }
        >
          {t('receive.submit')}
        </button>
      </div>
      <ResultNote error={action.error} done={action.done} />
      {rec && (
        <table class="card" data-testid="reconciliation">
          <tbody>
            {(
              [
                ['receive.matched', rec.matched],
                ['receive.missing', rec.missing],
                ['receive.excess', rec.excess],
                ['receive.damaged', rec.damaged],
              ] as const
            ).map(([k, list]) => (
              <tr key={k}>
                <th scope="row">{t(k)}</th>
                <td class="num" data-testid={`rec-${k.split('.')[1]}`}>
                  {list.length}
                </td>
                <td>{list.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
