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
 * The folder holding SKILL.md and scripts/share.mjs. In the bundle, this code runs from
 * <skill>/scripts/share.mjs, so the skill is one level up — true in the repository and in an
 * installed skill folder alike; from the TypeScript sources it is the repository's skill/.
 */
export function skillSource(): string {
  const here = dirname(fileURLToPath((globalThis as { __shareCliUrl?: string }).__shareCliUrl ?? import.meta.url));
  for (const dir of [resolve(here, '..'), resolve(here, '..', 'skill')]) {
    if (existsSync(join(dir, 'SKILL.md')) && existsSync(join(dir, 'scripts', 'share.mjs'))) return dir;
  }
  throw new CliError(`cannot find SKILL.md next to the CLI (looked near ${here}); reinstall the share CLI`);
}

export async function skill(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { project: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help || positionals.length === 0) return void process.stdout.write(`${skillHelp}\n`);
  if (positionals[0] !== 'install' || positionals.length > 1) throw new CliError(`unknown skill command "${positionals.join(' ')}" (see share skill --help)`, EXIT.usage);
  const from = skillSource();
  const target = values.project ? resolve('.claude', 'skills', 'share') : join(homedir(), '.claude', 'skills', 'share');
  mkdirSync(join(target, 'scripts'), { recursive: true });
  for (const file of ['SKILL.md', join('scripts', 'share.mjs')]) {
    if (resolve(from, file) !== resolve(target, file)) copyFileSync(join(from, file), join(target, file));
  }
  chmodSync(join(target, 'scripts', 'share.mjs'), 0o755);
  process.stdout.write(`${target}\n`);
  info(`installed the /share skill in ${target}`);
  info('It shares to $SHARE_SERVER, else "server" in ~/.config/share/config.json, else http://localhost:8787.');
  info('Set it with e.g. `export SHARE_SERVER=https://share.example.com`, or {"server": "https://share.example.com"} in that file.');
}
