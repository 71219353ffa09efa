import { parseArgs } from 'node:util';
import { ServerError, ShareApi } from '../api';
import { resolveApiKey, resolveServer } from '../config';
import { loadState, type SavedShare } from '../state';

export const listHelp = `Usage: share list [options]

List the links created on this machine, with their state on the server.
With an API key, also every link that key created, from any machine.

Options:
  --json       print a JSON array
  --offline    do not ask the server for each link's state
  --key KEY    API key (default: $SHARE_API_KEY, "apiKey" in the config file)
  --server URL server for the key's links (default: $SHARE_SERVER, config file)
  -h, --help   show this help

Examples:
  share list
  share list --json --offline`;

export interface ListedShare extends Omit<SavedShare, 'ownerToken'> {
  state: string;
  expiresAt: string | null;
}

/**
 * The links this machine created with their state on the server (or 'unknown' offline), plus,
 * with an API key, the key's links made elsewhere. Never includes owner tokens.
 */
export async function listShares(opts: { offline?: boolean; key?: string; server?: string } = {}): Promise<ListedShare[]> {
  const rows: ListedShare[] = await Promise.all(loadState().shares.map(async ({ ownerToken, ...s }) => {
    if (opts.offline) return { ...s, state: 'unknown', expiresAt: null };
    try {
      const remote = await new ShareApi(s.server).info(s.id, ownerToken);
      return { ...s, state: remote.state as string, expiresAt: remote.expiresAt, version: remote.version ?? s.version };
    } catch (err) {
      return { ...s, state: err instanceof ServerError && err.status === 404 ? 'deleted' : 'unknown', expiresAt: null };
    }
  }));
  const key = opts.offline ? undefined : resolveApiKey(opts.key);
  if (key) {
    const server = resolveServer(opts.server);
    const known = new Set(rows.map((r) => `${r.server} ${r.id}`));
    for (const remote of (await new ShareApi(server).listByKey(key)).shares) {
      if (known.has(`${server} ${remote.id}`)) continue;
      rows.push({ id: remote.id, url: remote.url, server, source: null, version: remote.version, createdAt: remote.createdAt, updatedAt: remote.updatedAt, state: remote.state, expiresAt: remote.expiresAt });
    }
  }
  return rows;
}

export async function list(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, offline: { type: 'boolean' }, key: { type: 'string' }, server: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void process.stdout.write(`${listHelp}\n`);
  const rows = await listShares({ offline: values.offline === true, key: values.key, server: values.server });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
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
