import { parseArgs } from 'node:util';
import { ShareApi } from '../api';
import { CliError } from '../errors';
import { formatBytes } from '../../core/limits';
import { resolveTarget } from '../target';

export const versionsHelp = `Usage: share versions <link|id> [options]

List a link's versions: number, time, files, size; * marks the one visitors see.
A revoked, expired or taken-down link has none left: that is said, with exit code 1.

Options:
  --server URL   share server (default: the one the link was created on)
  --key KEY      API key, for links this machine did not create
  --json         print the list as JSON
  -h, --help     show this help`;

const ENDED = new Map<string, string>([['revoked', 'was revoked'], ['expired', 'has expired'], ['taken_down', 'was taken down by the operator']]);

export async function versions(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { server: { type: 'string' }, key: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void process.stdout.write(`${versionsHelp}\n`);
  const target = resolveTarget(positionals[0], values, 'versions');
  const list = await new ShareApi(target.server).versions(target.id, target.secret);
  if (list.state && list.state !== 'live' && list.state !== 'pending' && list.versions.length === 0) {
    const url = target.saved?.url ?? positionals[0];
    throw new CliError(`${url} ${ENDED.get(list.state) ?? `is ${list.state}`}, so it has no versions any more; every URL of it answers ${list.state === 'taken_down' ? '451' : '410 Gone'}. Share the files again for a new link`);
  }
  if (values.json) return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
  for (const v of list.versions) {
    const when = v.createdAt.slice(0, 19).replace('T', ' ');
    process.stdout.write(`${v.current ? '*' : ' '} ${String(v.number).padStart(3)}  ${when}  ${v.files} file${v.files === 1 ? '' : 's'}  ${formatBytes(v.bytes)}${v.state === 'pending' ? '  (unfinished)' : ''}\n`);
  }
}
