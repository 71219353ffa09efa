import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ServerInfo } from '../../core/api-types';
import { networkCode } from '../api';
import { apiKeySetting, configPath, readConfigFile, serverSetting, type Setting } from '../config';
import { redactKey } from '../config-write';
import { CliError, EXIT } from '../errors';
import { green, red } from '../output';
import { loadState, statePath } from '../state';

export const doctorHelp = `Usage: share doctor [options]

Check that sharing will work from this machine: which server and API key are used and where
each comes from (--server/--key, SHARE_SERVER/SHARE_API_KEY, the config file, or the default),
the config file, the state file with your owner tokens, the server (reachable, healthy, its
version against this CLI's, the API key accepted, how it sends one-time codes for allowlisted
links). Prints what to fix.

Options:
  --server URL   server to check (default: as for sharing)
  --key KEY      API key to check (default: as for sharing)
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

/** The CLI's version against the server's: the same, different but compatible (said so), or not compatible. */
export function versionCheck(cliVersion: string, serverVersion: string): Check {
  if (cliVersion === serverVersion) return { name: 'version', ok: true, detail: `CLI ${cliVersion}, server ${serverVersion}` };
  return compatible(serverVersion, cliVersion)
    ? { name: 'version', ok: true, detail: `CLI ${cliVersion} and server ${serverVersion} differ, but work together` }
    : { name: 'version', ok: false, detail: `CLI ${cliVersion} and server ${serverVersion} differ and may not work together`, fix: 'update the CLI or the server so their versions match' };
}

/** Whether the server accepts the API key (GET /api/shares answers only to a valid key). */
async function keyCheck(server: string, key: string): Promise<Check> {
  try {
    const res = await fetch(`${server}/api/shares`, { signal: AbortSignal.timeout(5000), headers: { 'user-agent': 'share-cli', authorization: `Bearer ${key}` } });
    if (res.ok) return { name: 'key', ok: true, detail: `the server accepts the API key ${redactKey(key)}` };
    const code = ((await res.json().catch(() => null)) as { error?: { code?: string } } | null)?.error?.code ?? res.status;
    return { name: 'key', ok: false, detail: `the server refuses the API key ${redactKey(key)} (${code})`, fix: 'ask the server\'s operator for a valid key, then share login <server URL> --key shk_…' };
  } catch (err) {
    return { name: 'key', ok: false, detail: `could not check the API key (${networkCode(err) ?? (err as Error).message})` };
  }
}

/**
 * Which mailer sends one-time codes to allowlisted viewers, from /healthz's `mailer`: fine when
 * it is SMTP or an email API, and when the development log mailer runs locally; failed when the
 * server warns that no viewer receives its codes (the log mailer on a real deployment).
 */
export function mailCheck(mailer: string, warnings: string[]): Check {
  if (mailer !== 'log') return { name: 'mail', ok: true, detail: `one-time codes for allowlisted links are sent by email (${mailer === 'smtp' ? 'SMTP' : mailer === 'http' ? 'email API' : mailer})` };
  const warning = warnings.find((w) => w.includes('mailer'));
  return warning
    ? { name: 'mail', ok: false, detail: 'no mailer is configured: one-time codes for allowlisted links only go to the server log', fix: warning }
    : { name: 'mail', ok: true, detail: 'one-time codes for allowlisted links are printed in the server log (development mailer)' };
}

/** Where a setting came from, for the report: `from --server`, `from SHARE_API_KEY`, `from "server" in <file>`. */
export const fromText = (setting: Setting<string>, field: string): string => `from ${setting.source === 'config file' ? `"${field}" in ${setting.from}` : setting.from}`;

async function serverChecks(server: string, cliVersion: string, key: string | undefined): Promise<Check[]> {
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
      fix: local ? 'start it with `npm start` in a clone of share, or use your team\'s server: share login <server URL>' : 'check the address and your network, or change it: share login <server URL>',
    }];
  }
  const checks: Check[] = [{ name: 'server', ok: true, detail: `${server} is reachable (share ${info.version})` }];
  checks.push(versionCheck(cliVersion, info.version));
  if (key) checks.push(await keyCheck(server, key));
  try {
    const health = await getJson(`${server}/healthz`);
    const body = health.body as { checks?: Record<string, string>; secrets?: { cookieSecret?: string }; mailer?: string; warnings?: string[] } | null;
    checks.push(health.status === 200
      ? { name: 'health', ok: true, detail: 'database and storage answer' }
      : { name: 'health', ok: false, detail: `server is degraded: ${JSON.stringify(body?.checks ?? health.status)}`, fix: 'the operator should check the failing part (see the server logs)' });
    const secret = body?.secrets?.cookieSecret;
    if (secret) {
      checks.push(secret === 'missing'
        ? { name: 'passwords', ok: false, detail: 'the server has no COOKIE_SECRET, so it refuses password-protected links', fix: body?.warnings?.find((w) => w.includes('COOKIE_SECRET')) ?? 'the operator should set COOKIE_SECRET' }
        : { name: 'passwords', ok: true, detail: secret === 'configured' ? 'password-protected links work (COOKIE_SECRET is set)' : 'password-protected links work (generated secret: local development only)' });
    }
    if (body?.mailer) checks.push(mailCheck(body.mailer, body.warnings ?? []));
  } catch (err) {
    checks.push({ name: 'health', ok: false, detail: `health check failed (${(err as Error).message})`, fix: 'the operator should check the server logs' });
  }
  return checks;
}

/** What this machine will use, and where each setting came from, for the report. */
export interface InUse { server: Setting<string> | null; apiKey: Setting<string> | null }

function localChecks(flags: { server?: string; key?: string }): { checks: Check[]; use: InUse } {
  const checks: Check[] = [];
  const use: InUse = { server: null, apiKey: null };
  const configFile = configPath();
  try {
    readConfigFile();
    checks.push({ name: 'config', ok: true, detail: existsSync(configFile) ? `${configFile} is valid` : `no config file (${configFile}): share login <server URL> writes one` });
  } catch (err) {
    checks.push({ name: 'config', ok: false, detail: (err as Error).message, fix: `fix or delete ${configFile}` });
  }
  try {
    use.server = serverSetting(flags.server);
    const server = use.server;
    checks.push({
      name: 'which server', ok: true,
      detail: `${server.value} (${server.source === 'default' ? 'the default: no server is configured; share login <server URL> sets yours' : fromText(server, 'server')})`,
    });
  } catch (err) {
    checks.push({ name: 'which server', ok: false, detail: (err as Error).message, fix: 'share login <server URL> saves a valid one' });
  }
  try {
    use.apiKey = apiKeySetting(flags.key);
    const key = use.apiKey;
    checks.push({ name: 'which key', ok: true, detail: key ? `${redactKey(key.value)} (${fromText(key, 'apiKey')})` : 'no API key (publishing anonymously)' });
  } catch (err) {
    checks.push({ name: 'which key', ok: false, detail: (err as Error).message, fix: 'share login <server URL> --key shk_… saves a valid one' });
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
  return { checks, use };
}

export async function doctor(argv: string[], cliVersion: string): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { server: { type: 'string' }, key: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void process.stdout.write(`${doctorHelp}\n`);
  const { checks: local, use } = localChecks(values);
  const checks = [...local, ...(use.server ? await serverChecks(use.server.value, cliVersion, use.apiKey?.value) : [])];
  if (values.json) {
    const redacted = use.apiKey && { ...use.apiKey, value: redactKey(use.apiKey.value) };
    process.stdout.write(`${JSON.stringify({ ok: checks.every((c) => c.ok), cliVersion, server: use.server, apiKey: redacted, checks }, null, 2)}\n`);
  } else {
    for (const c of checks) process.stdout.write(`${c.ok ? green('✓') : red('✗')} ${c.name}: ${c.detail}${c.fix ? `\n    fix: ${c.fix}` : ''}\n`);
  }
  const failed = checks.filter((c) => !c.ok).length;
  if (failed) throw new CliError(`${failed} check${failed === 1 ? '' : 's'} failed`, EXIT.failure);
}
