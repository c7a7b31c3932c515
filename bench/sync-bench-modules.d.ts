/** The part of y-leveldb 0.1.2 (untyped) that `sync-server.bench.ts` uses. */
declare module 'y-leveldb' {
  export class LeveldbPersistence {
    constructor(location: string)
    storeUpdate(docName: string, update: Uint8Array): Promise<number>
    destroy(): Promise<void>
  }
}
