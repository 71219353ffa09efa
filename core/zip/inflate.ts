import { Inflate } from 'fflate';
import { ApiError, badRequest } from '../errors';
import { crc32 } from './crc32';
import type { ZipRecord } from './record';

/** Compressed bytes fed to fflate at a time: deflate expands at most ~1032:1, so one step yields ≤ ~4 MiB. */
const STEP = 4096;

const mismatch = (r: ZipRecord, what: string) => badRequest('zip_size_mismatch', `The zip entry ${r.name} ${what}.`);

/** Whether the runtime decompresses raw DEFLATE natively (Compression Streams: browsers, workerd, Node ≥ 20.12). */
const nativeDeflateRaw = (() => {
  try {
    return typeof DecompressionStream === 'function' && !!new DecompressionStream('deflate-raw');
  } catch {
    return false;
  }
})();

/**
 * Raw DEFLATE through the platform's `DecompressionStream`: native zlib, with backpressure, so it
 * unpacks no further ahead than the reader asks. Pieces are copied in, since each is valid only
 * until the next is read. Errors: whatever `write` throws, or the stream's error on bad data.
 */
export async function inflateNative(pieces: AsyncIterable<Uint8Array>, write: (chunk: Uint8Array) => void): Promise<void> {
  const stream = new DecompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const feeding = (async () => {
    for await (const piece of pieces) await writer.write(piece.slice());
    await writer.close();
  })();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      write(value);
    }
    await feeding;
  } catch (err) {
    await Promise.allSettled([reader.cancel(), writer.abort(), feeding]);
    throw err;
  }
}

/** Raw DEFLATE through fflate's streaming `Inflate`, fed in 4 KiB steps, where the platform has no `deflate-raw`. */
export async function inflateFflate(r: ZipRecord, pieces: AsyncIterable<Uint8Array>, write: (chunk: Uint8Array) => void): Promise<void> {
  const inflater = new Inflate(write);
  let seen = 0;
  for await (const piece of pieces) {
    seen += piece.length;
    for (let i = 0; i < piece.length; i += STEP) inflater.push(piece.subarray(i, i + STEP), seen === r.compressedSize && i + STEP >= piece.length);
  }
  if (r.compressedSize === 0) inflater.push(new Uint8Array(0), true);
}

/**
 * Unpacks one entry from its compressed bytes as they arrive (`pieces`, `compressedSize` bytes in
 * all) into `out`, a buffer of exactly its declared size, and returns it: stored (method 0) or
 * deflated (8). An entry that would unpack to more than it declares is stopped as soon as it does,
 * so a lying size cannot exhaust memory; one that unpacks to less, or whose CRC-32 differs from
 * the directory's, is refused too. Errors: 400 `zip_size_mismatch`, `invalid_zip` (corrupt
 * deflate data), `zip_checksum`.
 */
export async function inflateEntry(r: ZipRecord, pieces: AsyncIterable<Uint8Array>, out: Uint8Array): Promise<Uint8Array> {
  if (r.method === 0 && r.compressedSize !== r.size) throw mismatch(r, 'does not match its declared size');
  let written = 0;
  let crc = 0;
  const write = (chunk: Uint8Array) => {
    if (written + chunk.length > r.size) throw mismatch(r, 'unpacks to more than its declared size');
    out.set(chunk, written);
    crc = crc32(chunk, crc);
    written += chunk.length;
  };
  try {
    if (r.method === 0) for await (const piece of pieces) write(piece);
    else if (nativeDeflateRaw) await inflateNative(pieces, write);
    else await inflateFflate(r, pieces, write);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw badRequest('invalid_zip', `The zip entry ${r.name} could not be unpacked.`);
  }
  if (written !== r.size) throw mismatch(r, 'does not match its declared size');
  if (crc !== r.crc) throw badRequest('zip_checksum', `The zip entry ${r.name} is damaged (its CRC-32 does not match).`);
  return out;
}
