import { chmodSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CliError, EXIT } from '../errors';
import { info } from '../output';

export const skillHelp = `Usage: share skill install [--project]

Install the /share skill for Claude Code: copies SKILL.md and the single-file CLI
(scripts/share.mjs, needs only Node 20) to ~/.claude/skills/share/, or with --project to
./.claude/skills/share/ in the current folder. Running it again updates the installed copy.

Options:
  --project    install into ./.claude/skills/share/ (this project only)
  -h, --help   show this help

Examples:
  npx share skill install
  npx share skill install --project`;

/**
 * The skill's two files: SKILL.md and the single-file CLI. The script is the bundle that is
 * running: `<skill>/scripts/share.mjs` in a skill folder, `<package>/dist/share.mjs` in the npm
 * package (installed, or linked from a clone); SKILL.md sits one folder above the script's folder
 * in both layouts. From the TypeScript sources (cli/index.ts): the repository's
 * skill/scripts/share.mjs and the package's copy cli/SKILL.md.
 */
export function skillFiles(): { skillMd: string; script: string } {
  const running = fileURLToPath((globalThis as { __shareCliUrl?: string }).__shareCliUrl ?? import.meta.url);
  const here = dirname(running);
  const bundled = running.endsWith('.mjs');
  const script = bundled ? running : resolve(here, '..', 'skill', 'scripts', 'share.mjs');
  const skillMd = resolve(here, bundled ? '..' : '.', 'SKILL.md');
  for (const file of [script, skillMd]) {
    if (!existsSync(file)) throw new CliError(`cannot find ${file} next to the CLI; reinstall the share CLI (see share's README, "Use it from anywhere")`);
  }
  return { skillMd, script };
}

export async function skill(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { project: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help || positionals.length === 0) return void process.stdout.write(`${skillHelp}\n`);
  if (positionals[0] !== 'install' || positionals.length > 1) throw new CliError(`unknown skill command "${positionals.join(' ')}" (see share skill --help)`, EXIT.usage);
  const from = skillFiles();
  const target = values.project ? resolve('.claude', 'skills', 'share') : join(homedir(), '.claude', 'skills', 'share');
  mkdirSync(join(target, 'scripts'), { recursive: true });
  for (const [source, file] of [[from.skillMd, 'SKILL.md'], [from.script, join('scripts', 'share.mjs')]]) {
    if (resolve(source) !== resolve(target, file)) copyFileSync(source, join(target, file));
  }
  chmodSync(join(target, 'scripts', 'share.mjs'), 0o755);
  process.stdout.write(`${target}\n`);
  info(`installed the /share skill in ${target}`);
  info('It shares to $SHARE_SERVER, else "server" in ~/.config/share/config.json, else http://localhost:8787.');
  info('Set yours once with `share login https://share.example.com` (it writes that file).');
}
