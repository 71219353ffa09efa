import { zipSync } from 'fflate';

/** 1980-01-01 00:00 local time, the earliest a zip can say (APPNOTE.TXT 4.4.6): every entry gets it, so the same bundle makes the same zip. */
const EPOCH = new Date(1980, 0, 1);

/**
 * `files` as a stored zip (method 0: the bytes as they are, since compressing costs the CLI
 * more CPU than the few bytes save on a small first publish), written by
 * fflate's `zipSync` (UTF-8 names flagged as such, which core/zip reads first). The caller
 * reads the result back with the server's own reader before sending it (cli/publish-once.ts).
 */
export function storedZip(files: readonly { path: string; bytes: Uint8Array }[]): Uint8Array {
  // A null-prototype object, so a file named `__proto__` is an entry like any other.
  const entries: Record<string, [Uint8Array, { level: 0; mtime: Date }]> = Object.create(null);
  for (const f of files) entries[f.path] = [f.bytes, { level: 0, mtime: EPOCH }];
  return zipSync(entries, { level: 0, mtime: EPOCH });
}
