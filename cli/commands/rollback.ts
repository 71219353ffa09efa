import { parseArgs } from 'node:util';
import { ShareApi } from '../api';
import { DEFAULT_TIMEOUT_SECONDS, Deadline, timeoutMs } from '../deadline';
import { CliError, EXIT, oneLine } from '../errors';
import { info, warn } from '../output';
import { upsertShare } from '../state';
import { resolveTarget } from '../target';

export const rollbackHelp = `Usage: share rollback <link|id> [--to N] [options]

Make an earlier version current again, atomically, at the same link.
Without --to it goes back to the version before the current one.

Options:
  --to N         the version to serve (see share versions)
  --server URL   share server (default: the one the link was created on)
  --key KEY      API key, for links this machine did not create
  --json         print the share as JSON
  --timeout S    give up after S seconds (default: $SHARE_TIMEOUT, else ${DEFAULT_TIMEOUT_SECONDS})
  -h, --help     show this help`;

export async function rollback(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { to: { type: 'string' }, server: { type: 'string' }, key: { type: 'string' }, json: { type: 'boolean' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void process.stdout.write(`${rollbackHelp}\n`);
  if (values.to !== undefined && !/^[1-9]\d*$/.test(values.to)) throw new CliError(`--to must be a version number; got "${values.to}"`, EXIT.usage);
  const target = resolveTarget(positionals[0], values, 'rollback');
  const share = await new ShareApi(target.server, new Deadline(timeoutMs(values.timeout))).rollback(target.id, target.secret, values.to === undefined ? undefined : Number(values.to));
  // The next update from this machine is based on what is current now. Done on the server: a local failure is only a warning.
  try {
    if (target.saved) upsertShare({ ...target.saved, version: share.version, updatedAt: new Date().toISOString() });
  } catch (err) {
    warn(`version ${share.version} is live, but the state file could not be updated (${oneLine(err)})`);
  }
  if (values.json) return void process.stdout.write(`${JSON.stringify(share)}\n`);
  process.stdout.write(`${share.url}\n`);
  info(`now serving version ${share.version}`);
}
