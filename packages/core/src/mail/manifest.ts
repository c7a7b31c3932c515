/**
 * The bag manifest: what a closed bag holds, small enough to print as a QR code on the bag label so a
 * receiving office can check the bag with no network, and identical to the pre-advice sent ahead.
 * The compact text form groups article ids by series (service indicator + country), drops the check digit
 * (recomputed on decoding) and writes the sorted serials as base-36 deltas: 100 articles of one series take
 * about 200–400 bytes, far under a version-25 QR's byte-mode capacity (1,273 bytes at level L).
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { BAG_TYPES, type BagType } from './bag-id.ts'
import { composeArticleId, isValidArticleId } from './s10.ts'

export interface Manifest {
  /** The 29-character bag id printed on the label (see `bag-id.ts`). */
  readonly bagId: string
  /** Office ids of the dispatching and the receiving office. */
  readonly from: string
  readonly to: string
  readonly bagType: BagType
  readonly sealNo: string
  readonly weightGrams: number
  /** Business date the bag was closed, yyyy-mm-dd. */
  readonly closedOn: string
  /** Article ids, sorted (a manifest is a set). */
  readonly articleIds: readonly string[]
  readonly count: number
  /** First 16 hex digits of SHA-256 over the canonical fields: detects any misread or altered manifest. */
  readonly digest: string
}

/** Thrown by {@link decodeManifest} for text that is not a well-formed, intact manifest. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError'
  constructor(
    readonly code: 'manifest-format' | 'manifest-version' | 'manifest-count' | 'manifest-digest',
    message: string,
  ) {
    super(message)
  }
}

const VERSION = 'DAK1'

function canonical(m: Omit<Manifest, 'digest' | 'count'>): string {
  return [m.bagId, m.from, m.to, m.bagType, m.sealNo, m.weightGrams, m.closedOn, m.articleIds.join(',')].join(
    '\n',
  )
}

/** Computes the manifest digest over its canonical fields. */
export function manifestDigest(m: Omit<Manifest, 'digest' | 'count'>): string {
  return bytesToHex(sha256(utf8ToBytes(canonical(m)))).slice(0, 16)
}

/** Builds a manifest (sorting and de-duplicating the article ids, counting and digesting them). */
export function createManifest(
  m: Omit<Manifest, 'digest' | 'count' | 'articleIds'> & { articleIds: Iterable<string> },
): Manifest {
  const articleIds = [...new Set(m.articleIds)].sort()
  for (const id of articleIds)
    if (!isValidArticleId(id)) throw new Error(`manifest article "${id}" is not an S10 id`)
  const base = { ...m, articleIds }
  return { ...base, count: articleIds.length, digest: manifestDigest(base) }
}

const esc = (s: string) => encodeURIComponent(s)

/** The compact text printed in the bag label's QR code. */
export function encodeManifest(m: Manifest): string {
  const groups = new Map<string, number[]>()
  for (const id of m.articleIds) {
    const key = id.slice(0, 2) + id.slice(11)
    const list = groups.get(key) ?? []
    list.push(Number(id.slice(2, 10)))
    groups.set(key, list)
  }
  const parts: string[] = []
  for (const [key, serials] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    serials.sort((a, b) => a - b)
    let prev = 0
    const deltas = serials.map((s) => {
      const d = (s - prev).toString(36)
      prev = s
      return d
    })
    parts.push(`${key}:${deltas.join(',')}`)
  }
  const head = [m.bagId, m.from, m.to, m.bagType, m.sealNo, m.weightGrams, m.closedOn, m.count, m.digest].map(
    (x) => esc(String(x)),
  )
  return [VERSION, ...head, parts.join(';')].join('|')
}

/** Reads a manifest from its QR text, recomputing check digits and verifying count and digest. */
export function decodeManifest(text: string): Manifest {
  const fields = text.split('|')
  if (fields[0] !== VERSION) {
    throw new ManifestError(
      'manifest-version',
      `Expected a ${VERSION} bag manifest; got "${text.slice(0, 8)}". Rescan the bag label QR.`,
    )
  }
  if (fields.length !== 11) {
    throw new ManifestError(
      'manifest-format',
      `A manifest has 11 "|"-separated fields; got ${fields.length}. Rescan the label.`,
    )
  }
  const [bagId, from, to, bagType, sealNo, weight, closedOn, count, digest] = fields
    .slice(1, 10)
    .map(decodeURIComponent) as string[] as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ]
  if (!(BAG_TYPES as readonly string[]).includes(bagType) || !/^\d+$/.test(weight) || !/^\d+$/.test(count)) {
    throw new ManifestError(
      'manifest-format',
      `Bag type "${bagType}", weight "${weight}" or count "${count}" is malformed.`,
    )
  }
  const articleIds: string[] = []
  for (const group of fields[10] ? fields[10].split(';') : []) {
    const m = /^([A-Z]{2})([A-Z]{2}):([0-9a-z,]+)$/.exec(group)
    if (!m) throw new ManifestError('manifest-format', `Article group "${group.slice(0, 20)}" is malformed.`)
    let serial = 0
    for (const d of m[3]!.split(',')) {
      serial += Number.parseInt(d, 36)
      if (!(serial >= 0 && serial <= 99_999_999))
        throw new ManifestError('manifest-format', `Serial out of range in "${m[1]}".`)
      articleIds.push(composeArticleId(m[1]!, serial, m[2]!))
    }
  }
  articleIds.sort()
  if (articleIds.length !== Number(count)) {
    throw new ManifestError(
      'manifest-count',
      `The manifest lists ${articleIds.length} articles but says ${count}.`,
    )
  }
  const base = {
    bagId,
    from,
    to,
    bagType: bagType as BagType,
    sealNo,
    weightGrams: Number(weight),
    closedOn,
    articleIds,
  }
  if (manifestDigest(base) !== digest) {
    throw new ManifestError(
      'manifest-digest',
      'The manifest does not match its digest: the label was misread or altered.',
    )
  }
  return { ...base, count: articleIds.length, digest }
}
