import { Inflate } from 'fflate';
import type { ZipRecord } from './record';

/** Compressed bytes fed to fflate at a time: deflate expands at most ~1032:1, so one step yields ≤ ~4 MiB. */
const STEP = 4096;

/**
 * Raw DEFLATE through fflate's streaming `Inflate`, fed in 4 KiB steps, where the platform has no
 * `deflate-raw`. A module of its own, imported by inflate.ts on first use: fflate builds its tables
 * when it loads, a cost the CLI would otherwise pay on every publish that reads a zip
 * (cli/publish-once.ts checks its own).
 */
export async function inflateFflate(r: ZipRecord, pieces: AsyncIterable<Uint8Array>, write: (chunk: Uint8Array) => void): Promise<void> {
  const inflater = new Inflate(write);
  let seen = 0;
  for await (const piece of pieces) {
    seen += piece.length;
    for (let i = 0; i < piece.length; i += STEP) inflater.push(piece.subarray(i, i + STEP), seen === r.compressedSize && i + STEP >= piece.length);
  }
  if (r.compressedSize === 0) inflater.push(new Uint8Array(0), true);
}
