import { parseArgs } from 'node:util';
import type { ShareInfo } from '../../core/api-types';
import { ShareApi } from '../api';
import { DEFAULT_TIMEOUT_SECONDS, Deadline, timeoutMs } from '../deadline';
import { CliError, EXIT } from '../errors';
import { allowEntries } from '../lifecycle-flags';
import { info } from '../output';
import { resolveTarget } from '../target';

export const allowHelp = `Usage: share allow <link|id> [--add EMAIL]... [--remove EMAIL]... [options]

Who may open a link: add or remove people without making a new version. An entry is an address
(alice@acme.com) or *@domain for everyone at that domain. Viewers type their address on the
link's page and get a one-time code by email (valid 10 minutes, used once); the page answers the
same for an address that is not listed, so it does not reveal the list. Removing someone ends
their access at their next request; it also asks everyone else for a new code, while adding
someone logs nobody out. With a password on the link too, viewers need both.
Without --add, --remove or --clear it prints the list. share stats <link> shows who opened it.

Options:
  --add EMAIL      let this address or *@domain in (repeat it, or separate with commas)
  --remove EMAIL   take this entry off the list (repeatable)
  --clear          remove the allowlist: anyone with the link may open it again
  --server URL     share server (default: the one the link was created on)
  --key KEY        API key, for links this machine did not create
  --json           print {"id","allow"} as JSON
  --timeout S      give up after S seconds (default: $SHARE_TIMEOUT, else ${DEFAULT_TIMEOUT_SECONDS})
  -h, --help       show this help

Examples:
  share allow https://k3x9m2p7q4zr7a.example-usercontent.com/ --add bob@acme.com
  share allow k3x9m2p7q4zr7a --add '*@partner.example' --remove alice@acme.com
  share allow k3x9m2p7q4zr7a --clear`;

export async function allow(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: {
    add: { type: 'string', multiple: true }, remove: { type: 'string', multiple: true }, clear: { type: 'boolean' },
    server: { type: 'string' }, key: { type: 'string' }, json: { type: 'boolean' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  } });
  if (values.help) return void process.stdout.write(`${allowHelp}\n`);
  if (positionals.length > 1) throw new CliError(`expected one link, got ${positionals.length} (see share allow --help)`, EXIT.usage);
  if (values.clear && (values.add || values.remove)) throw new CliError('--clear removes the whole list: pass it alone, without --add or --remove', EXIT.usage);
  const add = allowEntries(values.add ?? []);
  const remove = allowEntries(values.remove ?? []);
  const target = resolveTarget(positionals[0], values, 'allow');
  const api = new ShareApi(target.server, new Deadline(timeoutMs(values.timeout)));
  const edit = values.clear ? { clear: true } : add.length + remove.length > 0 ? { ...(add.length ? { add } : {}), ...(remove.length ? { remove } : {}) } : null;
  const list = edit ? await api.editAllow(target.id, target.secret, edit) : { id: target.id, allow: (await api.call<ShareInfo>('GET', `/api/shares/${target.id}`, { token: target.secret })).allow };
  if (values.json) return void process.stdout.write(`${JSON.stringify(list)}\n`);
  if (list.allow.length === 0) return void info('no allowlist: anyone with the link may open it');
  process.stdout.write(`${list.allow.join('\n')}\n`);
  info(`${list.allow.length} entr${list.allow.length === 1 ? 'y' : 'ies'}: only they may open the link, with a code sent by email`);
}
