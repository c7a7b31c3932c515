/**
 * Bag reconciliation: what the manifest lists against what was scanned out of the bag. Pure and linear
 * (one hash set per side), so a 10,000-article bag reconciles in well under a millisecond.
 * Identities, for any inputs: matched ∪ missing = manifest and matched ∪ excess = scanned (as sets, each
 * part disjoint); damaged ⊆ scanned.
 */

/** The outcome of receiving a bag: each article in exactly the parts the identities above say. */
export interface Reconciliation {
  /** Listed and scanned, in manifest order. */
  readonly matched: readonly string[]
  /** Listed but not found in the bag (short), in manifest order. */
  readonly missing: readonly string[]
  /** Found in the bag but not listed, in scan order. */
  readonly excess: readonly string[]
  /** Scanned articles marked damaged (listed or not), in scan order. */
  readonly damaged: readonly string[]
}

/**
 * Compares a manifest with the scanned articles. Duplicated scans count once; a damaged id that was not
 * scanned is scanned by definition (the clerk held it), so it joins `scanned` first.
 */
export function reconcile(
  manifestIds: Iterable<string>,
  scannedIds: Iterable<string>,
  damagedIds: Iterable<string> = [],
): Reconciliation {
  const scanned = new Set(scannedIds)
  const damagedSet = new Set(damagedIds)
  for (const d of damagedSet) scanned.add(d)
  const listed = new Set(manifestIds)
  const matched: string[] = []
  const missing: string[] = []
  for (const id of listed) (scanned.has(id) ? matched : missing).push(id)
  const excess: string[] = []
  const damaged: string[] = []
  for (const id of scanned) {
    if (!listed.has(id)) excess.push(id)
    if (damagedSet.has(id)) damaged.push(id)
  }
  return { matched, missing, excess, damaged }
}

/** True when a reconciliation found no difference at all. */
export function isClean(r: Reconciliation): boolean {
  return r.missing.length === 0 && r.excess.length === 0 && r.damaged.length === 0
}
