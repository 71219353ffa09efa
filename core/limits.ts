import { ApiError } from './errors';

export interface Limits {
  maxFileBytes: number;
  maxShareBytes: number;
  maxFiles: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxFileBytes: 25 * 1024 * 1024,
  maxShareBytes: 100 * 1024 * 1024,
  maxFiles: 1000,
};

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/**
 * The one byte formatter for every size a person reads (CLI, web app, MCP, API messages): IEC
 * binary units (1 KiB = 1024 B, IEC 80000-13), one decimal at most, a whole number without one:
 * `512 B`, `1.5 KiB`, `25 MiB`, `26.2 MiB`.
 */
export function formatBytes(n: number): string {
  let value = n;
  let unit = 0;
  // Compare after rounding, so 1023.97 KiB reads as 1 MiB, not 1024 KiB.
  while (unit < UNITS.length - 1 && Math.round((value * 10)) / 10 >= 1024) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} B` : `${Number(value.toFixed(1))} ${UNITS[unit]}`;
}

/**
 * Refuses files over the limits with the API's codes and words (413 `too_many_files`,
 * `file_too_large`, `share_too_large`), and returns the total size in bytes. The server's manifest
 * and zip checks and every client's collect step call this one function, so a refusal reads the
 * same wherever it is found. `unpacked` words it for a zip's declared sizes.
 */
export function checkLimits(files: readonly { path: string; size: number }[], limits: Limits, unpacked = false): number {
  if (files.length > limits.maxFiles) {
    throw new ApiError(413, 'too_many_files', `The bundle has ${files.length} files; the limit is ${limits.maxFiles}.`);
  }
  let bytes = 0;
  for (const f of files) {
    if (f.size > limits.maxFileBytes) {
      throw new ApiError(413, 'file_too_large', `${f.path} is ${formatBytes(f.size)}${unpacked ? ' unpacked' : ''}; the limit per file is ${formatBytes(limits.maxFileBytes)}.`, { path: f.path, size: f.size });
    }
    bytes += f.size;
  }
  if (bytes > limits.maxShareBytes) {
    throw new ApiError(413, 'share_too_large', `The bundle is ${formatBytes(bytes)}${unpacked ? ' unpacked' : ''}; the limit per share is ${formatBytes(limits.maxShareBytes)}.`, { size: bytes });
  }
  return bytes;
}
