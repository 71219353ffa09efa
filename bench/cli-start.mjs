// How long `share --version` takes against a bare `node -e 0` on this machine: the CLI runs on
// every share, so its start-up must stay within 1.3x of Node's own. Runs each command RUNS times,
// alternating so both see the same machine load, and prints medians and the ratio.
// Usage: node bench/cli-start.mjs [runs]   (npm run bench:cli)
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.argv[2] ?? 20);
const bundle = fileURLToPath(new URL('../skill/scripts/share.mjs', import.meta.url));
const bin = fileURLToPath(new URL('../cli/bin/share.mjs', import.meta.url));
const cases = {
  'node -e 0': ['-e', '0'],
  'share --version (bundle)': [bundle, '--version'],
  'share --version (cli/bin)': [bin, '--version'],
};

function time(args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (const args of Object.values(cases)) time(args); // warm the file cache
for (let i = 0; i < RUNS; i++) for (const [name, args] of Object.entries(cases)) samples[name].push(time(args));

const base = median(samples['node -e 0']);
console.log(`runs: ${RUNS} each, Node ${process.version}, bundle ${(statSync(bundle).size / 1024).toFixed(0)} KiB`);
for (const [name, xs] of Object.entries(samples)) {
  const m = median(xs);
  console.log(`${name.padEnd(28)} median ${m.toFixed(1)} ms  min ${Math.min(...xs).toFixed(1)} ms  ratio ${(m / base).toFixed(2)}x`);
}
const ratio = median(samples['share --version (bundle)']) / base;
console.log(ratio <= 1.3 ? `ok: within 1.3x (${ratio.toFixed(2)}x)` : `SLOW: ${ratio.toFixed(2)}x is over the 1.3x goal`);
process.exitCode = ratio <= 1.3 ? 0 : 1;
