import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { CliError, EXIT } from './errors';

export const DEFAULT_SERVER = 'http://localhost:8787';

/**
 * `$XDG_CONFIG_HOME/share`, else `~/.config/share`: where the config and state files live.
 * Only absolute bases count (the XDG Base Directory spec says to ignore relative ones): an empty
 * or relative HOME, as some app launchers give, would otherwise put the owner tokens in whatever
 * folder the process happened to start in.
 */
export function configDir(): string {
  const xdg = process.env.XDG_CONFIG_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'share');
  const home = homedir();
  if (!home || !isAbsolute(home)) {
    throw new CliError(`cannot tell where to keep share's state: HOME is ${home ? `"${home}", not an absolute path` : 'empty'} and XDG_CONFIG_HOME is not set. Set XDG_CONFIG_HOME (or HOME) to an absolute, writable folder`, EXIT.failure);
  }
  return join(home, '.config', 'share');
}

export interface FileConfig {
  server?: string;
  /** An API key from the server's operator (`shk_…`); see resolveApiKey. */
  apiKey?: string;
}

/** Where a setting came from, in the order they are looked at: the first one set wins. */
export type SettingSource = 'flag' | 'environment' | 'config file' | 'default';

/** A setting's value, where it came from, and that place's name (`--server`, `SHARE_SERVER`, the file's path). */
export interface Setting<T> { value: T; source: SettingSource; from: string }

/** The first of flag, environment variable, config-file field that is set (empty strings count as unset). */
function pick(flag: { name: string; value: string | undefined }, env: string, field: keyof FileConfig): Setting<string> | null {
  if (flag.value) return { value: flag.value, source: 'flag', from: flag.name };
  if (process.env[env]) return { value: process.env[env]!, source: 'environment', from: env };
  const stored = readConfigFile()[field];
  if (typeof stored === 'string' && stored) return { value: stored, source: 'config file', from: configPath() };
  return null;
}

/** The API key and where it came from: --key, else SHARE_API_KEY, else "apiKey" in the config file; null when none is set. */
export function apiKeySetting(flag: string | undefined): Setting<string> | null {
  const key = pick({ name: '--key', value: flag }, 'SHARE_API_KEY', 'apiKey');
  if (key && !key.value.startsWith('shk_')) throw new CliError(`an API key starts with shk_ (check ${key.source === 'config file' ? `"apiKey" in ${key.from}` : key.from})`, EXIT.usage);
  return key;
}

/** The API key to use: --key, else SHARE_API_KEY, else "apiKey" in the config file, else none. */
export function resolveApiKey(flag: string | undefined): string | undefined {
  return apiKeySetting(flag)?.value;
}

/** `$XDG_CONFIG_HOME/share/config.json`: the server and API key `share login` and `share config set` save. */
export const configPath = (): string => join(configDir(), 'config.json');

export function readConfigFile(): FileConfig {
  const path = configPath();
  if (!existsSync(path)) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read the config file ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); fix its permissions, or delete it and run \`share login <server URL>\` to write a new one`, EXIT.usage);
  }
  try {
    const parsed = JSON.parse(text) as FileConfig;
    if (parsed === null || typeof parsed !== 'object') throw new Error('not an object');
    return parsed;
  } catch (err) {
    throw new CliError(`the config file ${path} is not valid JSON (${(err as Error).message}); fix it, or delete it and run \`share login <server URL>\` to write a new one`, EXIT.usage);
  }
}

/** A server URL reduced to its origin (`https://share.example.com`); anything else is a usage error naming where it came from. */
export function serverOrigin(raw: string, from?: string): string {
  const where = from ? ` (from ${from})` : '';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(`"${raw}"${where} is not a server URL (expected e.g. https://share.example.com)`, EXIT.usage);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`server URL must start with http:// or https://, got ${raw}${where}`, EXIT.usage);
  return url.origin;
}

/**
 * Which server to talk to and where that came from: --server, else SHARE_SERVER, else "server"
 * in the config file (`share login` writes it), else the local default http://localhost:8787.
 */
export function serverSetting(flag: string | undefined): Setting<string> {
  const set = pick({ name: '--server', value: flag }, 'SHARE_SERVER', 'server');
  if (!set) return { value: DEFAULT_SERVER, source: 'default', from: 'built-in default' };
  return { ...set, value: serverOrigin(set.value, set.source === 'config file' ? `"server" in ${set.from}` : set.from) };
}

/** Which server to talk to: --server, else SHARE_SERVER, else the config file, else the local default. */
export function resolveServer(flag: string | undefined): string {
  return serverSetting(flag).value;
}
