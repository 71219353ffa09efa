// Bundles the CLI into one file that runs on plain Node 20 with no npm install, written twice,
// byte for byte: cli/dist/share.mjs (what the npm package @share-link/cli runs: cli/bin/share.mjs
// imports it) and skill/scripts/share.mjs (what the /share skill ships). Git stores one blob for
// both. It also copies into cli/ the files the package ships whose one source is elsewhere:
// skill/SKILL.md and LICENSE. `--check` fails if any checked-in copy is not what the sources
// give (CI runs it; so does `npm pack` in cli/, through its prepack script).
//
// Start-up time: `share --version` must stay within 1.3x of `node -e 0` (bench/cli-start.mjs),
// and V8 pays for every byte of code it parses, even code that never runs. So the commands are
// built as separate ES modules, compressed with brotli and embedded as base64 strings: the main
// file holds only the argument dispatch. A command's chunk is inflated (node:zlib) and imported
// from a data: URL when that command runs. The MCP server (SDK, zod, ajv: ~400 KB) is its own
// chunk, so publishing never loads it. The result is still one file with no dependencies.
//
// Stack traces (shown only with --debug or SHARE_DEBUG=1): a module imported from a data: URL
// would name its frames after the whole base64 URL (hundreds of kilobytes per frame), so each
// chunk gets a `//# sourceURL=<path of share.mjs>#<chunk>` comment when it is loaded, and the
// chunks keep their function names (esbuild keepNames). Node 20 does not apply source maps to
// data: modules, so names and a readable location are what a stack can show.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { build } from 'esbuild';
import { checkGenerated } from './generated.mjs';

// Paths below are the repository's, whichever folder this runs from (`npm pack` runs it from cli/).
const ROOT = resolve(import.meta.dirname, '..');
process.chdir(ROOT);
const check = process.argv.includes('--check');
/** Every copy of the bundle: the package's, then the skill's. */
const OUTFILES = ['cli/dist/share.mjs', 'skill/scripts/share.mjs'];
const { version } = JSON.parse(readFileSync('cli/package.json', 'utf8'));
const common = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  define: { __SHARE_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
};

/** Builds one chunk to a base64 brotli string. A data: module cannot createRequire from its own URL; builtins resolve from any path. */
async function chunk(contents) {
  const out = await build({
    ...common,
    keepNames: true,
    stdin: { contents, resolveDir: 'cli/commands', loader: 'ts' },
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(process.execPath);" },
    write: false,
    outfile: 'chunk.mjs',
  });
  const code = out.outputFiles[0].contents;
  return brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: code.byteLength } }).toString('base64');
}

const commands = await chunk(['publish', 'revoke', 'list', 'skill', 'doctor', 'versions', 'rollback', 'stats', 'feedback', 'allow', 'manage', 'admin', 'login', 'config'].map((c) => `export * from './${c}';`).join('\n'));
const mcp = await chunk("export { mcp } from './mcp';");

/** Replaces cli/load-command.ts with loaders of the embedded chunks. */
const embedCommands = {
  name: 'embed-commands',
  setup(b) {
    b.onResolve({ filter: /^\.\/load-command$/ }, () => ({ path: 'load-command', namespace: 'embed' }));
    b.onLoad({ filter: /.*/, namespace: 'embed' }, () => ({
      loader: 'js',
      contents: `import { brotliDecompressSync } from 'node:zlib';
const chunks = { commands: ${JSON.stringify(commands)}, mcp: ${JSON.stringify(mcp)} };
const loaded = {};
const named = (name) => Buffer.concat([brotliDecompressSync(Buffer.from(chunks[name], 'base64')), Buffer.from('\\n//# sourceURL=' + import.meta.url + '#' + name + '\\n')]);
const load = (name) => (loaded[name] ??= import('data:text/javascript;base64,' + named(name).toString('base64')));
export const loadCommand = { publish: () => load('commands'), revoke: () => load('commands'), list: () => load('commands'), skill: () => load('commands'), doctor: () => load('commands'), versions: () => load('commands'), rollback: () => load('commands'), stats: () => load('commands'), feedback: () => load('commands'), allow: () => load('commands'), manage: () => load('commands'), admin: () => load('commands'), login: () => load('commands'), config: () => load('commands'), mcp: () => load('mcp') };`,
    }));
  },
};

const result = await build({
  ...common,
  entryPoints: ['cli/index.ts'],
  banner: { js: '#!/usr/bin/env node' },
  plugins: [embedCommands],
  write: false,
  outfile: OUTFILES[0],
});
const bundle = new TextDecoder().decode(result.outputFiles[0].contents);
/** Every generated file and its content: the bundle twice, then the package's copies [from, to]. */
const generated = [
  ...OUTFILES.map((outfile) => [outfile, bundle]),
  ...[['skill/SKILL.md', 'cli/SKILL.md'], ['LICENSE', 'cli/LICENSE']].map(([from, to]) => [to, readFileSync(from, 'utf8')]),
];
for (const [outfile, content] of generated) {
  if (check) checkGenerated(outfile, content, 'npm run build:cli');
  else {
    mkdirSync(dirname(outfile), { recursive: true });
    writeFileSync(outfile, content);
  }
}
