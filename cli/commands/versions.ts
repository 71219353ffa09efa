import { parseArgs } from 'node:util';
import { ShareApi } from '../api';
import { formatBytes } from '../../core/limits';
import { resolveTarget } from '../target';

export const versionsHelp = `Usage: share versions <link|id> [options]

List a link's versions: number, time, files, size; * marks the one visitors see.

Options:
  --server URL   share server (default: the one the link was created on)
  --key KEY      API key, for links this machine did not create
  --json         print the list as JSON
  -h, --help     show this help`;

export async function versions(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { server: { type: 'string' }, key: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void process.stdout.write(`${versionsHelp}\n`);
  const target = resolveTarget(positionals[0], values, 'versions');
  const list = await new ShareApi(target.server).versions(target.id, target.secret);
  if (values.json) return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
  for (const v of list.versions) {
    const when = v.createdAt.slice(0, 19).replace('T', ' ');
    process.stdout.write(`${v.current ? '*' : ' '} ${String(v.number).padStart(3)}  ${when}  ${v.files} file${v.files === 1 ? '' : 's'}  ${formatBytes(v.bytes)}${v.state === 'pending' ? '  (unfinished)' : ''}\n`);
  }
}
