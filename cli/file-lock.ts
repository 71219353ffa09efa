import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * A lock between processes on one machine: a file created with O_CREAT|O_EXCL (`wx`), which the
 * OS lets exactly one process create. It holds `{pid, host, at, nonce}` so a lock left by a
 * process that died (crash, kill -9) is recognised and broken: its pid no longer runs on this
 * host, or it is older than `staleMs`. Releasing removes the file only while it is still ours.
 */
export interface LockOptions {
  /** A lock older than this is taken to be abandoned, whoever holds it (ms). */
  staleMs: number;
}

interface Holder { pid: number; host: string; at: number; nonce: string }

export class LockBusyError extends Error {
  constructor(readonly path: string, readonly holder: Holder | null) {
    super(`${path} is held by ${holder ? `process ${holder.pid}` : 'another process'}`);
    this.name = 'LockBusyError';
  }
}

function readHolder(path: string): { raw: string; holder: Holder | null } | null {
  let raw: string;
  try { raw = readFileSync(path, 'utf8'); } catch { return null; }
  try {
    const h = JSON.parse(raw) as Holder;
    return { raw, holder: typeof h.pid === 'number' && typeof h.at === 'number' ? h : null };
  } catch {
    return { raw, holder: null };
  }
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (err) { return (err as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** Whether the lock at `path` (as read: `raw`) was left behind by a process that is gone. */
function stale(path: string, seen: { raw: string; holder: Holder | null }, staleMs: number): boolean {
  const { holder } = seen;
  if (!holder) {
    // Created but not yet written, or garbage: give a live writer a moment before calling it stale.
    try { return Date.now() - statSync(path).mtimeMs > 2000; } catch { return true; }
  }
  if (Date.now() - holder.at > staleMs) return true;
  return holder.host === hostname() && !alive(holder.pid);
}

/** One attempt: the release function when the lock was free (or abandoned), else the holder. */
export function tryLock(path: string, opts: LockOptions): (() => void) | Holder | null {
  const nonce = randomBytes(8).toString('hex');
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const seen = readHolder(path);
    if (seen === null) return null; // released meanwhile: try again
    if (!stale(path, seen, opts.staleMs)) return seen.holder;
    // Break it only if it is still the very lock judged stale, so a fresh lock taken meanwhile survives.
    if (readHolder(path)?.raw === seen.raw) { try { unlinkSync(path); } catch { /* someone else broke it */ } }
    return null;
  }
  try { writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), at: Date.now(), nonce } satisfies Holder)); } finally { closeSync(fd); }
  return () => {
    if (readHolder(path)?.holder?.nonce === nonce) { try { unlinkSync(path); } catch { /* already gone */ } }
  };
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const jitter = (ms: number) => ms / 2 + Math.random() * ms;

/** Takes the lock, waiting synchronously up to `waitMs`; for short critical sections (a read-modify-write of a small file). */
export function lockSync(path: string, opts: LockOptions & { waitMs: number }): () => void {
  const until = Date.now() + opts.waitMs;
  for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
    const got = tryLock(path, opts);
    if (typeof got === 'function') return got;
    if (Date.now() > until) throw new LockBusyError(path, got);
    sleepSync(jitter(delay));
  }
}

/** Takes the lock, waiting asynchronously until it is free or `signal` aborts (which rejects with the signal's reason). */
export async function lock(path: string, opts: LockOptions & { signal?: AbortSignal }): Promise<() => void> {
  for (let delay = 5; ; delay = Math.min(delay * 2, 200)) {
    opts.signal?.throwIfAborted();
    const got = tryLock(path, opts);
    if (typeof got === 'function') return got;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, jitter(delay));
      function done() { clearTimeout(timer); opts.signal?.removeEventListener('abort', done); resolve(); }
      opts.signal?.addEventListener('abort', done, { once: true });
    });
  }
}
