import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './server';

/** The documented configs for one box behind a proxy (README "Run on Node", docs/operations.md). */
export const DOCS = join(ROOT, 'docs', 'node');

/** Where Debian's nginx is (`apt-get install -y nginx`; .ci/run installs it when missing). */
export function nginxPath(): string {
  const found = ['/usr/sbin/nginx', spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout.trim()].find((p) => p && existsSync(p));
  if (!found) throw new Error('nginx is not installed: apt-get install -y nginx (.ci/run does this)');
  return found;
}

/** The names the documented files use, and what a test puts in their place. */
export const DOC_NAMES = { app: 'share.example.com', content: 'example-usercontent.com' } as const;

/**
 * docs/node/nginx.conf adapted to loopback and plain HTTP, changing as little as possible so the
 * docs and the test cannot drift: the two names substituted, the upstream's port set, each
 * `listen 80`/`listen 443 ssl` line moved to a loopback port (keeping `default_server`), IPv6
 * listens and `ssl_*` lines dropped. Every other directive runs as documented.
 */
export function loopbackNginxConf(doc: string, opts: { app: string; content: string; httpPort: number; httpsPort: number; nodePort: number }): string {
  const out = doc.split('\n').flatMap((line) => {
    if (/^\s*listen \[::\]:/.test(line) || /^\s*ssl_[a-z_]+\s/.test(line)) return [];
    return [line
      .replace(/listen 443 ssl(?: http2)?( default_server)?;/, `listen 127.0.0.1:${opts.httpsPort}$1;`)
      .replace(/listen 80( default_server)?;/, `listen 127.0.0.1:${opts.httpPort}$1;`)
      .replace(/server 127\.0\.0\.1:8787;/, `server 127.0.0.1:${opts.nodePort};`)
      .replaceAll(DOC_NAMES.app, opts.app)
      .replaceAll(DOC_NAMES.content, opts.content)];
  }).join('\n');
  const directives = out.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n');
  for (const left of [/\bssl\b/, /\b443\b/, /\b8787\b/, /example/]) {
    if (left.test(directives)) throw new Error(`adapting docs/node/nginx.conf left ${left} in place: update loopbackNginxConf`);
  }
  return out;
}

/** The main nginx.conf around an http-context file: pid, logs and temp paths under `prefix`. */
export function mainConf(prefix: string, httpContext: string): string {
  const tmp = join(prefix, 'tmp');
  // Started as root, nginx runs its workers as `user`, who must be able to write the temp paths.
  const user = process.getuid?.() === 0 ? 'user nobody nogroup;\n' : '';
  return `daemon off;
${user}worker_processes 1;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'error.log')} warn;
events { worker_connections 256; }
http {
  access_log ${join(prefix, 'access.log')};
  client_body_temp_path ${tmp}/body; proxy_temp_path ${tmp}/proxy; fastcgi_temp_path ${tmp}/fastcgi; uwsgi_temp_path ${tmp}/uwsgi; scgi_temp_path ${tmp}/scgi;
${httpContext}
}
`;
}

export interface RunningNginx {
  prefix: string;
  errors(): string;
  stop(): Promise<void>;
}

async function waitPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const until = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`nginx did not listen on ${port} in 15 s:\n${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Checks a complete nginx.conf (built for its prefix) with `nginx -t`; returns nginx's output, throws on failure. */
export function nginxTest(conf: (prefix: string) => string): string {
  const prefix = mkdtempSync(join(tmpdir(), 'share-nginx-t-'));
  mkdirSync(join(prefix, 'tmp'));
  writeFileSync(join(prefix, 'nginx.conf'), conf(prefix));
  const r = spawnSync(nginxPath(), ['-t', '-c', join(prefix, 'nginx.conf'), '-p', prefix, '-e', join(prefix, 'error.log')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`nginx -t failed:\n${r.stderr}`);
  return r.stderr;
}

/** Starts nginx in the foreground with this complete nginx.conf, waiting until `port` accepts connections. */
export async function startNginx(conf: (prefix: string) => string, port: number): Promise<RunningNginx> {
  const prefix = mkdtempSync(join(tmpdir(), 'share-nginx-'));
  chmodSync(prefix, 0o755);
  const tmp = join(prefix, 'tmp');
  mkdirSync(tmp);
  chmodSync(tmp, 0o777);
  writeFileSync(join(prefix, 'nginx.conf'), conf(prefix));
  const child = spawn(nginxPath(), ['-c', join(prefix, 'nginx.conf'), '-p', prefix, '-e', join(prefix, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => { output += c.toString(); });
  child.stderr!.on('data', (c: Buffer) => { output += c.toString(); });
  const errors = () => `${output}${existsSync(join(prefix, 'error.log')) ? readFileSync(join(prefix, 'error.log'), 'utf8') : ''}`;
  await waitPort(port, child, errors);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    prefix,
    errors,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGQUIT'); // graceful: workers finish what they serve, then exit
      await exited;
    },
  };
}

/** VARIABLE=value lines of an EnvironmentFile (systemd's format: `#` comments on their own lines). */
export function readEnvFile(path: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) vars[m[1]] = m[2];
  }
  return vars;
}
