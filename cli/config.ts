import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { CliError, EXIT } from './errors';
import { say } from './words';

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

/** The API key to use: --key, else SHARE_API_KEY, else "apiKey" in the config file, else none. */
export function resolveApiKey(flag: string | undefined): string | undefined {
  const key = flag || process.env.SHARE_API_KEY || readConfigFile().apiKey || undefined;
  if (key !== undefined && !key.startsWith('shk_')) throw new CliError(`an API key starts with shk_ (${say('keySources')})`, EXIT.usage);
  return key;
}

export function readConfigFile(): FileConfig {
  const path = join(configDir(), 'config.json');
  if (!existsSync(path)) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read the config file ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); fix its permissions or delete it`, EXIT.usage);
  }
  try {
    const parsed = JSON.parse(text) as FileConfig;
    if (parsed === null || typeof parsed !== 'object') throw new Error('not an object');
    return parsed;
  } catch (err) {
    throw new CliError(`the config file ${path} is not valid JSON (${(err as Error).message}); fix or delete it`, EXIT.usage);
  }
}

/** Which server to talk to: --server, else SHARE_SERVER, else the config file, else the local default. */
export function resolveServer(flag: string | undefined): string {
  const raw = flag || process.env.SHARE_SERVER || readConfigFile().server || DEFAULT_SERVER;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(`"${raw}" is not a server URL (expected e.g. https://share.example.com)`, EXIT.usage);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`server URL must start with http:// or https://, got ${raw}`, EXIT.usage);
  return url.origin;
}
