import { parseArgs } from 'node:util';
import { ServerError, ShareApi } from '../api';
import { loadState, type SavedShare } from '../state';

export const listHelp = `Usage: share list [options]

List the links created on this machine, with their state on the server.

Options:
  --json       print a JSON array
  --offline    do not ask the server for each link's state
  -h, --help   show this help

Examples:
  share list
  share list --json --offline`;

export interface ListedShare extends Omit<SavedShare, 'ownerToken'> {
  state: string;
  expiresAt: string | null;
}

/** The links this machine created, with their state on the server (or 'unknown' offline). Never includes owner tokens. */
export async function listShares(offline = false): Promise<ListedShare[]> {
  const rows = await Promise.all(loadState().shares.map(async (s) => {
    if (offline) return { ...s, state: 'unknown', expiresAt: null };
    try {
      const remote = await new ShareApi(s.server).info(s.id, s.ownerToken);
      return { ...s, state: remote.state as string, expiresAt: remote.expiresAt, version: remote.version ?? s.version };
    } catch (err) {
      return { ...s, state: err instanceof ServerError && err.status === 404 ? 'deleted' : 'unknown', expiresAt: null };
    }
  }));
  return rows.map(({ ownerToken: _t, ...r }) => r);
}

export async function list(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, offline: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void process.stdout.write(`${listHelp}\n`);
  const rows = await listShares(values.offline === true);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stderr.write('no links yet: share something with `share <path>`\n');
    return;
  }
  for (const r of rows) {
    process.stdout.write(`${r.url}  ${r.state}  ${r.createdAt.slice(0, 16).replace('T', ' ')}  ${r.source ?? ''}\n`);
  }
}
