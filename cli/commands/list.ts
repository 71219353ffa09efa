import { parseArgs } from 'node:util';
import { ServerError, ShareApi } from '../api';
import { resolveApiKey, resolveServer } from '../config';
import { CliError, isCliError } from '../errors';
import { loadState, type SavedShare } from '../state';

export const listHelp = `Usage: share list [options]

List the links created on this machine, with their state on the server, most recently
created or updated first: link, state, when it was last updated, expiry, and the path it
was shared from. With an API key, also every link that key created, from any machine.
If the server cannot be reached, the states are shown as unknown and the exit code is 3.

Options:
  --json         print a JSON array
  --offline      do not ask the server for each link's state
  --key KEY      API key (default: $SHARE_API_KEY, "apiKey" in the config file)
  --server URL   server for the key's links (default: $SHARE_SERVER, config file)
  -h, --help     show this help

Examples:
  share list
  share list --json --offline`;

export interface ListedShare extends Omit<SavedShare, 'ownerToken'> {
  state: string;
  expiresAt: string | null;
}

export interface Listing {
  /** Most recently created or updated first. */
  shares: ListedShare[];
  /** Why some states are `unknown`: each failure once (not reachable, too slow, a proxy answered), with its exit code. */
  problems: { message: string; code: number }[];
}

/**
 * The links this machine created with their state on the server (or 'unknown' offline), plus,
 * with an API key, the key's links made elsewhere. Never includes owner tokens.
 */
export async function listShares(opts: { offline?: boolean; key?: string; server?: string } = {}): Promise<Listing> {
  const problems = new Map<string, number>();
  const rows: ListedShare[] = await Promise.all(loadState().shares.map(async ({ ownerToken, ...s }) => {
    if (opts.offline) return { ...s, state: 'unknown', expiresAt: null };
    try {
      const remote = await new ShareApi(s.server).info(s.id, ownerToken);
      return { ...s, state: remote.state as string, expiresAt: remote.expiresAt, version: remote.version ?? s.version };
    } catch (err) {
      if (err instanceof ServerError && err.status === 404) return { ...s, state: 'deleted', expiresAt: null };
      if (isCliError(err)) problems.set(err.message, err.code);
      else throw err;
      return { ...s, state: 'unknown', expiresAt: null };
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
  rows.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return { shares: rows, problems: [...problems].map(([message, code]) => ({ message, code })) };
}

export async function list(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, offline: { type: 'boolean' }, key: { type: 'string' }, server: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void process.stdout.write(`${listHelp}\n`);
  const { shares: rows, problems } = await listShares({ offline: values.offline === true, key: values.key, server: values.server });
  if (values.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (rows.length === 0) process.stderr.write('no links yet: share something with `share <path>`\n');
  else {
    const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');
    for (const r of rows) {
      const ended = r.state !== 'live' && r.state !== 'unknown';
      const expires = ended ? '' : r.expiresAt ? `expires ${when(r.expiresAt)}` : r.state === 'live' ? 'never expires' : '';
      const from = r.source ?? 'made on another machine (API key)';
      process.stdout.write(`${r.url}  ${r.state}  updated ${when(r.updatedAt)}  ${expires}  ${from}\n`.replace(/ {4,}/g, '  '));
    }
  }
  if (problems.length) throw new CliError(`${problems.map((p) => p.message.replace(/\.$/, '')).join('; ')}. The states listed are unknown; pass --offline to list without asking the server`, problems[0].code);
}
