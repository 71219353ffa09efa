// Resident memory of a server process, read from /proc (Linux): at idle and its peak while some
// work runs, sampled every 200 ms. Used by `npm run bench` and `npm run load` for the Node server.
import { readFileSync } from 'node:fs';

/** The process's resident set size in bytes (VmRSS), or NaN where /proc is not available. */
export function rssOf(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Runs `work` while sampling the process's RSS; returns its result with the peak and last sample. */
export async function withRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peak: number; end: number }> {
  let peak = rssOf(pid);
  const timer = setInterval(() => { peak = Math.max(peak, rssOf(pid)); }, 200);
  try {
    const result = await work();
    const end = rssOf(pid);
    return { result, peak: Math.max(peak, end), end };
  } finally {
    clearInterval(timer);
  }
}

export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
