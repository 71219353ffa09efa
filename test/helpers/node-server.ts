import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT, type RunningServer } from './server';

export interface RunningNodeServer extends RunningServer {
  /** Milliseconds from spawn to "listening", as the test saw it. */
  startMs: number;
  /** The server's process id (e.g. to read its memory from /proc/<pid>/status). */
  pid: number;
  /** Everything the server printed so far. */
  output(): string;
  /** `kill -9`: no shutdown handler runs, as in a power cut or an OOM kill. */
  kill9(): Promise<void>;
}

/**
 * Starts the Node server as a user does (`share-server`, i.e. `npm run start:node`) on a free
 * port and a temp data dir unless given; `env` adds or overrides variables (S3_*, MAX_*, …).
 */
export async function startNodeServer(opts: { dataDir?: string; port?: number; env?: Record<string, string> } = {}): Promise<RunningNodeServer> {
  const port = opts.port ?? (await freePort());
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'share-node-'));
  const t0 = performance.now();
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin', 'share-server.mjs')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, CLEANUP_INTERVAL_SECONDS: '3600', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => { output += c.toString(); });
  child.stderr!.on('data', (c: Buffer) => { output += c.toString(); });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node server did not start in 30s:\n${output}`)), 30_000);
    const check = () => { if (output.includes('share is listening')) { clearTimeout(timer); resolve(); } };
    child.stdout!.on('data', check);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`node server exited with ${code}:\n${output}`)); });
  });
  const startMs = performance.now() - t0;
  child.removeAllListeners('exit');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(sig);
    await exited;
  };
  return {
    url: `http://localhost:${port}`, port, dataDir, startMs, pid: child.pid!,
    output: () => output,
    stop: () => signal('SIGTERM'),
    kill9: () => signal('SIGKILL'),
  };
}
