import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ServerInfo } from '../../core/api-types';
import { networkCode } from '../api';
import { configDir, readConfigFile, resolveServer } from '../config';
import { CliError, EXIT } from '../errors';
import { green, red } from '../output';
import { loadState, statePath } from '../state';

export const doctorHelp = `Usage: share doctor [options]

Check that sharing will work from this machine: the config file, the state file with your owner
tokens, the server (reachable, healthy, compatible version). Prints what to fix.

Options:
  --server URL   server to check (default: as for sharing)
  --json         print the checks as JSON
  -h, --help     show this help`;

interface Check { name: string; ok: boolean; detail: string; fix?: string }

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000), headers: { 'user-agent': 'share-cli' } });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** Versions are compatible when their major (or, before 1.0, their minor) numbers agree. */
export function compatible(a: string, b: string): boolean {
  const [aMajor, aMinor] = a.split('.').map(Number);
  const [bMajor, bMinor] = b.split('.').map(Number);
  return aMajor === bMajor && (aMajor !== 0 || aMinor === bMinor);
}

async function serverChecks(server: string, cliVersion: string): Promise<Check[]> {
  let info: ServerInfo;
  try {
    const res = await getJson(`${server}/api`);
    info = res.body as ServerInfo;
    if (res.status !== 200 || info?.service !== 'share') {
      return [{ name: 'server', ok: false, detail: `${server} answered ${res.status}, but not as a share server does`, fix: `check the --server URL / SHARE_SERVER; if it is right, a proxy, firewall or sandbox answered in between: allowlist ${new URL(server).host} there` }];
    }
  } catch (err) {
    const local = /^http:\/\/(localhost|127\.0\.0\.1)(:|$)/.test(server);
    return [{
      name: 'server', ok: false, detail: `cannot reach ${server} (${networkCode(err) ?? (err as Error).message})`,
      fix: local ? 'start it with `npm start` in the share repository' : 'check the address and your network, or pass --server URL',
    }];
  }
  const checks: Check[] = [{ name: 'server', ok: true, detail: `${server} is reachable (share ${info.version})` }];
  checks.push(compatible(info.version, cliVersion)
    ? { name: 'version', ok: true, detail: `CLI ${cliVersion} works with server ${info.version}` }
    : { name: 'version', ok: false, detail: `CLI ${cliVersion} may not work with server ${info.version}`, fix: 'update the CLI or the server so their versions match' });
  try {
    const health = await getJson(`${server}/healthz`);
    const body = health.body as { checks?: Record<string, string>; secrets?: { cookieSecret?: string }; warnings?: string[] } | null;
    checks.push(health.status === 200
      ? { name: 'health', ok: true, detail: 'database and storage answer' }
      : { name: 'health', ok: false, detail: `server is degraded: ${JSON.stringify(body?.checks ?? health.status)}`, fix: 'the operator should check the failing part (see the server logs)' });
    const secret = body?.secrets?.cookieSecret;
    if (secret) {
      checks.push(secret === 'missing'
        ? { name: 'passwords', ok: false, detail: 'the server has no COOKIE_SECRET, so it refuses password-protected links', fix: body?.warnings?.[0] ?? 'the operator should set COOKIE_SECRET' }
        : { name: 'passwords', ok: true, detail: secret === 'configured' ? 'password-protected links work (COOKIE_SECRET is set)' : 'password-protected links work (generated secret: local development only)' });
    }
  } catch (err) {
    checks.push({ name: 'health', ok: false, detail: `health check failed (${(err as Error).message})`, fix: 'the operator should check the server logs' });
  }
  return checks;
}

function localChecks(): { checks: Check[]; server: string | null } {
  const checks: Check[] = [];
  let server: string | null = null;
  const configFile = join(configDir(), 'config.json');
  try {
    readConfigFile();
    server = resolveServer(undefined);
    checks.push({ name: 'config', ok: true, detail: existsSync(configFile) ? `${configFile} is valid` : 'no config file (defaults apply)' });
  } catch (err) {
    checks.push({ name: 'config', ok: false, detail: (err as Error).message, fix: `fix or delete ${configFile}` });
  }
  const path = statePath();
  try {
    const { shares } = loadState();
    const mode = existsSync(path) ? statSync(path).mode & 0o777 : 0o600;
    checks.push(mode & 0o077
      ? { name: 'state', ok: false, detail: `${path} is readable by others (mode ${mode.toString(8)}); it holds owner tokens`, fix: `chmod 600 ${path}` }
      : { name: 'state', ok: true, detail: existsSync(path) ? `${path} holds ${shares.length} link(s)` : 'no links yet' });
  } catch (err) {
    checks.push({ name: 'state', ok: false, detail: (err as Error).message, fix: `repair ${path} (it holds your owner tokens)` });
  }
  return { checks, server };
}

export async function doctor(argv: string[], cliVersion: string): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { server: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void process.stdout.write(`${doctorHelp}\n`);
  const local = localChecks();
  const server = values.server ? resolveServer(values.server) : local.server;
  const checks = [...local.checks, ...(server ? await serverChecks(server, cliVersion) : [])];
  if (values.json) process.stdout.write(`${JSON.stringify({ ok: checks.every((c) => c.ok), checks }, null, 2)}\n`);
  else {
    for (const c of checks) process.stdout.write(`${c.ok ? green('✓') : red('✗')} ${c.name}: ${c.detail}${c.fix ? `\n    fix: ${c.fix}` : ''}\n`);
  }
  const failed = checks.filter((c) => !c.ok).length;
  if (failed) throw new CliError(`${failed} check${failed === 1 ? '' : 's'} failed`, EXIT.failure);
}
