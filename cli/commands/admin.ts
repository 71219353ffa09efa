import { parseArgs } from 'node:util';
import type { ApiKeyInfo, CreatedApiKey, ReportInfo, ShareInfo } from '../../core/api-types';
import { ShareApi } from '../api';
import { resolveServer } from '../config';
import { CliError, EXIT } from '../errors';
import { info } from '../output';
import { idFromRef } from '../state';

export const adminHelp = `Usage: share admin <command> [options]

Operator commands. They need the server's admin token in $SHARE_ADMIN_TOKEN
(the ADMIN_TOKEN secret: \`wrangler secret put ADMIN_TOKEN\`).

Commands:
  keys create --name NAME         create an API key (printed once: keep it)
  keys list [--json]              list API keys
  keys revoke <key id>            revoke a key: it can no longer publish or manage links
  takedown <link|id> --reason R   take a link down: 451 on every URL, files deleted
  reports [--json]                list visitors' reports

Options:
  --server URL   share server (default: $SHARE_SERVER, config file, http://localhost:8787)
  -h, --help     show this help`;

export async function admin(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { server: { type: 'string' }, name: { type: 'string' }, reason: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help || positionals.length === 0) return void process.stdout.write(`${adminHelp}\n`);
  const token = process.env.SHARE_ADMIN_TOKEN;
  if (!token) throw new CliError('set SHARE_ADMIN_TOKEN to the server\'s admin token (see share admin --help)', EXIT.usage);
  const api = new ShareApi(resolveServer(values.server));
  const [command, sub, arg] = positionals;
  const out = (value: unknown): void => void process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}\n`);

  if (command === 'keys' && sub === 'create') {
    if (!values.name) throw new CliError('keys create needs --name NAME', EXIT.usage);
    const key = await api.call<CreatedApiKey>('POST', '/api/admin/keys', { token, json: { name: values.name } });
    if (values.json) return out(key);
    out(key.key);
    info(`created ${key.id} (${key.name}); this key is shown only once`);
    return;
  }
  if (command === 'keys' && sub === 'list') {
    const { keys } = await api.call<{ keys: ApiKeyInfo[] }>('GET', '/api/admin/keys', { token });
    if (values.json) return out(keys);
    for (const k of keys) out(`${k.id}  ${k.name}  ${k.createdAt.slice(0, 16).replace('T', ' ')}${k.revokedAt ? '  revoked' : ''}`);
    return;
  }
  if (command === 'keys' && sub === 'revoke') {
    if (!arg) throw new CliError('keys revoke needs a key id (see share admin keys list)', EXIT.usage);
    const k = await api.call<ApiKeyInfo>('DELETE', `/api/admin/keys/${encodeURIComponent(arg)}`, { token });
    return values.json ? out(k) : out(`revoked ${k.id}`);
  }
  if (command === 'takedown') {
    const id = sub ? idFromRef(sub) : null;
    if (!id) throw new CliError('takedown needs a link or id', EXIT.usage);
    if (!values.reason) throw new CliError('takedown needs --reason "…" (kept for the record; visitors see a neutral page)', EXIT.usage);
    const share = await api.call<ShareInfo & { reason: string }>('POST', `/api/admin/shares/${id}/takedown`, { token, json: { reason: values.reason } });
    return values.json ? out(share) : out(`taken down ${share.url}`);
  }
  if (command === 'reports') {
    const { reports } = await api.call<{ reports: ReportInfo[] }>('GET', '/api/admin/reports', { token });
    if (values.json) return out(reports);
    if (reports.length === 0) return void info('no reports');
    for (const r of reports) out(`${r.createdAt.slice(0, 16).replace('T', ' ')}  ${r.shareId}  ${r.shareState ?? 'deleted'}  ${r.reason}${r.message ? `  ${JSON.stringify(r.message)}` : ''}`);
    return;
  }
  throw new CliError(`unknown admin command "${positionals.join(' ')}" (see share admin --help)`, EXIT.usage);
}
