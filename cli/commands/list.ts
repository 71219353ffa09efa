import { parseArgs } from 'node:util';
import { ServerError, ShareApi } from '../api';
import { resolveApiKey, resolveServer } from '../config';
import { loadState } from '../state';

export const listHelp = `Usage: share list [options]

List the links created on this machine, with their state and expiry on the server.
With an API key, also every link that key created, from any machine.

Options:
  --json       print a JSON array
  --offline    do not ask the server for each link's state
  --key KEY    API key (default: $SHARE_API_KEY, "apiKey" in the config file)
  --server URL server for the key's links (default: $SHARE_SERVER, config file)
  -h, --help   show this help`;

export async function list(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, offline: { type: 'boolean' }, key: { type: 'string' }, server: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void process.stdout.write(`${listHelp}\n`);
  const shares = loadState().shares;
  const rows = await Promise.all(shares.map(async (s) => {
    if (values.offline) return { ...s, state: 'unknown' as string, expiresAt: null as string | null };
    try {
      const remote = await new ShareApi(s.server).info(s.id, s.ownerToken);
      return { ...s, state: remote.state as string, expiresAt: remote.expiresAt, version: remote.version ?? s.version };
    } catch (err) {
      return { ...s, state: err instanceof ServerError && err.status === 404 ? 'deleted' : 'unknown', expiresAt: null };
    }
  }));
  const key = values.offline ? undefined : resolveApiKey(values.key);
  if (key) {
    const server = resolveServer(values.server);
    const known = new Set(rows.map((r) => `${r.server} ${r.id}`));
    for (const remote of (await new ShareApi(server).listByKey(key)).shares) {
      if (known.has(`${server} ${remote.id}`)) continue;
      rows.push({ id: remote.id, url: remote.url, server, ownerToken: '', source: null, version: remote.version, createdAt: remote.createdAt, updatedAt: remote.updatedAt, state: remote.state, expiresAt: remote.expiresAt });
    }
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(rows.map(({ ownerToken: _t, ...r }) => r), null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stderr.write('no links yet: share something with `share <path>`\n');
    return;
  }
  for (const r of rows) {
    const expires = r.expiresAt ? `expires ${r.expiresAt.slice(0, 16).replace('T', ' ')}` : r.state === 'live' ? 'never expires' : '';
    process.stdout.write(`${r.url}  ${r.state}  ${r.createdAt.slice(0, 16).replace('T', ' ')}  ${expires}  ${r.source ?? ''}\n`);
  }
}
