import type { BlobStore, ByteRange, StoredObject } from '../app/storage';

/** Objects up to this size are kept in the edge cache (read whole into memory once, on a miss). */
export const EDGE_CACHE_MAX_OBJECT_BYTES = 4 * 1024 * 1024;

/** At most this many of a delete's keys are also dropped from this colo's cache. */
export const EDGE_CACHE_MAX_DELETES = 50;

/**
 * How long a colo keeps a file's bytes (seconds). Bytes under a key never change, so this bounds
 * only how long a deleted share's bytes may sit in other colos' caches — where nothing can reach
 * them: serving reads the share's state from D1 first, on every request, and an ended share never
 * asks the store for bytes.
 */
export const EDGE_CACHE_TTL_SECONDS = 86_400;

/**
 * Keeps small blobs of a store in the Workers Cache API (`caches.default`) of the colo serving
 * the request, so a warm page view costs its one D1 read and no R2 read. Keys are
 * `<share>/<sha256>` (content-addressed, immutable), cached under a synthetic URL on the app host
 * (`https://<app host>/_edge-blobs/<share>/<sha256>`), which no route answers and no client can
 * write to: the Cache API is per-zone and only this Worker puts into it. Whole-object reads only:
 * a Range read, and objects over EDGE_CACHE_MAX_OBJECT_BYTES, go to the store. A delete (revoke,
 * cleanup) also drops this colo's copy; other colos' copies age out (EDGE_CACHE_TTL_SECONDS).
 * On workers.dev the Cache API stores nothing, and every read goes to R2 as before.
 */
export function edgeCached(store: BlobStore, cache: Cache, appHost: string): BlobStore {
  const urlOf = (key: string) => `https://${appHost}/_edge-blobs/${key}`;
  return {
    put: (key, bytes, contentType) => store.put(key, bytes, contentType),
    async get(key, range?: ByteRange): Promise<StoredObject | null> {
      if (range) return store.get(key, range);
      const hit = await cache.match(urlOf(key));
      if (hit?.body) return { body: hit.body, size: Number(hit.headers.get('content-length')) };
      const object = await store.get(key);
      if (!object || object.size > EDGE_CACHE_MAX_OBJECT_BYTES) return object;
      const bytes = new Uint8Array(await new Response(object.body).arrayBuffer());
      await cache.put(urlOf(key), new Response(bytes, {
        headers: { 'Content-Length': String(bytes.byteLength), 'Cache-Control': `public, max-age=${EDGE_CACHE_TTL_SECONDS}, immutable` },
      }));
      return { bytes, body: new Response(bytes).body!, size: bytes.byteLength };
    },
    async delete(keys) {
      await store.delete(keys);
      // Best effort and bounded (each Cache API call is a subrequest): serving never reaches these
      // bytes once the share has ended, and what stays ages out.
      await Promise.all(keys.slice(0, EDGE_CACHE_MAX_DELETES).map((key) => cache.delete(urlOf(key))));
    },
    ping: () => store.ping(),
  };
}
