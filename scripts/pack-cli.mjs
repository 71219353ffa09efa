// `npm pack` / `npm publish` in cli/ run this (prepack, postpack): the package @share-link/cli
// must hold everything it needs, and nothing outside cli/ is packed. Before packing it checks the
// bundle cli/dist/share.mjs is what the sources build, and copies the files whose one source of
// truth lives elsewhere in the repository (SKILL.md, the licence) into cli/; after packing it
// removes those copies again (they are git-ignored). Output goes to stderr, so
// `npm pack ./cli --silent` prints only the tarball's name.
import { execFileSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'cli');
/** Files copied into the package: [source in the repository, name in cli/]. */
export const COPIED = [['skill/SKILL.md', 'SKILL.md'], ['LICENSE', 'LICENSE']];

const step = process.argv[2];
if (step === 'prepack') {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs'), '--check'], { stdio: ['ignore', 2, 2] });
  for (const [from, to] of COPIED) copyFileSync(join(ROOT, from), join(CLI, to));
} else if (step === 'postpack') {
  for (const [, to] of COPIED) rmSync(join(CLI, to), { force: true });
} else {
  console.error('usage: node scripts/pack-cli.mjs prepack|postpack');
  process.exit(2);
}
