// Serving benchmark: the same 28 KB page and 200 KB asset from the Node runtime, the Worker under
// wrangler dev, a bare baseline Worker under wrangler dev (one D1 select + one R2 get:
// bench/baseline-worker), sirv and nginx (from disk), measured one target at a time with autocannon.
import autocannon from 'autocannon';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT } from '../test/helpers/server';
import { publishZip, RUNTIMES } from './lib';
import { startBaselineWorker } from './baseline';

export interface Measure { target: string; file: string; rps: number; p50: number; p99: number; errors: number; non2xx: number }

/** Runs autocannon against 127.0.0.1:port with the given Host header. */
async function cannon(port: number, host: string, path: string, seconds: number, connections: number) {
  const r = await autocannon({ url: `http://127.0.0.1:${port}${path}`, headers: { host }, connections, duration: seconds });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

/** Waits until something answers HTTP on the port. */
async function waitHttp(port: number, child: ChildProcess, label: string) {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`${label} exited with ${child.exitCode}`);
    try { await fetch(`http://127.0.0.1:${port}/`); return; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  throw new Error(`${label} did not start`);
}

const stopChild = (child: ChildProcess) => new Promise<void>((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) return resolve();
  child.once('exit', () => resolve());
  child.kill('SIGTERM');
});

/** nginx on the machine, installing it with apt when absent; returns its path or why not. */
export function findNginx(): { path?: string; note: string } {
  const which = () => spawnSync('sh', ['-c', 'command -v nginx || ls /usr/sbin/nginx 2>/dev/null'], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
  let path = which();
  if (path) return { path, note: `nginx found at ${path}` };
  console.error('bench: nginx is not installed; trying `apt-get install -y nginx`…');
  const r = spawnSync('apt-get', ['install', '-y', 'nginx'], { encoding: 'utf8' });
  path = which();
  if (path) return { path, note: 'nginx was absent and was installed with `apt-get install -y nginx` by this run' };
  return { note: `nginx absent and \`apt-get install -y nginx\` failed (${(r.stderr || r.error?.message || '').trim().split('\n').pop()}): nginx skipped` };
}

interface Target { name: string; port: number; host: string; stop: () => Promise<unknown> }

/**
 * Starts every target first, then measures in ROUNDS interleaved rounds (order reversed each
 * round), each of seconds/ROUNDS, so a change in the shared machine's load hits all targets alike.
 * Requests per second are averaged over the rounds; p50/p99 are the rounds' mean.
 */
export async function benchServing(opts: { seconds: number; connections: number; page: Uint8Array; asset: Uint8Array; nginx?: string; rounds?: number }): Promise<Measure[]> {
  const rounds = opts.rounds ?? 2;
  const dir = mkdtempSync(join(tmpdir(), 'share-bench-site-'));
  chmodSync(dir, 0o755); // nginx's workers run as an unprivileged user when started as root
  writeFileSync(join(dir, 'index.html'), opts.page);
  writeFileSync(join(dir, 'asset.bin'), opts.asset);
  const only = process.env.BENCH_TARGETS?.split(',');
  const want = (name: string) => !only || only.includes(name);
  const targets: Target[] = [];
  try {
    for (const rt of RUNTIMES.filter((r) => want(r.name))) {
      const server = await rt.start();
      targets.push({ name: rt.name === 'node' ? 'Node runtime' : 'Worker (wrangler dev)', port: server.port, host: '', stop: () => server.stop() });
      const share = await publishZip(server.url, { 'index.html': opts.page, 'asset.bin': opts.asset });
      targets[targets.length - 1].host = new URL(share.url).host;
    }
    if (want('baseline')) {
      const baseline = await startBaselineWorker({ 'index.html': opts.page, 'asset.bin': opts.asset });
      targets.push({ name: 'baseline Worker (wrangler dev)', port: baseline.port, host: `127.0.0.1:${baseline.port}`, stop: () => baseline.stop() });
    }
    if (want('sirv')) {
      const port = await freePort();
      const sirv = spawn(process.execPath, ['-e', `const s=require('sirv')(${JSON.stringify(dir)},{dev:false,etag:true});require('http').createServer(s).listen(${port},'127.0.0.1')`], { cwd: ROOT, stdio: 'inherit' });
      targets.push({ name: 'sirv', port, host: `127.0.0.1:${port}`, stop: () => stopChild(sirv) });
      await waitHttp(port, sirv, 'sirv');
    }
    if (opts.nginx && want('nginx')) {
      const port = await freePort();
      const conf = mkdtempSync(join(tmpdir(), 'share-bench-nginx-'));
      mkdirSync(join(conf, 'tmp'));
      writeFileSync(join(conf, 'nginx.conf'), `daemon off;
worker_processes auto;
pid ${conf}/nginx.pid;
error_log ${conf}/error.log error;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${conf}/tmp; proxy_temp_path ${conf}/tmp; fastcgi_temp_path ${conf}/tmp; uwsgi_temp_path ${conf}/tmp; scgi_temp_path ${conf}/tmp;
  types { text/html html; application/octet-stream bin; }
  sendfile on; tcp_nopush on; keepalive_requests 100000;
  server { listen 127.0.0.1:${port}; root ${dir}; index index.html; }
}
`);
      const nginx = spawn(opts.nginx, ['-c', join(conf, 'nginx.conf'), '-p', conf, '-e', join(conf, 'error.log')], { stdio: 'inherit' });
      targets.push({ name: 'nginx', port, host: `127.0.0.1:${port}`, stop: () => stopChild(nginx) });
      await waitHttp(port, nginx, 'nginx');
    }

    const files = [['28 KB page', '/'], ['200 KB asset', '/asset.bin']] as const;
    const runs = new Map<string, Omit<Measure, 'target' | 'file'>[]>();
    for (let round = 0; round < rounds; round++) {
      for (const t of round % 2 ? [...targets].reverse() : targets) {
        for (const [file, path] of files) {
          console.error(`bench: round ${round + 1}/${rounds}: ${t.name} ${file}…`);
          const k = `${t.name}\n${file}`;
          runs.set(k, [...(runs.get(k) ?? []), await cannon(t.port, t.host, path, opts.seconds / rounds, opts.connections)]);
        }
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    return targets.flatMap((t) => files.map(([file]) => {
      const rs = runs.get(`${t.name}\n${file}`)!;
      return { target: t.name, file, rps: mean(rs.map((r) => r.rps)), p50: mean(rs.map((r) => r.p50)), p99: mean(rs.map((r) => r.p99)), errors: sum(rs.map((r) => r.errors)), non2xx: sum(rs.map((r) => r.non2xx)) };
    }));
  } finally {
    for (const t of targets) await t.stop();
  }
}
