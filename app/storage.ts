/** A byte range as served for HTTP Range requests. */
export interface ByteRange {
  offset: number;
  length: number;
}

export interface StoredObject {
  body: ReadableStream<Uint8Array>;
  size: number;
}

/**
 * Where bundle bytes live: R2 on Workers, a folder or an S3 bucket on Node. Keys are
 * `<share id>/<sha256>`, so a share's objects are one prefix and revoke can drop them together.
 * Callers verify hashes before `put`; stores only keep bytes.
 */
export interface BlobStore {
  /**
   * Stores `bytes` under `key`. A store must not keep a reference to `bytes` once the promise
   * resolves (a cache copies what it keeps): the zip path unpacks every entry into one buffer.
   */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  get(key: string, range?: ByteRange): Promise<StoredObject | null>;
  delete(keys: string[]): Promise<void>;
  /** Answers whether the store is reachable, for health checks. */
  ping(): Promise<void>;
}

export const blobKey = (shareId: string, sha256: string) => `${shareId}/${sha256}`;
