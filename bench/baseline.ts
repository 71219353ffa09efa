// Starts the bench's baseline Worker (bench/baseline-worker: one D1 select and one R2 get per
// request) under `wrangler dev` with local D1 and R2 in a temp dir, and seeds it with files.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT } from '../test/helpers/server';
import { http } from './lib';

export interface Baseline { port: number; stop(): Promise<void> }

export async function startBaselineWorker(files: Record<string, Uint8Array>): Promise<Baseline> {
  const port = await freePort();
  const wrangler = createRequire(import.meta.url).resolve('wrangler/bin/wrangler.js');
  const child = spawn(process.execPath, [wrangler, 'dev', '--config', join(ROOT, 'bench', 'baseline-worker', 'wrangler.toml'), '--port', String(port), '--ip', '127.0.0.1',
    '--show-interactive-dev-session=false', '--persist-to', mkdtempSync(join(tmpdir(), 'share-bench-baseline-'))], {
    cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`baseline worker did not start in 90s:\n${output}`)), 90_000);
    child.stdout!.on('data', (c: Buffer) => { output += c.toString(); if (/Ready on/i.test(output)) { clearTimeout(timer); resolve(); } });
    child.stderr!.on('data', (c: Buffer) => { output += c.toString(); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`baseline worker exited with ${code}:\n${output}`)); });
  });
  child.removeAllListeners('exit');
  for (const [key, bytes] of Object.entries(files)) {
    const res = await http(`http://127.0.0.1:${port}/seed?key=${encodeURIComponent(key)}`, { method: 'POST', body: bytes });
    if (res.status !== 204) throw new Error(`baseline seed answered ${res.status}: ${res.body.toString()}`);
  }
  return {
    port,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.on('exit', () => resolve());
      try { process.kill(-child.pid!, 'SIGTERM'); } catch { resolve(); }
      setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 5000).unref();
    }),
  };
}
