import { parseArgs } from 'node:util';
import type { ServerInfo } from '../../core/api-types';
import { ServerError, ShareApi } from '../api';
import { readConfigFile, serverOrigin } from '../config';
import { CONFIG_KEYS, redactKey, updateConfigFile } from '../config-write';
import { Deadline, timeoutMs } from '../deadline';
import { CliError, EXIT, isCliError } from '../errors';
import { info } from '../output';
import { VERSION } from '../version';

export const loginHelp = `Usage: share login <server URL> [--key KEY]

Use this share server from now on: checks that it answers as a share server, then saves it as
"server" in $XDG_CONFIG_HOME/share/config.json (default ~/.config/share/config.json), so you no
longer need --server or SHARE_SERVER. With --key, the API key is checked against the server and
saved too. Logging in to a different server forgets the API key saved for the previous one.
Nothing is saved when the check fails (share config set server <URL> saves without checking).

Options:
  --key KEY      an API key from the server's operator (shk_…)
  --timeout S    give up after S seconds (default: $SHARE_TIMEOUT, else 90)
  -h, --help     show this help

Examples:
  share login https://share.example.com
  share login https://share.example.com --key shk_…
  share login http://localhost:8787          # a server started with npm start in a clone of share`;

/** GET /api: the server's version and limits, refused unless it answers as a share server. */
async function serverInfo(api: ShareApi): Promise<ServerInfo> {
  let answer: ServerInfo;
  try {
    answer = await api.call<ServerInfo>('GET', '/api');
  } catch (err) {
    if (isCliError(err) && err.code === EXIT.unreachable) {
      throw new CliError(`${(err as { reach?: string }).reach ?? err.message}; nothing was saved. Check the URL (the share server's address, e.g. https://share.example.com), or save it without checking: share config set server ${api.server}`, EXIT.unreachable);
    }
    throw err;
  }
  if (answer?.service !== 'share') throw new CliError(`${api.server} answered, but not as a share server (GET /api has no "service": "share"); check the URL. Nothing was saved`, EXIT.failure);
  return answer;
}

export async function login(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { key: { type: 'string' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void process.stdout.write(`${loginHelp}\n`);
  if (positionals.length !== 1) throw new CliError('share login takes the server\'s URL, e.g. share login https://share.example.com (see share login --help)', EXIT.usage);
  const server = serverOrigin(positionals[0]);
  const key = values.key === undefined ? undefined : CONFIG_KEYS.apiKey(values.key);
  const api = new ShareApi(server, new Deadline(timeoutMs(values.timeout)));
  const found = await serverInfo(api);
  if (key) {
    try {
      await api.listByKey(key);
    } catch (err) {
      if (err instanceof ServerError && err.status === 401) throw new CliError(`${server} refused the API key ${redactKey(key)} (${err.errorCode}): check it with the server's operator. Nothing was saved`, EXIT.failure);
      throw err;
    }
  }
  const before = readConfigFile();
  const dropKey = !key && typeof before.apiKey === 'string' && before.server !== server;
  const path = updateConfigFile((c) => {
    c.server = server;
    if (key) c.apiKey = key;
    else if (dropKey) delete c.apiKey;
  });
  process.stdout.write(`${server}\n`);
  info(`saved: share now uses ${server} (share ${found.version})${key ? ` with the API key ${redactKey(key)}` : ''}, in ${path}`);
  if (dropKey) info(`removed the API key saved for ${before.server ?? 'the previous server'}: it would be sent to ${server} otherwise`);
  if (found.requireApiKey && !key && !(typeof before.apiKey === 'string' && !dropKey)) info(`this server publishes only with an API key: ask its operator for one, then run share login ${server} --key shk_…`);
  if (found.version !== VERSION) info(`note: the server runs share ${found.version} and this CLI is ${VERSION} (share doctor says whether they work together)`);
  if (process.env.SHARE_SERVER && process.env.SHARE_SERVER !== server) info(`note: SHARE_SERVER=${process.env.SHARE_SERVER} is set in this shell and comes first; unset it to use ${server}`);
}
