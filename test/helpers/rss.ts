import { readFileSync, writeFileSync } from 'node:fs';

const MiB = 1024 * 1024;

/** A process's resident set now and at its peak (`VmRSS`, `VmHWM` in /proc/<pid>/status), in bytes. */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/**
 * Measures how far a process's resident memory rises above where it stands while `work` runs.
 * The kernel's peak (`VmHWM`) is reset first by writing 5 to /proc/<pid>/clear_refs (Linux 4.0+),
 * so no short spike between samples is missed; where that is not allowed, the peak of samples
 * taken every 5 ms counts instead. Returns MiB: the resident set before, and the peak's growth.
 */
export async function peakGrowth(pid: number, work: () => Promise<unknown>): Promise<{ beforeMiB: number; growthMiB: number }> {
  let resettable = true;
  try { writeFileSync(`/proc/${pid}/clear_refs`, '5'); } catch { resettable = false; }
  const before = memoryOf(pid).rss;
  let sampled = before;
  const timer = setInterval(() => { sampled = Math.max(sampled, memoryOf(pid).rss); }, 5);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  const peak = Math.max(sampled, resettable ? memoryOf(pid).peak : 0);
  return { beforeMiB: Math.round(before / MiB), growthMiB: Math.round((peak - before) / MiB) };
}
