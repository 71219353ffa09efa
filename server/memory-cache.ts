import type { BlobStore, ByteRange, StoredObject } from '../app/storage';

export interface MemoryCacheOptions {
  /** Objects larger than this are never cached (media streams straight from the store). */
  maxObjectBytes: number;
  maxTotalBytes: number;
}

function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({ start(controller) { controller.enqueue(bytes); controller.close(); } });
}

async function readAll(body: ReadableStream<Uint8Array>, size: number): Promise<Uint8Array> {
  const out = new Uint8Array(size);
  let offset = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * Keeps small objects of a store in memory, least recently used out first. Keys are
 * `<share>/<sha256>`, so a key's bytes never change and the cache cannot go stale; revoke deletes
 * through it, and serving checks the share's state in the database before any byte is read, so an
 * ended share is never served from here. Used by the Node runtime, where a page view otherwise
 * costs four file-system calls on libuv's small thread pool.
 */
export function memoryCached(store: BlobStore, opts: MemoryCacheOptions): BlobStore {
  const entries = new Map<string, Uint8Array>();
  let total = 0;
  const remember = (key: string, bytes: Uint8Array) => {
    if (bytes.byteLength > opts.maxObjectBytes || entries.has(key)) return;
    entries.set(key, bytes);
    total += bytes.byteLength;
    for (const [oldest, value] of entries) {
      if (total <= opts.maxTotalBytes) break;
      entries.delete(oldest);
      total -= value.byteLength;
    }
  };
  const forget = (key: string) => {
    const bytes = entries.get(key);
    if (bytes) { entries.delete(key); total -= bytes.byteLength; }
  };
  return {
    async put(key, bytes, contentType) {
      await store.put(key, bytes, contentType);
      // A copy: the caller may reuse its buffer once put resolves (the zip path does, app/storage.ts).
      if (bytes.byteLength <= opts.maxObjectBytes) remember(key, bytes.slice());
    },
    async get(key, range?: ByteRange): Promise<StoredObject | null> {
      let bytes = entries.get(key);
      if (bytes) {
        entries.delete(key);
        entries.set(key, bytes); // most recently used last
      } else {
        const object = await store.get(key);
        if (!object) return null;
        if (object.size > opts.maxObjectBytes) {
          await object.body.cancel();
          return store.get(key, range);
        }
        bytes = await readAll(object.body, object.size);
        remember(key, bytes);
      }
      const slice = range ? bytes.subarray(range.offset, range.offset + range.length) : bytes;
      return { body: streamOf(slice), size: bytes.byteLength };
    },
    async delete(keys) {
      for (const key of keys) forget(key);
      await store.delete(keys);
    },
    ping: () => store.ping(),
  };
}
