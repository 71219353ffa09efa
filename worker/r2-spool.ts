import { guard } from '../app/lib/dependency';
import type { Spool, SpooledUpload } from '../app/spool';

/** Spooled uploads live apart from share objects: no share id starts with a dot. */
export const SPOOL_PREFIX = '.spool/';
/** Part size for a body of unknown length; R2 wants every part but the last the same size, ≥ 5 MiB. */
const PART = 8 * 1024 * 1024;

async function* bodyChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

function upload(bucket: R2Bucket, key: string, size: number): SpooledUpload {
  const range = async (offset: number, length: number) => {
    const object = await guard('storage', () => bucket.get(key, { range: { offset, length } }));
    if (!object) throw new Error(`spooled upload ${key} is gone`);
    return object.body;
  };
  return {
    size,
    read: async (offset, length) => (length === 0 ? new Uint8Array(0) : new Uint8Array(await new Response(await range(offset, length)).arrayBuffer())),
    async *chunks(offset, end) {
      if (end > offset) yield* bodyChunks(await range(offset, end - offset));
    },
    discard: () => guard('storage', () => bucket.delete(key)),
  };
}

/**
 * Writes a body of unknown length (chunked) as a multipart upload in 8 MiB parts, one part held at
 * a time, counting against `maxBytes`; a body smaller than one part is one plain put.
 */
async function putChunked(bucket: R2Bucket, key: string, body: ReadableStream<Uint8Array>, maxBytes: number, tooLarge: () => Error): Promise<number> {
  const part = new Uint8Array(PART);
  const parts: R2UploadedPart[] = [];
  let upload: R2MultipartUpload | null = null;
  let filled = 0;
  let size = 0;
  try {
    for await (const chunk of bodyChunks(body)) {
      size += chunk.byteLength;
      if (size > maxBytes) throw tooLarge();
      for (let at = 0; at < chunk.byteLength;) {
        const n = Math.min(PART - filled, chunk.byteLength - at);
        part.set(chunk.subarray(at, at + n), filled);
        filled += n;
        at += n;
        if (filled === PART) {
          upload ??= await guard('storage', () => bucket.createMultipartUpload(key));
          const next = upload;
          parts.push(await guard('storage', () => next.uploadPart(parts.length + 1, part)));
          filled = 0;
        }
      }
    }
    const last = upload;
    if (!last) {
      await guard('storage', () => bucket.put(key, part.subarray(0, filled)));
      return size;
    }
    if (filled > 0) parts.push(await guard('storage', () => last.uploadPart(parts.length + 1, part.subarray(0, filled))));
    await guard('storage', () => last.complete(parts));
    return size;
  } catch (err) {
    await upload?.abort().catch(() => {});
    throw err;
  }
}

/**
 * Zip uploads spooled to R2 under `.spool/`, so the Worker never holds a zip: the request body is
 * streamed into one object (through a `FixedLengthStream`, since R2 must know an upload's length,
 * and the declared length is what workerd enforces on the body), then read back by range: the end
 * and directory with two small reads, the entries with one streamed read front to back. A body
 * without a Content-Length goes up in parts (`putChunked`). The scheduled cleanup deletes what an
 * isolate stopped mid-publish left behind.
 */
export function r2Spool(bucket: R2Bucket): Spool {
  return {
    async write(request, { length, maxBytes, tooLarge }) {
      const body = request.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
      const key = `${SPOOL_PREFIX}${crypto.randomUUID()}`;
      if (length === null) return upload(bucket, key, await putChunked(bucket, key, body, maxBytes, tooLarge));
      if (length > maxBytes) throw tooLarge();
      const fixed = new FixedLengthStream(length);
      const [piped, stored] = await Promise.allSettled([body.pipeTo(fixed.writable), guard('storage', () => bucket.put(key, fixed.readable))]);
      if (piped.status === 'rejected') {
        await bucket.delete(key).catch(() => {});
        throw piped.reason;
      }
      if (stored.status === 'rejected') throw stored.reason;
      return upload(bucket, key, length);
    },
    async sweep(before) {
      let removed = 0;
      let cursor: string | undefined;
      do {
        const page = await bucket.list({ prefix: SPOOL_PREFIX, cursor, limit: 1000 });
        const old = page.objects.filter((o) => o.uploaded.getTime() < before).map((o) => o.key);
        if (old.length > 0) await bucket.delete(old);
        removed += old.length;
        cursor = page.truncated ? page.cursor : undefined;
      } while (cursor);
      return removed;
    },
  };
}
