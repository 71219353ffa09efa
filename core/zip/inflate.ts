import { ApiError, badRequest } from '../errors';
import { crc32 } from './crc32';
import type { ZipRecord } from './record';

const mismatch = (r: ZipRecord, what: string) => badRequest('zip_size_mismatch', `The zip entry ${r.name} ${what}.`);

let native: boolean | undefined;

/**
 * Whether the runtime decompresses raw DEFLATE natively (Compression Streams: browsers, workerd,
 * Node ≥ 20.12). Asked on the first deflated entry, not when the module loads: on Node the probe
 * loads the Web streams implementation, which the CLI's publish (it imports the zip reader to
 * check its own zip, cli/publish-once.ts) would otherwise pay for on every run.
 */
function nativeDeflateRaw(): boolean {
  if (native === undefined) {
    try {
      native = typeof DecompressionStream === 'function' && !!new DecompressionStream('deflate-raw');
    } catch {
      native = false;
    }
  }
  return native;
}

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
    else if (nativeDeflateRaw()) await inflateNative(pieces, write);
    else await (await import('./inflate-fflate')).inflateFflate(r, pieces, write);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw badRequest('invalid_zip', `The zip entry ${r.name} could not be unpacked.`);
  }
  if (written !== r.size) throw mismatch(r, 'does not match its declared size');
  if (crc !== r.crc) throw badRequest('zip_checksum', `The zip entry ${r.name} is damaged (its CRC-32 does not match).`);
  return out;
}
