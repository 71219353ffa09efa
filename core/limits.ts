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

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
