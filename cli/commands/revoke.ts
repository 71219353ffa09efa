import { parseArgs } from 'node:util';
import { ServerError, ShareApi } from '../api';
import { DEFAULT_TIMEOUT_SECONDS, Deadline, timeoutMs } from '../deadline';
import { CliError, EXIT, oneLine } from '../errors';
import { info, warn } from '../output';
import type { ShareInfo } from '../../core/api-types';
import { upsertShare } from '../state';
import { resolveTarget } from '../target';

export const revokeHelp = `Usage: share revoke <link|id> [options]

Take a link back: from then on every URL of it answers 410 Gone, and its files are deleted.
Works for links created on this machine (their owner tokens are in the state file), and
with an API key for any link that key created.

Options:
  --server URL   share server (default: the one the link was created on)
  --key KEY      API key (default: $SHARE_API_KEY, "apiKey" in the config file)
  --json         print the share's final state as JSON
  --timeout S    give up after S seconds (default: $SHARE_TIMEOUT, else ${DEFAULT_TIMEOUT_SECONDS})
  -h, --help     show this help

Example:
  share revoke https://k3x9m2p7q4zr7a.example-usercontent.com/`;


/**
 * Revokes a link: one made on this machine (its saved owner token), or any link of the API key in
 * use. Returns the server's final state; prints nothing (the CLI and the MCP server both use it).
 */
export async function revokeLink(ref: string, flags: { server?: string; key?: string; timeoutMs?: number } = {}): Promise<{ url: string; info: ShareInfo; warnings: string[] }> {
  const target = resolveTarget(ref, flags, 'revoke');
  let result: ShareInfo;
  try {
    result = await new ShareApi(target.server, new Deadline(flags.timeoutMs ?? timeoutMs())).revoke(target.id, target.secret);
  } catch (err) {
    if (err instanceof ServerError && err.status === 404) throw new CliError(`unknown link ${ref}: the server has no such share`);
    throw err;
  }
  // Revoked on the server: a local failure from here on is a warning, never a failure.
  const warnings: string[] = [];
  try {
    const now = new Date().toISOString();
    if (target.saved) upsertShare({ ...target.saved, endedAt: now, updatedAt: now });
  } catch (err) {
    warnings.push(`the link is revoked, but the state file could not be updated (${oneLine(err)})`);
  }
  return { url: target.saved?.url ?? result.url, info: result, warnings };
}

export async function revoke(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { server: { type: 'string' }, key: { type: 'string' }, json: { type: 'boolean' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void process.stdout.write(`${revokeHelp}\n`);
  if (positionals.length !== 1) throw new CliError('expected one link or id to revoke (see share revoke --help)', EXIT.usage);
  const { url, info: result, warnings } = await revokeLink(positionals[0], { ...values, timeoutMs: timeoutMs(values.timeout) });
  for (const w of warnings) warn(w);
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    process.stdout.write(`revoked ${url}\n`);
    info('every URL of it now answers 410 Gone');
  }
}
