// Publishing and CLI-start benchmarks: the CLI as a user runs it (a child process), against a bare
// `node -e 0` and a raw curl upload of the same bytes.
import { zipSync } from 'fflate';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../test/helpers/server';
import { htmlPage, median } from './lib';

const BIN = join(ROOT, 'cli', 'bin', 'share.mjs');
const BUNDLE = join(ROOT, 'skill', 'scripts', 'share.mjs');

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): { ms: number; stdout: string } {
  const t = performance.now();
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

const nodeStart = () => timed(process.execPath, ['-e', '0']).ms;

export interface CliStart { node: number; bundle: number; bin: number; runs: number }

/** `share --version` (the bundled skill script and cli/bin) against `node -e 0`, alternated. */
export function benchCliStart(runs = 15): CliStart {
  const s = { node: [] as number[], bundle: [] as number[], bin: [] as number[] };
  timed(process.execPath, [BUNDLE, '--version']);
  for (let i = 0; i < runs; i++) {
    s.node.push(nodeStart());
    s.bundle.push(timed(process.execPath, [BUNDLE, '--version']).ms);
    s.bin.push(timed(process.execPath, [BIN, '--version']).ms);
  }
  return { node: median(s.node), bundle: median(s.bundle), bin: median(s.bin), runs };
}

export interface PublishBench {
  runtime: string; runs: number;
  /** `share file.html` (a first publish: one request), the same with the three steps forced (SHARE_ONE_REQUEST=0), and the yardsticks. */
  file: { share: number; threeSteps: number; node: number; curl: number };
  folder: { ms: number; bytes: number; sentBytes: number };
  update: { ms: number; changedBytes: number; sentBytes: number; manifestBytes: number };
}

/** The CLI's environment: its own state dir (so a run publishes anew or updates, as asked). */
const cliEnv = (server: string, stateDir: string): NodeJS.ProcessEnv => ({ ...process.env, SHARE_SERVER: server, XDG_CONFIG_HOME: stateDir, NO_COLOR: '1' });

export function benchPublishing(runtime: string, server: string, runs: number): PublishBench {
  const work = mkdtempSync(join(tmpdir(), 'share-bench-pub-'));
  const file = join(work, 'file.html');
  const page = htmlPage(50 * 1024, 'publish');
  writeFileSync(file, page);
  const zip = join(work, 'file.zip');
  writeFileSync(zip, zipSync({ 'file.html': page }));

  const share: number[] = []; const threeSteps: number[] = []; const node: number[] = []; const curl: number[] = [];
  for (let i = 0; i < runs; i++) {
    // A fresh state folder each time: every run is a first publish, which goes in one request (cli/publish-once.ts).
    share.push(timed(process.execPath, [BIN, file, '--json'], cliEnv(server, mkdtempSync(join(work, 'state-')))).ms);
    threeSteps.push(timed(process.execPath, [BIN, file, '--json'], { ...cliEnv(server, mkdtempSync(join(work, 'state-'))), SHARE_ONE_REQUEST: '0' }).ms);
    node.push(nodeStart());
    const c = timed('curl', ['-sS', '-f', '-o', '/dev/null', '-X', 'POST', '-H', 'content-type: application/zip', '--data-binary', `@${zip}`, `${server}/api/shares`]);
    curl.push(c.ms);
  }

  // 100 files, 10 MB (random bytes, so nothing compresses or deduplicates).
  const dir = join(work, 'site');
  mkdirSync(dir);
  const files: { path: string; bytes: Buffer }[] = [{ path: 'index.html', bytes: Buffer.from(htmlPage(100 * 1024, 'folder')) }];
  for (let i = 1; i < 100; i++) files.push({ path: `assets/part-${String(i).padStart(3, '0')}.bin`, bytes: randomBytes(100 * 1024) });
  mkdirSync(join(dir, 'assets'));
  for (const f of files) writeFileSync(join(dir, f.path), f.bytes);
  const state = mkdtempSync(join(work, 'state-'));
  const first = timed(process.execPath, [BIN, dir, '--json'], cliEnv(server, state));
  const firstOut = JSON.parse(first.stdout) as { sentBytes: number; totalBytes: number };

  files[50].bytes = randomBytes(100 * 1024);
  writeFileSync(join(dir, files[50].path), files[50].bytes);
  const second = timed(process.execPath, [BIN, dir, '--json'], cliEnv(server, state));
  const secondOut = JSON.parse(second.stdout) as { sentBytes: number; updated: boolean };
  if (!secondOut.updated) throw new Error('the second share of the folder did not update the link');
  // The update's request body besides file bytes: the manifest (path, size, SHA-256 per file).
  const manifestBytes = JSON.stringify({ files: files.map((f) => ({ path: f.path, size: f.bytes.length, sha256: createHash('sha256').update(f.bytes).digest('hex') })) }).length;
  return {
    runtime, runs,
    file: { share: median(share), threeSteps: median(threeSteps), node: median(node), curl: median(curl) },
    folder: { ms: first.ms, bytes: firstOut.totalBytes, sentBytes: firstOut.sentBytes },
    update: { ms: second.ms, changedBytes: files[50].bytes.length, sentBytes: secondOut.sentBytes, manifestBytes },
  };
}
