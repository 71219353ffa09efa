import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getUrl, ROOT, startServer, type RunningServer } from '../helpers/server';

/**
 * The CLI as a user outside this repository gets it (README "Use it from anywhere"): the lines
 * of that README block, run as written in a shell, pack cli/ and install the tarball into a
 * temporary global prefix, save the server with `share login`, and publish from a folder outside
 * the repository; then `share list`, `share revoke`, `share skill install` and `npx --package`
 * run from there too. npm runs with --offline: the package has no dependencies, so no registry
 * is needed.
 */
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'cli', 'package.json'), 'utf8')) as { name: string; version: string };
const TARBALL = `${PACKAGE.name.replace(/^@/, '').replace('/', '-')}-${PACKAGE.version}.tgz`;

let server: RunningServer;
/** A fresh HOME (so `~` is outside the repository), a global prefix, an npm cache: nothing of the machine's. */
let home: string;
let prefix: string;
let project: string;
let env: Record<string, string | undefined>;

interface Run { code: number; stdout: string; stderr: string }

function run(file: string, args: string[], cwd: string, extra: Record<string, string | undefined> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env: { ...env, ...extra }, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** The ```sh block under README's "### Use it from anywhere", one command per line (comments dropped). */
function readmeBlock(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Use it from anywhere'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean);
}

beforeAll(async () => {
  server = await startServer();
  home = mkdtempSync(join(tmpdir(), 'share-home-'));
  prefix = mkdtempSync(join(tmpdir(), 'share-prefix-'));
  project = join(home, 'my-prototype');
  mkdirSync(project);
  writeFileSync(join(project, 'index.html'), `<!doctype html><link rel="stylesheet" href="style.css"><h1>from anywhere ${Date.now()}</h1>`);
  writeFileSync(join(project, 'style.css'), 'h1 { color: teal }');
  const { XDG_CONFIG_HOME: _ignored, SHARE_SERVER: _also, ...rest } = process.env;
  env = {
    ...rest, HOME: home, NO_COLOR: '1', PATH: `${join(prefix, 'bin')}${delimiter}${process.env.PATH}`,
    npm_config_prefix: prefix, npm_config_cache: join(home, '.npm'), npm_config_offline: 'true',
    npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false',
  };
}, 180_000);
afterAll(async () => {
  await server?.stop();
  rmSync(join(ROOT, TARBALL), { force: true });
});

describe('the CLI package, installed from a tarball', () => {
  let link = '';

  it('README "use it from anywhere": packs, installs into a global prefix, logs in and publishes from a folder outside the repository', async () => {
    const lines = readmeBlock();
    expect(lines).toEqual([
      'npm install -g "$(npm pack ./cli --silent)"',
      'share login http://localhost:8787',
      'cd ~/my-prototype && share ./index.html',
    ]);
    expect(project.startsWith(ROOT)).toBe(false);
    const script = ['set -e', ...lines].join('\n').replaceAll('http://localhost:8787', server.url);
    const res = await run('/bin/sh', ['-c', script], ROOT);
    expect(res.code, res.stderr).toBe(0);
    link = res.stdout.trim().split('\n').at(-1)!;
    expect(link).toMatch(/^http:\/\/[0-9a-z]{14}\.localhost:\d+\/$/);
    expect(res.stderr).toContain(`saved: share now uses ${server.url}`);
    const page = await getUrl(link);
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('from anywhere');
    expect((await getUrl(`${link}style.css`)).status).toBe(200);
    // It ran the installed package, not the clone: `share` is the prefix's, and the state is in ~/.config.
    expect(execFileSync('/bin/sh', ['-c', 'command -v share'], { env }).toString().trim()).toBe(join(prefix, 'bin', 'share'));
    expect(existsSync(join(home, '.config', 'share', 'state.json'))).toBe(true);
  }, 180_000);

  it('the tarball holds the bundled CLI, SKILL.md, a README and a licence, and depends on nothing', () => {
    const files = execFileSync('tar', ['tzf', join(ROOT, TARBALL)]).toString().trim().split('\n').sort();
    expect(files).toEqual(['package/LICENSE', 'package/README.md', 'package/SKILL.md', 'package/bin/share.mjs', 'package/dist/share.mjs', 'package/package.json']);
    const manifest = JSON.parse(execFileSync('tar', ['xzOf', join(ROOT, TARBALL), 'package/package.json']).toString()) as Record<string, unknown>;
    expect(manifest.name).toMatch(/^@[a-z0-9-]+\/[a-z0-9-]+$/);
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'bundleDependencies']) expect(manifest[field], field).toBeUndefined();
    expect(manifest.engines).toEqual({ node: '>=20' });
    const installed = join(prefix, 'lib', 'node_modules', ...PACKAGE.name.split('/'));
    expect(readFileSync(join(installed, 'SKILL.md'), 'utf8')).toBe(readFileSync(join(ROOT, 'skill', 'SKILL.md'), 'utf8'));
    expect(readFileSync(join(installed, 'dist', 'share.mjs'))).toEqual(readFileSync(join(ROOT, 'skill', 'scripts', 'share.mjs')));
    expect(existsSync(join(installed, 'node_modules'))).toBe(false);
  });

  it('share --version is the package\'s version; share list and share revoke work from the outside folder', async () => {
    expect((await run('share', ['--version'], project)).stdout).toBe(`${PACKAGE.version}\n`);
    const list = await run('share', ['list', '--json'], project);
    expect(list.code, list.stderr).toBe(0);
    const rows = JSON.parse(list.stdout) as { url: string; state: string; source: string }[];
    expect(rows).toEqual([expect.objectContaining({ url: link, state: 'live', source: join(project, 'index.html') })]);
    const revoke = await run('share', ['revoke', link], project);
    expect(revoke.code, revoke.stderr).toBe(0);
    expect(revoke.stdout).toBe(`revoked ${link}\n`);
    expect((await getUrl(link)).status).toBe(410);
    const after = JSON.parse((await run('share', ['list', '--json'], project)).stdout) as { state: string }[];
    expect(after[0].state).toBe('revoked');
  }, 60_000);

  it('share skill install works from the installed package: SKILL.md and the one-file CLI, which runs', async () => {
    const res = await run('share', ['skill', 'install'], project);
    expect(res.code, res.stderr).toBe(0);
    const skillDir = join(home, '.claude', 'skills', 'share');
    expect(res.stdout).toBe(`${skillDir}\n`);
    expect(readFileSync(join(skillDir, 'SKILL.md'), 'utf8')).toBe(readFileSync(join(ROOT, 'skill', 'SKILL.md'), 'utf8'));
    const version = await run(process.execPath, [join(skillDir, 'scripts', 'share.mjs'), '--version'], project);
    expect(version.stdout).toBe(`${PACKAGE.version}\n`);
  }, 60_000);

  it('npx --package <tarball> share ./index.html works offline from the outside folder', async () => {
    writeFileSync(join(project, 'index.html'), '<!doctype html><h1>through npx</h1>');
    const res = await run('npx', ['--yes', '--package', join(ROOT, TARBALL), 'share', './index.html', '--new'], project);
    expect(res.code, res.stderr).toBe(0);
    const page = await getUrl(res.stdout.trim());
    expect(page.body.toString()).toContain('through npx');
  }, 120_000);
});

describe('the CLI linked from a clone (npm install -g ./cli)', () => {
  it('runs, and share skill install copies the package\'s SKILL.md (the generated copy of skill/SKILL.md) and its bundle', async () => {
    const linked = mkdtempSync(join(tmpdir(), 'share-linked-'));
    const res = await run('npm', ['install', '-g', '--prefix', linked, './cli'], ROOT);
    expect(res.code, res.stderr).toBe(0);
    const share = join(linked, 'bin', 'share');
    const install = await run(share, ['skill', 'install', '--project'], project);
    expect(install.code, install.stderr).toBe(0);
    const skillDir = join(project, '.claude', 'skills', 'share');
    expect(readdirSync(skillDir).sort()).toEqual(['SKILL.md', 'scripts']);
    expect(readFileSync(join(skillDir, 'SKILL.md'), 'utf8')).toBe(readFileSync(join(ROOT, 'skill', 'SKILL.md'), 'utf8'));
    expect(readFileSync(join(skillDir, 'scripts', 'share.mjs'))).toEqual(readFileSync(join(ROOT, 'cli', 'dist', 'share.mjs')));
  }, 120_000);
});
