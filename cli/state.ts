import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configDir } from './config';
import { CliError, EXIT } from './errors';
import { LockBusyError, lockSync } from './file-lock';

/** A link this machine created, with the owner token that controls it. */
export interface SavedShare {
  id: string;
  url: string;
  server: string;
  ownerToken: string;
  /** Absolute path that was shared, so sharing it again updates the same link. */
  source: string | null;
  version: number | null;
  createdAt: string;
  updatedAt: string;
  /**
   * When this machine found the link ended (revoked, expired, taken down or unknown to its server):
   * such an entry is never picked again to update in place, so the path's next share makes a new
   * link and later shares update that one.
   */
  endedAt?: string;
}

interface StateFile {
  shares: SavedShare[];
  [other: string]: unknown;
}

export const statePath = () => join(configDir(), 'state.json');

/** A state-file problem: the message names the file and what to do about it. */
function stateError(what: string, path: string, err: unknown): CliError {
  const code = (err as NodeJS.ErrnoException)?.code;
  const why = code ? `${code}${code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? ': not writable' : ''}` : (err as Error)?.message ?? String(err);
  return new CliError(`cannot ${what} ${path} (${why}). It keeps the owner tokens of your links: make that folder writable, or set XDG_CONFIG_HOME to a writable folder`, EXIT.failure);
}

export function loadState(): StateFile {
  const path = statePath();
  if (!existsSync(path)) return { shares: [] };
  let text: string;
  try { text = readFileSync(path, 'utf8'); } catch (err) { throw stateError('read the state file', path, err); }
  try {
    const parsed = JSON.parse(text) as StateFile;
    if (!Array.isArray(parsed?.shares)) throw new Error('missing "shares"');
    return parsed;
  } catch (err) {
    throw new CliError(`the state file ${path} is unreadable (${(err as Error).message}); it holds your owner tokens, so repair it rather than deleting it`);
  }
}

/** Creates the state folder (0700) if needed; an unwritable home becomes one readable error. */
function ensureDir(): string {
  const dir = configDir();
  try { mkdirSync(dir, { recursive: true, mode: 0o700 }); } catch (err) { throw stateError('create the state folder', dir, err); }
  return dir;
}

/** Writes to a unique temp file then renames, so a crash never leaves a half-written state file; 0600 because it holds tokens. */
function saveState(state: StateFile): void {
  const path = statePath();
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
  } catch (err) {
    try { unlinkSync(tmp); } catch { /* never written */ }
    throw stateError('write the state file', path, err);
  }
}

/**
 * Read-modify-write of the state file under its lock (`state.json.lock`, see file-lock.ts), so
 * parallel share processes never overwrite each other's entries. `change` gets the current
 * state, mutates it and may return a value. Unknown top-level fields are kept as they were.
 */
export function updateState<T>(change: (state: StateFile) => T): T {
  ensureDir();
  const lockPath = `${statePath()}.lock`;
  let release: () => void;
  try {
    release = lockSync(lockPath, { staleMs: 30_000, waitMs: 20_000 });
  } catch (err) {
    if (err instanceof LockBusyError) throw new CliError(`the state file is locked by ${err.holder ? `process ${err.holder.pid}` : 'another process'} (${lockPath}); if no share command is running, delete that file`);
    throw stateError('lock the state file', lockPath, err);
  }
  try {
    const state = loadState();
    const result = change(state);
    saveState(state);
    return result;
  } finally {
    release();
  }
}

/**
 * Proves, before anything is uploaded, that this process can read the state file and write next
 * to it (it takes and releases the lock, which creates a file there), so a link is never made
 * whose owner token could not be kept.
 */
export function checkStateWritable(): void {
  updateState(() => undefined);
}

export function upsertShare(entry: SavedShare): void {
  updateState((state) => {
    state.shares = [...state.shares.filter((s) => !(s.id === entry.id && s.server === entry.server)), entry];
  });
}

/** The newest live link made from this path on this server, if any (ended links are never picked). */
export function findBySource(source: string, server: string): SavedShare | undefined {
  return [...loadState().shares].reverse().find((s) => s.source === source && s.server === server && !s.endedAt);
}

/** Records that a saved link was found ended, so `findBySource` never picks it again. */
export function markEnded(id: string, server: string, at = new Date().toISOString()): void {
  updateState((state) => {
    for (const s of state.shares) if (s.id === id && s.server === server && !s.endedAt) s.endedAt = at;
  });
}

/** A link, bare id, or URL of any path on the share's origin → the saved entry for it. */
export function findByRef(ref: string): SavedShare | undefined {
  const id = idFromRef(ref);
  return id ? loadState().shares.find((s) => s.id === id) : undefined;
}

export function idFromRef(ref: string): string | null {
  if (/^[0-9a-z]{10,32}$/.test(ref)) return ref;
  try {
    const label = new URL(ref).hostname.split('.')[0];
    return /^[0-9a-z]{10,32}$/.test(label) ? label : null;
  } catch {
    return null;
  }
}
