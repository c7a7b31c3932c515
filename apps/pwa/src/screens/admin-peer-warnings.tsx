import { type MessageKey, t } from '../i18n/index.ts'
import { peerFlags, peerUnverified } from '../state/peer-flags.ts'

/**
 * Received events that failed this device's signature check (issue 10), each naming the device and the event,
 * and how many could not be checked for want of the device's key. Small, so the conflicts screen can show it
 * in the first load; the verifier itself is loaded on demand.
 */
export function PeerWarnings() {
  const flags = peerFlags.value
  const unverified = peerUnverified.value
  if (flags.length === 0 && unverified === 0) return null
  return (
    <div class="card" data-testid="peer-warnings">
      {flags.length > 0 && (
        <>
          <h3 class="warn">{t('peer.title')}</h3>
          <p>{t('peer.intro')}</p>
          <ul class="plain">
            {flags.map((f) => (
              <li key={`${f.code}:${f.event}`} data-testid="peer-flag" data-code={f.code}>
                {t('peer.item', {
                  what: t(`peer.code.${f.code}` as MessageKey),
                  event: f.event,
                  type: f.type,
                  device: f.device,
                  actor: f.actor,
                })}
              </li>
            ))}
          </ul>
        </>
      )}
      {unverified > 0 && (
        <p class="hint" data-testid="peer-unverified">
          {t('peer.unverified', { count: unverified })}
        </p>
      )}
    </div>
  )
}
