// Keeps the folders saying what runs where (README "Layout"). Arrows run one way:
// runtimes (worker/, server/) → app/ → core/; clients (cli/, web/) → core/. Also refuses import
// cycles among our own modules. `node scripts/boundaries.mjs` prints each violation and exits 1.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/**
 * For each folder: which of our folders it may import, and whether `node:` built-ins are allowed
 * (true, false, or the few workerd provides natively under `nodejs_compat`).
 */
export const RULES = {
  core: { may: ['core'], node: false },
  app: { may: ['app', 'core'], node: false },
  worker: { may: ['worker', 'app', 'core'], node: ['node:stream', 'node:zlib'] },
  server: { may: ['server', 'app', 'core'], node: true },
  // cli/bin starts the built single-file CLI inside its own package (cli/dist/share.mjs).
  cli: { may: ['cli', 'core'], node: true },
  web: { may: ['web', 'core'], node: false },
};

const SOURCE = /\.(ts|tsx|mjs|js)$/;
const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function filesUnder(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    // dist/ holds generated bundles (cli/dist/share.mjs, built by scripts/build-cli.mjs from the sources checked here).
    if (statSync(full).isDirectory()) { if (name !== 'dist') out.push(...filesUnder(full)); }
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/**
 * `{ spec, typeOnly }` for every static and dynamic import or re-export in a source text. Cycles
 * count type-only imports too: a type cycle still ties modules that should stand apart.
 */
export function importsOf(text) {
  const out = [];
  for (const m of text.matchAll(IMPORT)) out.push({ spec: m[3] ?? m[4], typeOnly: Boolean(m[2]) });
  return out;
}

function resolveLocal(from, spec) {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    try { if (statSync(candidate).isFile()) return candidate; } catch { /* next */ }
  }
  return base.replace(/\.(m?js)$/, '.ts');
}

/** Every boundary violation and import cycle under `root`, as readable lines. */
export function checkBoundaries(root = ROOT) {
  const problems = [];
  const graph = new Map();
  for (const [folder, rule] of Object.entries(RULES)) {
    for (const file of filesUnder(join(root, folder))) {
      const rel = relative(root, file);
      const edges = [];
      for (const { spec } of importsOf(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('node:')) {
          if (Array.isArray(rule.node) ? !rule.node.includes(spec) : !rule.node) problems.push(`${rel} imports ${spec}: ${folder}/ must run outside Node too`);
          continue;
        }
        if (!spec.startsWith('.')) continue;
        const target = resolveLocal(file, spec);
        const top = relative(root, target).split(/[\\/]/)[0];
        if (!rule.may.includes(top)) problems.push(`${rel} imports ${relative(root, target)}: ${folder}/ may import only ${rule.may.join(', ')}`);
        edges.push(target);
      }
      graph.set(file, edges);
    }
  }
  for (const cycle of findCycles(graph)) problems.push(`import cycle: ${cycle.map((f) => relative(root, f)).join(' → ')}`);
  return problems;
}

function findCycles(graph) {
  const cycles = [];
  const state = new Map();
  const stack = [];
  const visit = (node) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const problems = checkBoundaries();
  for (const p of problems) process.stderr.write(`${p}\n`);
  process.stdout.write(problems.length ? `${problems.length} boundary problem(s)\n` : 'boundaries hold\n');
  process.exit(problems.length ? 1 : 0);
}
