import { parseArgs } from 'node:util';
import { configPath, readConfigFile } from '../config';
import { CONFIG_KEYS, isConfigKey, redactKey, updateConfigFile, type ConfigKey } from '../config-write';
import { CliError, EXIT } from '../errors';
import { info } from '../output';

export const configHelp = `Usage: share config <set|get|unset|list|path> [key] [value]

Read and write share's config file, $XDG_CONFIG_HOME/share/config.json (default
~/.config/share/config.json, mode 0600). It is the last place the CLI looks: --server and
--key, then SHARE_SERVER and SHARE_API_KEY, come first (share doctor shows which one is used).

Keys:
  server   the share server, e.g. https://share.example.com (share login checks it first)
  apiKey   an API key from the server's operator (shk_…)

Commands:
  share config set <key> <value>   save a value
  share config get <key>           print the saved value (exit 1 if none)
  share config unset <key>         remove it
  share config list                print the saved values (the API key shortened)
  share config path                print the file's path

Options:
  -h, --help   show this help

Examples:
  share config set server https://share.example.com
  share config set apiKey shk_…
  share config unset apiKey`;

function keyOf(word: string | undefined): ConfigKey {
  if (word && isConfigKey(word)) return word;
  throw new CliError(`${word ? `unknown config key "${word}"` : 'name a config key'}: the keys are ${Object.keys(CONFIG_KEYS).join(', ')}`, EXIT.usage);
}

const shown = (key: ConfigKey, value: string) => (key === 'apiKey' ? redactKey(value) : value);

export async function config(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  const [action, ...rest] = positionals;
  if (values.help || action === undefined) return void process.stdout.write(`${configHelp}\n`);
  const arity: Record<string, number> = { set: 2, get: 1, unset: 1, list: 0, path: 0 };
  if (!Object.hasOwn(arity, action)) throw new CliError(`unknown config command "${action}" (set, get, unset, list, path; see share config --help)`, EXIT.usage);
  if (rest.length !== arity[action]) {
    throw new CliError(`share config ${action} takes ${arity[action] === 2 ? 'a key and a value' : arity[action] === 1 ? 'a key' : 'no arguments'} (see share config --help)`, EXIT.usage);
  }
  if (action === 'path') return void process.stdout.write(`${configPath()}\n`);
  if (action === 'list') {
    const saved = readConfigFile();
    for (const key of Object.keys(CONFIG_KEYS) as ConfigKey[]) {
      const value = saved[key];
      if (typeof value === 'string' && value) process.stdout.write(`${key}=${shown(key, value)}\n`);
    }
    return;
  }
  const key = keyOf(rest[0]);
  if (action === 'get') {
    const value = readConfigFile()[key];
    if (typeof value !== 'string' || !value) throw new CliError(`"${key}" is not set in ${configPath()}`, EXIT.failure);
    return void process.stdout.write(`${value}\n`);
  }
  if (action === 'unset') {
    const path = updateConfigFile((c) => { delete c[key]; });
    info(`removed ${key} from ${path}`);
    return;
  }
  const value = CONFIG_KEYS[key](rest[1]);
  const path = updateConfigFile((c) => { c[key] = value; });
  info(`saved ${key}=${shown(key, value)} in ${path}`);
  const env = key === 'server' ? 'SHARE_SERVER' : 'SHARE_API_KEY';
  if (process.env[env]) info(`note: ${env} is set in this shell and comes first; unset it to use the saved ${key}`);
}
