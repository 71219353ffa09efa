import { parseArgs } from 'node:util';
import { ServerError, ShareApi } from '../api';
import { CliError, EXIT } from '../errors';
import { info } from '../output';
import { findByRef, idFromRef, upsertShare, type SavedShare } from '../state';
import type { ShareInfo } from '../../worker/api-types';
import { resolveServer } from '../config';

export const revokeHelp = `Usage: share revoke <link|id> [options]

Take a link back: from then on every URL of it answers 410 Gone, and its files are deleted.
Works for links created on this machine (their owner tokens are in the state file).

Options:
  --server URL   share server (default: the one the link was created on)
  --json         print the share's final state as JSON
  -h, --help     show this help

Example:
  share revoke https://k3x9m2p7q4zr7a.example-usercontent.com/`;

/** Revokes a link this machine created; returns the saved entry and the server's final state. Prints nothing. */
export async function revokeLink(ref: string, serverFlag?: string): Promise<{ saved: SavedShare; info: ShareInfo }> {
  if (!idFromRef(ref)) throw new CliError(`"${ref}" is not a share link or id`, EXIT.usage);
  const saved = findByRef(ref);
  if (!saved) throw new CliError(`unknown link ${ref}: this machine holds no owner token for it (see share list)`);
  const api = new ShareApi(serverFlag ? resolveServer(serverFlag) : saved.server);
  let result: ShareInfo;
  try {
    result = await api.revoke(saved.id, saved.ownerToken);
  } catch (err) {
    if (err instanceof ServerError && err.status === 404) throw new CliError(`unknown link ${ref}: the server has no such share`);
    throw err;
  }
  upsertShare({ ...saved, source: null, updatedAt: new Date().toISOString() });
  return { saved, info: result };
}

export async function revoke(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { server: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void process.stdout.write(`${revokeHelp}\n`);
  if (positionals.length !== 1) throw new CliError('expected one link or id to revoke (see share revoke --help)', EXIT.usage);
  const { saved, info: result } = await revokeLink(positionals[0], values.server);
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    process.stdout.write(`revoked ${saved.url}\n`);
    info('every URL of it now answers 410 Gone');
  }
}
