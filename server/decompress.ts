import { Duplex } from 'node:stream';
import { createBrotliDecompress, createGunzip } from 'node:zlib';
import type { ContentCoding } from '../core/content-type';

/** `deps.decompress` on Node: node:zlib for both codings, streamed (Node 20's DecompressionStream has no brotli). */
export function nodeDecompress(coding: ContentCoding, body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const z = coding === 'gzip' ? createGunzip() : createBrotliDecompress();
  return body.pipeThrough(Duplex.toWeb(z) as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
}
