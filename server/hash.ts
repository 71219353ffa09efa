import { createHash } from 'node:crypto';

/** Bytes hashed between turns of the event loop. */
const SLICE = 1024 * 1024;

/**
 * Lowercase hex SHA-256, the same value as the core's `sha256Hex`, for large bytes on Node.
 * Web Crypto's `digest` runs as an async job that first copies its whole input (Node copies the
 * buffer for every async crypto job), so hashing a 25 MiB zip entry would hold a second 25 MiB;
 * `createHash` reads the bytes where they are. It runs on the main thread, so it is fed 1 MiB at a
 * time with a turn of the event loop between slices, and other requests keep being served.
 */
export async function sha256HexInPlace(bytes: Uint8Array): Promise<string> {
  const hash = createHash('sha256');
  for (let at = 0; at < bytes.byteLength; at += SLICE) {
    if (at > 0) await new Promise((resolve) => setImmediate(resolve));
    hash.update(bytes.subarray(at, at + SLICE));
  }
  return hash.digest('hex');
}
