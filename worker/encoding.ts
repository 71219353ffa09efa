import { Duplex } from 'node:stream';
import { createBrotliDecompress } from 'node:zlib';
import type { ContentCoding } from '../core/content-type';

/**
 * `deps.decompress` on Workers: gzip through the standard DecompressionStream; brotli, which
 * workerd's DecompressionStream does not offer (it takes only gzip, deflate and deflate-raw),
 * through workerd's native node:zlib (the `nodejs_compat` flag in wrangler.toml), streamed.
 */
export function workerDecompress(coding: ContentCoding, body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  if (coding === 'gzip') return body.pipeThrough(new DecompressionStream('gzip'));
  return body.pipeThrough(Duplex.toWeb(createBrotliDecompress()) as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
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
