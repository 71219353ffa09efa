import type { Transform } from 'node:stream';
import { createBrotliDecompress } from 'node:zlib';
import type { ContentCoding } from '../core/content-type';

/**
 * A web TransformStream over a node:zlib transform, written out because workerd's
 * `Duplex.toWeb` leaves an unhandled rejection behind on every stream.
 */
function throughZlib(z: Transform): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream<Uint8Array, Uint8Array>({
    start(controller) {
      z.on('data', (chunk: Uint8Array) => controller.enqueue(new Uint8Array(chunk)));
      z.on('error', (err) => controller.error(err));
    },
    transform(chunk) {
      return new Promise<void>((resolve, reject) => { z.write(chunk, (err) => (err ? reject(err) : resolve())); });
    },
    flush() {
      return new Promise<void>((resolve, reject) => {
        z.once('error', reject);
        z.once('end', resolve);
        z.end();
      });
    },
  });
}

/**
 * `deps.decompress` on Workers: gzip through the standard DecompressionStream; brotli, which
 * workerd's DecompressionStream does not offer (it takes only gzip, deflate and deflate-raw),
 * through workerd's native node:zlib (the `nodejs_compat` flag in wrangler.toml), streamed.
 */
export function workerDecompress(coding: ContentCoding, body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  if (coding === 'gzip') return body.pipeThrough(new DecompressionStream('gzip'));
  return body.pipeThrough(throughZlib(createBrotliDecompress()));
}

/**
 * A response that names its `Content-Encoding` carries bytes already encoded (a pre-compressed
 * file sent as stored). workerd would otherwise encode such a body again on the way out, so it is
 * marked `encodeBody: 'manual'`: sent as it is.
 */
export function sentAsEncoded(response: Response): Response {
  if (!response.headers.has('content-encoding')) return response;
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: response.headers, encodeBody: 'manual' });
}
