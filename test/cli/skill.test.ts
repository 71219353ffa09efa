import { spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempConfigHome } from '../helpers/cli';
import { getUrl, ROOT, startServer, type RunningServer } from '../helpers/server';

/**
 * The "done when" of the skill: in a scratch folder, install the skill, then run exactly the
 * commands SKILL.md tells Claude to run, against a running server.
 */
let server: RunningServer;
let env: Record<string, string>;
const SKILL_MD = readFileSync(join(ROOT, 'skill', 'SKILL.md'), 'utf8');

const SCRIPT = 'node "<skill-dir>/scripts/share.mjs"';

/** Command lines from SKILL.md's ```sh blocks that run the skill's script. */
function skillCommands(): string[] {
  const blocks = [...SKILL_MD.matchAll(/```(?:sh|bash)\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks.flatMap((b) => b.split('\n')).map((l) => l.trim()).filter((l) => l.startsWith(SCRIPT));
}

/**
 * Runs one documented command line as an agent would: placeholders replaced by the real values
 * (inside the line's own quotes), then the whole line given to a shell.
 */
function runDocumented(line: string, skillDir: string, fill: Record<string, string>, cwd: string) {
  let command = line.replaceAll('<skill-dir>', skillDir);
  for (const [placeholder, value] of Object.entries(fill)) command = command.replaceAll(placeholder, value);
  expect(command, `unfilled placeholder in: ${line}`).not.toMatch(/<[a-z-]+>/);
  for (const value of [skillDir, ...Object.values(fill)]) expect(value, 'no shell-special characters inside double quotes').not.toMatch(/["$`\\]/);
  const r = spawnSync('/bin/sh', ['-c', command], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Claude Code's Bash permission rule: `*` matches any run of characters. */
const ruleMatches = (rule: string, command: string) => new RegExp(`^${rule.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(command);

/** A project folder whose path has spaces and an apostrophe, as on many laptops. */
function scratchProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "share proj's folder "));
  writeFileSync(join(dir, 'index.html'), `<!doctype html><link rel="stylesheet" href="style.css"><script src="app.js"></script><h1>Hello ${Date.now()}</h1>`);
  writeFileSync(join(dir, 'style.css'), 'h1 { color: rebeccapurple }');
  writeFileSync(join(dir, 'app.js'), 'document.title = "app";');
  return dir;
}

beforeAll(async () => {
  server = await startServer();
  env = { SHARE_SERVER: server.url, XDG_CONFIG_HOME: tempConfigHome(), HOME: mkdtempSync(join(tmpdir(), 'share-home-')) };
});
afterAll(async () => { await server?.stop(); });

describe('SKILL.md', () => {
  it('has the frontmatter Claude needs: what, when and when not within the first 250 characters of the description', () => {
    const front = /^---\n([\s\S]*?)\n---\n/.exec(SKILL_MD)?.[1] ?? '';
    expect(front).toMatch(/^name: share$/m);
    const description = /^description: (.+)$/m.exec(front)?.[1] ?? '';
    const listed = description.slice(0, 250);
    expect(listed).toBe(description);
    for (const word of ['Publish', 'public link', 'revoke', 'update', 'Use when', 'share', 'give me a link', 'send this to', 'Do not use']) expect(listed).toContain(word);
    expect(listed).toMatch(/Do not use [^.]+\.$/);
  });

  it('pre-approves exactly its own script in allowed-tools, and every documented command matches it', () => {
    const front = /^---\n([\s\S]*?)\n---\n/.exec(SKILL_MD)?.[1] ?? '';
    const rules = [...(/^allowed-tools:\n((?: {2}- .+\n?)+)/m.exec(`${front}\n`)?.[1] ?? '').matchAll(/- (.+)/g)].map((m) => m[1].trim());
    expect(rules).toEqual(['Bash(node "${CLAUDE_SKILL_DIR}/scripts/share.mjs" *)']);
    const skillDir = '/Users/jo/my skills/share';
    const patterns = rules.map((r) => /^Bash\((.*)\)$/.exec(r)![1].replaceAll('${CLAUDE_SKILL_DIR}', skillDir));
    const commands = skillCommands();
    expect(commands.length).toBeGreaterThanOrEqual(4);
    for (const line of commands) {
      const command = line.replaceAll('<skill-dir>', skillDir).replace('<path>', '/tmp/a b/index.html').replace('<link>', 'https://x.example/');
      expect(patterns.some((p) => ruleMatches(p, command)), command).toBe(true);
    }
    for (const other of ['node -e "require(1)"', 'node /tmp/evil.mjs', `node "${skillDir}/scripts/other.mjs" x`]) expect(patterns.some((p) => ruleMatches(p, other)), other).toBe(false);
  });

  it('names only flags the CLI has', async () => {
    const helps = await Promise.all([['--help'], ['help', 'publish'], ['help', 'revoke'], ['help', 'list'], ['help', 'skill'], ['help', 'mcp'], ['help', 'feedback']].map((a) => runCli(a)));
    const known = new Set(helps.flatMap((h) => h.stdout.match(/--[a-z][a-z-]*/g) ?? []));
    expect(known.has('--allow-secrets')).toBe(true);
    const named = new Set(SKILL_MD.match(/(?<![\w-])--[a-z][a-z-]*/g) ?? []);
    expect(named.size).toBeGreaterThan(3);
    for (const flag of named) expect(known.has(flag), `SKILL.md names ${flag}, which no --help lists`).toBe(true);
  });

  it('documents every exit code the CLI defines', () => {
    const errors = readFileSync(join(ROOT, 'cli', 'errors.ts'), 'utf8');
    const codes = [...(/EXIT = \{([^}]*)\}/.exec(errors)?.[1] ?? '').matchAll(/:\s*(\d+)/g)].map((m) => m[1]).filter((c) => c !== '0');
    expect(codes.length).toBeGreaterThan(3);
    for (const code of codes) expect(SKILL_MD, `exit ${code}`).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });
});

describe('npx share skill install, then the documented commands', () => {
  it('installs into ./.claude/skills/share with --project, and the installed copy shares, updates, refuses secrets and revokes', async () => {
    const project = scratchProject();
    const install = await runCli(['skill', 'install', '--project'], env, project);
    expect(install.code).toBe(0);
    const skillDir = join(project, '.claude', 'skills', 'share');
    expect(install.stdout.trim()).toBe(skillDir);
    expect(install.stderr).toContain('SHARE_SERVER');
    expect(readFileSync(join(skillDir, 'SKILL.md'), 'utf8')).toBe(SKILL_MD);
    expect(existsSync(join(skillDir, 'scripts', 'share.mjs'))).toBe(true);

    const commands = skillCommands();
    const share = commands.find((c) => c.endsWith('"<path>"'))!;
    const shareJson = commands.find((c) => c.endsWith('"<path>" --json'))!;
    const revoke = commands.find((c) => c.includes(' revoke "<link>"'))!;
    const list = commands.find((c) => c.endsWith(' list'))!;
    expect([share, shareJson, revoke, list].every(Boolean)).toBe(true);
    const page = join(project, 'index.html');

    const first = runDocumented(share, skillDir, { '<path>': page }, project);
    expect(first.code, first.stderr).toBe(0);
    const link = first.stdout.trim();
    expect(first.stdout).toMatch(/^http:\/\/[0-9a-z]{14}\.localhost:\d+\/\n$/);
    const html = await getUrl(link);
    expect(html.status).toBe(200);
    expect(html.body.toString()).toContain('<h1>Hello');
    expect((await getUrl(`${link}style.css`)).body.toString()).toBe('h1 { color: rebeccapurple }');
    expect((await getUrl(`${link}app.js`)).headers['content-type']).toBe('text/javascript; charset=utf-8');
    // In a real browser: the stylesheet applies and the script runs.
    const browser = await chromium.launch({
      executablePath: '/usr/lib/chromium/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const tab = await browser.newPage();
      await tab.goto(link);
      expect(await tab.title()).toBe('app');
      expect(await tab.evaluate("getComputedStyle(document.querySelector('h1')).color")).toBe('rgb(102, 51, 153)');
    } finally {
      await browser.close();
    }

    // An edit, shared again with the same command: same link, new content, only the page sent.
    writeFileSync(page, readFileSync(page, 'utf8').replace('<h1>Hello', '<h1>Edited'));
    const again = runDocumented(shareJson, skillDir, { '<path>': page }, project);
    expect(again.code, again.stderr).toBe(0);
    const out = JSON.parse(again.stdout) as { url: string; updated: boolean; version: number; sentBytes: number };
    expect(out.url).toBe(link);
    expect(out.updated).toBe(true);
    expect(out.sentBytes).toBe(readFileSync(page).byteLength);
    expect((await getUrl(link)).body.toString()).toContain('<h1>Edited');

    // A fake Anthropic key is refused before anything is uploaded.
    const leaky = join(project, 'leaky.html');
    writeFileSync(leaky, `<script>const KEY = "${'sk-ant-'}api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBaXy12";</script>`);
    const refused = runDocumented(share, skillDir, { '<path>': leaky }, project);
    expect(refused.code).toBe(5);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('leaky.html:1 Anthropic API key (sk-ant-…Xy12)');
    expect(refused.stderr).toContain('--allow-secrets');
    expect(refused.stderr).not.toContain('Zx9Yw8Vu7Ts6');

    // The lifecycle command, as SKILL.md writes it: the limits apply, and stderr says them in the words SKILL.md quotes.
    const guarded = commands.find((c) => c.includes('--expires'))!;
    expect(guarded).toContain('--password "<password>"');
    const privatePage = join(project, 'private.html');
    writeFileSync(privatePage, '<p>for a few eyes</p>');
    const limited = runDocumented(guarded, skillDir, { '<path>': privatePage, '<password>': 'maple-river-42' }, project);
    expect(limited.code, limited.stderr).toBe(0);
    expect(limited.stderr).toMatch(/the link expires in 24 hours, on .* UTC; visitors need the password; 5 page views left\n/);
    expect(SKILL_MD).toContain('the link expires in 7 days, on Mon 7 Dec 2026 at');
    expect((await getUrl(limited.stdout.trim())).status).toBe(401);

    const listed = runDocumented(list, skillDir, {}, project);
    expect(listed.stdout).toContain(`${link}  live`);
    const revoked = runDocumented(revoke, skillDir, { '<link>': link }, project);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect((await getUrl(link)).status).toBe(410);
  });

  it('an installed copy can install itself elsewhere: the bundle finds SKILL.md next to it', async () => {
    const first = mkdtempSync(join(tmpdir(), 'share-proj-'));
    expect((await runCli(['skill', 'install', '--project'], env, first)).code).toBe(0);
    const second = mkdtempSync(join(tmpdir(), 'share-proj-'));
    const installed = join(first, '.claude', 'skills', 'share', 'scripts', 'share.mjs');
    const r = spawnSync(process.execPath, [installed, 'skill', 'install', '--project'], { cwd: second, env: { ...process.env, ...env }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(second, '.claude', 'skills', 'share', 'SKILL.md'), 'utf8')).toBe(SKILL_MD);
  });

  it('installs into ~/.claude/skills/share by default', async () => {
    const res = await runCli(['skill', 'install'], env, mkdtempSync(join(tmpdir(), 'share-cwd-')));
    expect(res.code).toBe(0);
    expect(res.stdout.trim()).toBe(join(env.HOME, '.claude', 'skills', 'share'));
    expect(existsSync(join(env.HOME, '.claude', 'skills', 'share', 'SKILL.md'))).toBe(true);
  });
});

describe('sharing a folder again sends only what changed', () => {
  it('counts the bytes sent when one file of a folder changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'share-delta-'));
    mkdirSync(join(dir, 'img'));
    writeFileSync(join(dir, 'index.html'), '<p>v1</p>');
    writeFileSync(join(dir, 'img', 'big.bin'), Buffer.alloc(200_000, 7));
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
    const first = JSON.parse((await runCli([dir, '--json'], env)).stdout) as { sentBytes: number; totalBytes: number; url: string };
    expect(first.sentBytes).toBe(first.totalBytes);
    writeFileSync(join(dir, 'app.js'), 'console.log(22)');
    const second = await runCli([dir, '--json'], env);
    const out = JSON.parse(second.stdout) as { sentBytes: number; totalBytes: number; url: string };
    expect(out.url).toBe(first.url);
    expect(out.sentBytes).toBe('console.log(22)'.length);
    expect(second.stderr).toContain('sent 15 B');
  });

  it('skips what .gitignore and .shareignore list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'share-ign-'));
    writeFileSync(join(dir, 'index.html'), '<p>ignored</p>');
    writeFileSync(join(dir, '.gitignore'), 'notes.md\n');
    writeFileSync(join(dir, '.shareignore'), 'draft.html\n');
    writeFileSync(join(dir, 'notes.md'), 'private');
    writeFileSync(join(dir, 'draft.html'), 'draft');
    const url = (await runCli([dir], env)).stdout.trim();
    expect((await getUrl(`${url}notes.md`)).status).toBe(404);
    expect((await getUrl(`${url}draft.html`)).status).toBe(404);
    expect((await getUrl(url)).status).toBe(200);
  });

  it('warns about missing references on stderr and still shares', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'share-miss-'));
    writeFileSync(join(dir, 'page.html'), '<script src="gone.js"></script><img src="../outside.png"><script src="https://cdn.test/x.js"></script>');
    const res = await runCli([join(dir, 'page.html')], env);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('warning: missing: gone.js (referenced by page.html) was not found');
    expect(res.stderr).toContain('warning: not included: ../outside.png');
    expect(res.stderr).not.toContain('cdn.test');
  });

  it('--qr prints a QR code on stderr, stdout stays the link', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'share-qr-'));
    writeFileSync(join(dir, 'index.html'), '<p>qr</p>');
    const res = await runCli([dir, '--qr'], env);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^http:\S+\n$/);
    expect(res.stderr).toMatch(/[█▀▄]{10}/);
  });

  it.runIf(process.platform === 'linux')('--open hands the link to xdg-open', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'share-bin-'));
    const opened = join(bin, 'opened.txt');
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\necho "$1" > "${opened}"\n`, { mode: 0o755 });
    const dir = mkdtempSync(join(tmpdir(), 'share-open-'));
    writeFileSync(join(dir, 'index.html'), '<p>open</p>');
    const res = await runCli([dir, '--open'], { ...env, PATH: `${bin}:${process.env.PATH}` });
    expect(res.code).toBe(0);
    for (let i = 0; i < 50 && !existsSync(opened); i++) await new Promise((r) => setTimeout(r, 20));
    expect(readFileSync(opened, 'utf8').trim()).toBe(res.stdout.trim());
  });
});
