import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { configDir, configPath, readConfigFile, serverOrigin, type FileConfig } from './config';
import { CliError, EXIT, isCliError } from './errors';
import { LockBusyError, lockSync } from './file-lock';

/** The settings `share config` and `share login` may write, each checked before it is saved. */
export const CONFIG_KEYS = {
  server: (value: string) => serverOrigin(value),
  apiKey: (value: string) => {
    if (!value.startsWith('shk_')) throw new CliError('an API key starts with shk_ (ask the server\'s operator for one)', EXIT.usage);
    return value;
  },
} satisfies Record<keyof FileConfig, (value: string) => string>;

export type ConfigKey = keyof typeof CONFIG_KEYS;

export const isConfigKey = (key: string): key is ConfigKey => Object.hasOwn(CONFIG_KEYS, key);

/** One readable line for a config file that cannot be written: its path, the OS's code, what to do. */
function writeError(path: string, err: unknown): CliError {
  const code = (err as NodeJS.ErrnoException)?.code;
  return new CliError(`cannot write the config file ${path} (${code ?? (err as Error).message}); make its folder writable, or set XDG_CONFIG_HOME to a writable folder`, EXIT.failure);
}

/**
 * Read-modify-write of `$XDG_CONFIG_HOME/share/config.json` under a lock file (as state.json is
 * written, see state.ts): `change` gets the current settings and mutates them; fields it does not
 * know are kept. Written to a temp file then renamed, mode 0600 (it may hold an API key), in a
 * folder made 0700. Returns the path written.
 */
export function updateConfigFile(change: (config: FileConfig & Record<string, unknown>) => void): string {
  const path = configPath();
  try { mkdirSync(configDir(), { recursive: true, mode: 0o700 }); } catch (err) { throw writeError(path, err); }
  let release: () => void;
  try {
    release = lockSync(`${path}.lock`, { staleMs: 30_000, waitMs: 10_000 });
  } catch (err) {
    if (err instanceof LockBusyError) throw new CliError(`the config file is locked by ${err.holder ? `process ${err.holder.pid}` : 'another process'} (${path}.lock); if no share command is running, delete that file`);
    throw writeError(path, err);
  }
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const config = readConfigFile() as FileConfig & Record<string, unknown>;
    change(config);
    writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
    return path;
  } catch (err) {
    try { unlinkSync(tmp); } catch { /* never written */ }
    if (isCliError(err)) throw err;
    throw writeError(path, err);
  } finally {
    release();
  }
}

/** Shows an API key without giving it away: its prefix and last four characters. */
export const redactKey = (key: string): string => (key.length > 12 ? `${key.slice(0, 8)}…${key.slice(-4)}` : 'shk_…');
