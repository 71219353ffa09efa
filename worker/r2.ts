import type { BlobStore, ByteRange, StoredObject } from '../app/storage';

/** Cloudflare R2 through the Worker binding. R2 deletes up to 1,000 keys a call. */
export function r2Store(bucket: R2Bucket): BlobStore {
  return {
    async put(key, bytes, contentType) {
      await bucket.put(key, bytes, { httpMetadata: { contentType } });
    },
    async get(key, range?: ByteRange): Promise<StoredObject | null> {
      const obj = await bucket.get(key, range ? { range } : undefined);
      if (!obj) return null;
      return { body: obj.body, size: obj.size };
    },
    async delete(keys) {
      for (let i = 0; i < keys.length; i += 1000) await bucket.delete(keys.slice(i, i + 1000));
    },
    async ping() {
      await bucket.head('healthz');
    },
  };
}
