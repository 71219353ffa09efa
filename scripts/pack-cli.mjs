// `npm pack` / `npm publish` in cli/ run this first (prepack): the package @share-link/cli holds
// only cli/, so what it ships must be current there: the bundle cli/dist/share.mjs and the copies
// cli/SKILL.md and cli/LICENSE (scripts/build-cli.mjs writes them; their one source is
// skill/SKILL.md and LICENSE). It refuses to pack stale ones. Its output goes to stderr, so
// `npm pack ./cli --silent` prints only the tarball's name.
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
try {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs'), '--check'], { stdio: ['ignore', 2, 2] });
} catch {
  process.exit(1);
}
