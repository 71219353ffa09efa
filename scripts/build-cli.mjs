// Bundles the CLI into one file, skill/scripts/share.mjs, that runs on plain Node 20 with no
// npm install: the skill ships it and `npx share` runs it. `--check` fails if the checked-in
// bundle is not what the sources build (CI runs it).
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const check = process.argv.includes('--check');
const outfile = 'skill/scripts/share.mjs';
const { version } = JSON.parse(readFileSync('cli/package.json', 'utf8'));
const result = await build({
  entryPoints: ['cli/index.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  define: { __SHARE_VERSION__: JSON.stringify(version) },
  banner: { js: "#!/usr/bin/env node\nimport{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  write: !check,
  outfile,
  logLevel: 'warning',
});
if (check) {
  const built = new TextDecoder().decode(result.outputFiles[0].contents);
  let current = '';
  try { current = readFileSync(outfile, 'utf8'); } catch { /* missing */ }
  if (built !== current) {
    console.error(`${outfile} is out of date: run \`npm run build:cli\` and commit it.`);
    process.exit(1);
  }
  console.log(`${outfile} is current.`);
}
