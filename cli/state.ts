import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configDir } from './config';
import { CliError } from './errors';

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
}

interface StateFile {
  shares: SavedShare[];
}

export const statePath = () => join(configDir(), 'state.json');

export function loadState(): StateFile {
  const path = statePath();
  if (!existsSync(path)) return { shares: [] };
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as StateFile;
    if (!Array.isArray(parsed.shares)) throw new Error('missing "shares"');
    return parsed;
  } catch (err) {
    throw new CliError(`the state file ${path} is unreadable (${(err as Error).message}); it holds your owner tokens, so repair it rather than deleting it`);
  }
}

/** Writes to a temp file then renames, so a crash never leaves a half-written state file; 0600 because it holds tokens. */
export function saveState(state: StateFile): void {
  const dir = configDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = statePath();
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

export function upsertShare(entry: SavedShare): void {
  const state = loadState();
  state.shares = [...state.shares.filter((s) => !(s.id === entry.id && s.server === entry.server)), entry];
  saveState(state);
}

export function findBySource(source: string, server: string): SavedShare | undefined {
  return loadState().shares.find((s) => s.source === source && s.server === server);
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
