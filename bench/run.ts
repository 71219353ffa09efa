// `npm run bench`: every figure side by side in one run on one machine — serving (against sirv
// and nginx), publishing (against node start-up plus curl), CLI start and scale — printed as a
// table and written to bench/RESULTS.md with the machine it ran on. BENCH_SECONDS sets the
// length of each serving measurement (default 8), BENCH_SCALE the largest share count (10000).
import { execSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ROOT } from '../test/helpers/server';
import { htmlPage, RUNTIMES } from './lib';
import { benchCliStart, benchPublishing, type PublishBench } from './publishing';
import { benchScale } from './scale';
import { benchServing, findNginx } from './serving';
import { runLoad } from './load-core';
import { mib, rssOf, withRss } from './memory';
import { startNodeServer } from '../test/helpers/node-server';
import { BENCH_VARS } from './lib';

const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const maxScale = Number(process.env.BENCH_SCALE ?? 10_000);
const connections = 64;
const started = new Date();
const load0 = loadavg();

const cpuModel = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
const nproc = execSync('nproc', { encoding: 'utf8' }).trim();
const nginx = findNginx();
console.error(`bench: ${nginx.note}`);

const serving = await benchServing({ seconds, connections, page: htmlPage(28 * 1024, 'serve'), asset: randomBytes(200 * 1024), nginx: nginx.path });
const publishing: PublishBench[] = [];
for (const rt of RUNTIMES) {
  console.error(`bench: publishing on ${rt.name}…`);
  const server = await rt.start();
  try { publishing.push(benchPublishing(rt.name, server.url, 5)); } finally { await server.stop(); }
}
console.error('bench: CLI start…');
const cli = benchCliStart(15);
const scale = await benchScale([100, 1000, 10_000].filter((n) => n <= maxScale));
console.error('bench: Node server memory…');
const loadSeconds = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const memory = await (async () => {
  const server = await startNodeServer({ env: BENCH_VARS });
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const idle = rssOf(server.pid);
    const { result, peak, end } = await withRss(server.pid, () => runLoad({ base: server.url, seconds: loadSeconds, connections }));
    return { idle, peak, end, requests: result.requests, publishes: result.publishes };
  } finally { await server.stop(); }
})();
const load1 = loadavg();

// ---- the report ----
const f0 = (n: number) => n.toFixed(0);
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const x = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
const table = (head: string[], rows: (string | number)[][]) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

const sirvOf = (file: string) => serving.find((m) => m.target === 'sirv' && m.file === file)!;
const baselineOf = (file: string) => serving.find((m) => m.target.startsWith('baseline') && m.file === file);
const nginxOf = (file: string) => serving.find((m) => m.target === 'nginx' && m.file === file);
const servingTable = table(['target', 'file', 'req/s', 'p50 ms', 'p99 ms', 'vs sirv', 'vs nginx', 'vs baseline Worker', 'errors', 'non-2xx'], serving.map((m) => {
  const n = nginxOf(m.file);
  const b = baselineOf(m.file);
  return [m.target, m.file, f0(m.rps), f1(m.p50), f1(m.p99), x(m.rps, sirvOf(m.file).rps), n ? x(m.rps, n.rps) : '—', b && m.target.includes('wrangler') ? x(m.rps, b.rps) : '—', m.errors, m.non2xx];
}));
const memoryTable = table(['Node server (CACHE_MB=64, SERVE_CACHE_ENTRIES=10000: the defaults)', 'RSS'], [
  ['idle, after start', mib(memory.idle)],
  [`peak during ${loadSeconds} s of \`npm run load\` traffic (${connections} connections, ${memory.requests} requests, ${memory.publishes} publishes)`, mib(memory.peak)],
  ['at the end of that run', mib(memory.end)],
]);

const pubRows = publishing.flatMap((p) => [
  [p.runtime, '`share file.html` (50 KB, first publish: one request), median of ' + p.runs, `${f0(p.file.share)} ms`, `node -e 0 + curl zip upload: ${f0(p.file.node)} + ${f0(p.file.curl)} = ${f0(p.file.node + p.file.curl)} ms`, x(p.file.share, p.file.node + p.file.curl)],
  [p.runtime, '`share file.html`, three steps forced (SHARE_ONE_REQUEST=0), median of ' + p.runs, `${f0(p.file.threeSteps)} ms`, 'the same', x(p.file.threeSteps, p.file.node + p.file.curl)],
  [p.runtime, `100-file folder (${(p.folder.bytes / 1e6).toFixed(1)} MB)`, `${f0(p.folder.ms)} ms`, `sent ${kb(p.folder.sentBytes)}`, '—'],
  [p.runtime, 'update, one 100 KB file changed', `${f0(p.update.ms)} ms`, `sent ${kb(p.update.sentBytes)} file bytes + ${kb(p.update.manifestBytes)} manifest = ${kb(p.update.sentBytes + p.update.manifestBytes)} (changed file ${kb(p.update.changedBytes)})`, x(p.update.sentBytes + p.update.manifestBytes, p.update.changedBytes)],
]);
const publishTable = table(['runtime', 'what', 'wall time', 'against', 'ratio'], pubRows);
const cliTable = table(['command', `median of ${cli.runs}`, 'vs node -e 0'], [
  ['node -e 0', `${f1(cli.node)} ms`, '1.00x'],
  ['share --version (skill/scripts/share.mjs bundle)', `${f1(cli.bundle)} ms`, x(cli.bundle, cli.node)],
  ['share --version (cli/bin/share.mjs)', `${f1(cli.bin)} ms`, x(cli.bin, cli.node)],
]);
const scaleTable = table(['shares in the database', 'serve one (median ms)', 'list one owner\'s 10 links (median ms)', 'serve vs 100', 'list vs 100', 'seeding time'], scale.map((p) => [p.shares, f2(p.serveMs), f2(p.listMs), x(p.serveMs, scale[0].serveMs), x(p.listMs, scale[0].listMs), `${f1(p.seedSeconds)} s`]));

// ---- targets ----
const verdicts: string[] = [];
for (const file of ['28 KB page', '200 KB asset']) {
  const node = serving.find((m) => m.target === 'Node runtime' && m.file === file)!;
  const r = node.rps / sirvOf(file).rps;
  const why = file === '200 KB asset'
    ? 'Here the server is not the bound: a CPU profile of the Node server under this load (node --cpu-prof) is ~80% idle, autocannon reading 200 KB bodies on the same 2 cores is, and the figure swings with the machine\'s load (see the nginx line below); next step: measure with the load generator on another machine.'
    : 'A warm view no longer queries SQLite (the serving memo, app/db/serving-memo.ts) nor builds a Web stream (cached bytes go out as one buffer); a CPU profile of the server under this load (node --cpu-prof) then shows the socket write (writev, ~24%) as the largest item and the app (Hono routing, request id and log middleware, headers) ~12%. The autocannon client shares the same 2 cores with both servers, so on a loaded machine the ratio moves from run to run; next step: measure on an idle machine, then drop the per-request Headers copy the request-id middleware forces (plain-object headers reach Node\'s writeHead directly).';
  verdicts.push(r >= 1 ? `- Met: Node runtime ${file} at ${r.toFixed(2)}x sirv (target ≥ 1.0x).` : `- **Missed**: Node runtime ${file} at ${r.toFixed(2)}x sirv (target ≥ 1.0x). ${why}`);
}
for (const file of ['28 KB page', '200 KB asset']) {
  const w = serving.find((m) => m.target === 'Worker (wrangler dev)' && m.file === file);
  const b = baselineOf(file);
  if (!w || !b) continue;
  const r = w.rps / b.rps;
  verdicts.push(`- ${r >= 1 ? 'Met' : '**Missed**'}: Worker page view under \`wrangler dev\`, ${file}, at ${r.toFixed(2)}x a bare Worker doing one D1 select and one R2 get (bench/baseline-worker; target ≥ 1.0x). A warm view reads its bytes from the Cache API (test/workerd/operations.test.ts: cold 1 D1 + 1 R2, warm 1 D1 + 0 R2, 304 1 D1 + 0 R2).${r >= 1 ? '' : ' Local D1 (one query per view in both) dominates both under the simulator; next step: measure deployed, where R2 reads cross regions and the cache saves more.'}`);
}
const n200 = nginxOf('200 KB asset');
if (n200 && n200.rps < 1.5 * sirvOf('200 KB asset').rps) verdicts.push(`- The 200 KB figures are bounded by the load generator: nginx (${f0(n200.rps)} req/s) is no faster than sirv (${f0(sirvOf('200 KB asset').rps)} req/s) there, so autocannon (one Node thread on the same 2 cores) is reading bodies as fast as it can; the 28 KB page is the better comparison of servers.`);
const worker = serving.filter((m) => m.target.startsWith('Worker'));
verdicts.push(`- Worker: one metadata read per page view, and no R2 read once the colo's cache holds the file. Under \`wrangler dev\` it served ${worker.map((m) => `${m.file} at ${f0(m.rps)} req/s`).join(', ')}.`);
for (const p of publishing) {
  const ratio = p.file.share / (p.file.node + p.file.curl);
  verdicts.push(`- ${p.runtime}: \`share file.html\` at ${ratio.toFixed(2)}x node start + curl upload (three steps forced: ${(p.file.threeSteps / (p.file.node + p.file.curl)).toFixed(2)}x)${ratio > 1.5 ? ' — **missed** a 1.5x reading of "near a raw upload": a first publish of a small bundle is now one zip request, as curl\'s is (cli/publish-once.ts), and the server holds a zip of at most 1 MiB in memory rather than spooling it (app/spool.ts); against a server on the same machine the two saved round trips are a few milliseconds, and the rest is the CLI\'s own start (a CPU profile, node --cpu-prof: compiling and running modules, Node\'s internals, the one chunk that holds every command); a chunk of its own for publishing was tried and measured within the noise (147.8 vs 154.0 ms, 162.5 vs 152.8 ms in alternated runs), so it was not kept; next step: Node\'s module compile cache (`module.enableCompileCache`, Node 22.1 and later; this machine\'s Node 20 lacks it), which skips most of that compiling on every run after the first' : ''}.`);
  const over = p.update.sentBytes + p.update.manifestBytes - p.update.changedBytes;
  verdicts.push(`- ${p.runtime}: update sent the changed file (${kb(p.update.sentBytes)}) plus a ${kb(p.update.manifestBytes)} manifest — ${p.update.sentBytes <= p.update.changedBytes ? 'met' : `**missed** (${kb(over)} over the changed file plus manifest)`}.`);
}
const cliRatio = cli.bundle / cli.node;
verdicts.push(`- CLI start: ${cliRatio.toFixed(2)}x \`node -e 0\` (goal ≤ 1.3x): ${cliRatio <= 1.3 ? 'met' : '**missed**'}.`);
if (scale.length > 1) {
  const last = scale[scale.length - 1];
  const sr = last.serveMs / scale[0].serveMs; const lr = last.listMs / scale[0].listMs;
  verdicts.push(`- Scale: from ${scale[0].shares} to ${last.shares} shares, serving one changed ${sr.toFixed(2)}x and listing one owner's links ${lr.toFixed(2)}x (${sr < 1.5 && lr < 1.5 ? 'flat: both are index lookups — shares by primary key, links by the (api_key_id, created_at) index' : '**not flat**'}).`);
}

const machine = `- CPUs (nproc): ${nproc}; CPU: ${cpuModel}
- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB; Node ${process.version}; ${started.toISOString()}
- Load average at start ${load0.map(f2).join(' / ')}, at end ${load1.map(f2).join(' / ')} (the machine is shared with other work, so compare the ratios, not the absolute figures)
- Serving: autocannon, ${connections} connections, ${seconds} s per measurement in 2 interleaved rounds (all targets up, order reversed in round 2); ${nginx.note}`;

const report = `# Benchmark results

Written by \`npm run bench\` (bench/run.ts). Ratios matter more than absolute figures.

## Machine
${machine}

## Serving (28 KB page, 200 KB asset)
${servingTable}

## Publishing (the CLI as a child process, \`node cli/bin/share.mjs\`)
${publishTable}

## CLI start
${cliTable}

## Scale (Node runtime, everything over HTTP)
10 links published with one API key (created via \`POST /api/admin/keys\`), then anonymous one-request zip publishes over HTTP (16 at a time) up to each size; at each size ${200} sequential keep-alive GETs of one owned share and of \`GET /api/shares\` with the key.

${scaleTable}

## Memory (Node server, RSS from /proc)
${memoryTable}

The caches that bound it: \`CACHE_MB\` (file bytes up to 256 KiB each, default 64 MiB) and \`SERVE_CACHE_ENTRIES\` (answers of the serving query, a few hundred bytes each, default 10,000, cleared by every write to shares/versions/files).

## Targets
${verdicts.join('\n')}

## Related proofs (tests, run in CI)
- Load: \`npm run load\` (60 s, 64 connections, 90% views / 10% publishes per runtime); shortened in test/load/load.test.ts.
- Faults: test/workerd/faults.test.ts (store fails mid-publish; database down → 503 and back), test/node/s3.test.ts (S3 store stops mid-publish), test/node/crash.test.ts (server killed during a publish).
- Fuzzing: test/unit/fuzz-bundle.test.ts, test/workerd/fuzz-serving.test.ts.
- Operations per view: test/workerd/operations.test.ts.
`;

writeFileSync(join(ROOT, 'bench', 'RESULTS.md'), report);
console.log(report);
process.exit(0);
