/**
 * The storage interface between the server and its persistence. One `write` is one atomic, durable batch
 * (a group commit): when its promise resolves, every update in it survives `kill -9` and power loss as far
 * as the backend's fsync promises. It fits the embedded LevelDB store, memory (tests), and the distributed
 * mode of `scale.md` (Postgres `dak_update`/`dak_snapshot`/`dak_seal` rows written in one transaction).
 */

/** One stored update of a room, numbered by a per-room sequence. */
export interface StoredUpdate {
  readonly room: string
  readonly seq: number
  readonly update: Uint8Array
}

/** A compacted snapshot replacing every update of the room with `seq <= upto`. */
export interface Snapshot {
  readonly room: string
  readonly upto: number
  /** `Y.encodeStateAsUpdate` of the room's document. */
  readonly state: Uint8Array
}

/** The record of a sealed room (its day was ended). */
export interface Seal {
  readonly room: string
  /** The id of the accepted Day End event. */
  readonly eventId: string
  /** Epoch ms when the server accepted it. */
  readonly at: number
}

/** One atomic durable batch. */
export interface WriteBatch {
  readonly updates: readonly StoredUpdate[]
  readonly snapshots: readonly Snapshot[]
  readonly seals: readonly Seal[]
}

/** A room as stored: its latest snapshot, the updates after it (ascending seq) and its seal. */
export interface StoredRoom {
  readonly snapshot: Snapshot | null
  readonly tail: readonly StoredUpdate[]
  readonly seal: Seal | null
}

export interface Storage {
  /** Reads a room; an unknown room is empty. */
  load(room: string): Promise<StoredRoom>
  /** Writes one batch atomically and durably (fsync) before resolving. */
  write(batch: WriteBatch): Promise<void>
  /** Names of all stored rooms (operations and backup tooling). */
  rooms(): Promise<string[]>
  close(): Promise<void>
}

/** A storage failure at the I/O edge. */
export class StorageError extends Error {
  override readonly name = 'StorageError'
  constructor(
    readonly code: 'storage-closed' | 'storage-io',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}
