import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratch, tempConfigHome } from '../helpers/cli';
import { startNodeServer } from '../helpers/node-server';
import { getUrl, startServer, type RunningServer } from '../helpers/server';

/**
 * What a person reads from the CLI: each message says what happened, what it means for them and
 * what to do next, in their terms. Every test reads the real stderr/stdout of the bundled CLI.
 */
let server: RunningServer;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startServer();
  env = { SHARE_SERVER: server.url, XDG_CONFIG_HOME: tempConfigHome() };
});
afterAll(async () => { await server?.stop(); });

/** A one-page folder with a title, unique per call. */
const page = (title = `Page ${Math.random()}`) => scratch({ 'index.html': `<!doctype html><title>${title}</title><p>${Math.random()}</p>` });

describe('mistakes on the command line', () => {
  it('names an unknown option and the nearest real one, for every command', async () => {
    const typo = await runCli(['x.html', '--expire', '24h'], env);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe('share: unknown option --expire; did you mean --expires? (see share help publish)\n');
    const dash = await runCli(['x.html', '-json'], env);
    expect(dash.stderr).toBe('share: unknown option -json; did you mean --json? (see share help publish)\n');
    const cases: [string[], string, string][] = [
      [['revoke', 'x', '--serer', 'u'], '--server', 'revoke'],
      [['list', '--ofline'], '--offline', 'list'],
      [['ls', '--jsn'], '--json', 'list'],
      [['versions', 'x', '--jsn'], '--json', 'versions'],
      [['rollback', 'x', '--too', '2'], '--to', 'rollback'],
      [['stats', 'x', '--kye', 'k'], '--key', 'stats'],
      [['doctor', '--jsn'], '--json', 'doctor'],
      [['skill', 'install', '--projct'], '--project', 'skill'],
      [['mcp', '--print-confg'], '--print-config', 'mcp'],
      [['admin', 'keys', 'create', '--nme', 'x'], '--name', 'admin'],
    ];
    for (const [args, meant, command] of cases) {
      const res = await runCli(args, env);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr, args.join(' ')).toBe(`share: unknown option ${args.find((a) => a.startsWith('--'))}; did you mean ${meant}? (see share help ${command})\n`);
    }
  });

  it('says which flag needs a value, and that a command takes no extra word', async () => {
    const missing = await runCli(['x.html', '--server'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('share: --server needs a value, e.g. --server URL (see share help publish)\n');
    const extra = await runCli(['list', 'everything'], env);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toBe('share: unexpected argument everything: share list takes none (see share help list)\n');
  });

  it('treats a word that is neither a command nor a file here as an unknown command', async () => {
    const lst = await runCli(['lst'], env);
    expect(lst.code).toBe(2);
    expect(lst.stderr).toBe('share: unknown command lst; did you mean list? (see share help list)\n');
    const revok = await runCli(['revok', 'https://k3x9m2p7q4zr7a.localhost/'], env);
    expect(revok.code).toBe(2);
    expect(revok.stderr).toBe('share: unknown command revok; did you mean revoke? (see share help revoke)\n');
    const far = await runCli(['banana'], env);
    expect(far.stderr).toMatch(/^share: unknown command banana, and there is no file or folder named banana here\. Commands: publish, revoke, list, .* \(see share --help\)\n$/);
    // A file or folder of that name is shared as before.
    const dir = scratch({ 'lst/index.html': '<p>a folder named lst</p>' });
    const shared = await runCli(['lst'], env, dir);
    expect(shared.code, shared.stderr).toBe(0);
    expect(shared.stdout).toMatch(/^http:\/\/[0-9a-z]{14}\./);
  });

  it('share help <unknown> says so and exits 2; share help ls is list\'s help', async () => {
    const foo = await runCli(['help', 'foo'], env);
    expect(foo.code).toBe(2);
    expect(foo.stdout).toBe('');
    expect(foo.stderr).toMatch(/^share: unknown command foo\. Commands: publish, /);
    const lst = await runCli(['help', 'lst'], env);
    expect(lst.stderr).toBe('share: unknown command lst; did you mean list? (see share help list)\n');
    expect((await runCli(['help', 'ls'], env)).stdout).toMatch(/^Usage: share list/);
  });
});

describe('help text', () => {
  const commands = ['publish', 'revoke', 'list', 'versions', 'rollback', 'stats', 'feedback', 'manage', 'login', 'config', 'doctor', 'skill', 'mcp', 'admin'];

  it('lines up every option\'s description in one column, continuation lines included', async () => {
    for (const command of commands) {
      const help = (await runCli(['help', command], env)).stdout;
      const section = /\nOptions:\n([\s\S]*?)(\n\n|$)/.exec(help)?.[1] ?? '';
      const lines = section.split('\n').filter(Boolean);
      expect(lines.length, command).toBeGreaterThan(0);
      const columns = new Set(lines.map((l) => (l.startsWith('  -') ? /^( {2}-\S*(?: \S+)?\s{2,})\S/.exec(l)?.[1].length : l.search(/\S/))));
      expect([...columns], `${command}:\n${section}`).toHaveLength(1);
    }
  });

  it('share --help names the lifecycle options with the others', async () => {
    const help = (await runCli(['--help'], env)).stdout;
    const summary = help.slice(help.indexOf('Options for share <path>'), help.indexOf('--debug'));
    for (const flag of ['--expires WHEN', '--max-views N', '--password [PW]', '--key KEY']) expect(summary).toContain(flag);
  });
});

describe('after a publish', () => {
  it('says when the link stops working, in the same words in stderr and --json', async () => {
    const res = await runCli([page(), '--json'], env);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as { expiresAt: string; expiry: string };
    const at = new Date(out.expiresAt);
    const when = `${at.getUTCDate()} ${at.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' })} ${at.getUTCFullYear()} at ${at.toISOString().slice(11, 16)} UTC`;
    expect(out.expiry).toMatch(new RegExp(`^expires in 7 days, on [A-Z][a-z]{2} ${when}$`));
    expect(res.stderr).toContain(`the link ${out.expiry}\n`);
    const guarded = await runCli([page(), '--expires', '1h', '--max-views', '3', '--password=pw-1'], env);
    expect(guarded.stderr).toMatch(/the link expires in 1 hour, on .* UTC; visitors need the password; 3 page views left\n/);
  });

  it('sharing the same files again keeps the version and says "unchanged"', async () => {
    const dir = page('Same');
    const first = await runCli([dir], env);
    const again = await runCli([dir, '--json'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ url: first.stdout.trim(), version: 1, updated: false, unchanged: true, sentBytes: 0 });
    expect(again.stderr).toContain('unchanged: the link already shows this file (version 1), so nothing was sent\n');
    expect(again.stderr).not.toContain('updated');
    const versions = await runCli(['versions', first.stdout.trim()], env);
    expect(versions.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('--json carries the page\'s <title>, and the new one after an update', async () => {
    const dir = page('First title');
    const first = JSON.parse((await runCli([dir, '--json'], env)).stdout) as { title: string; entry: string };
    expect(first).toMatchObject({ title: 'First title', entry: 'index.html' });
    writeFileSync(join(dir, 'index.html'), '<title>Second &amp; last</title><p>new</p>');
    expect(JSON.parse((await runCli([dir, '--json'], env)).stdout)).toMatchObject({ title: 'Second & last', version: 2, updated: true, unchanged: false });
  });

  it('leaves .gitignore and .shareignore out, like .env', async () => {
    const dir = scratch({ 'index.html': '<p>rules</p>', '.gitignore': 'notes.md\n', '.shareignore': 'draft.html\n', 'sub/.gitignore': 'x\n', 'notes.md': 'n', 'draft.html': 'd', '.env': 'A=1' });
    const res = await runCli([dir, '--json'], env);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as { url: string; paths: string[] };
    expect(out.paths).toEqual(['index.html']);
    for (const path of ['.gitignore', '.shareignore', 'sub/.gitignore', '.env']) expect((await getUrl(`${out.url}${path}`)).status, path).toBe(404);
  });
});

describe('share list and share versions', () => {
  it('shows what it sorts by (last update, newest first) and where revoked links came from', async () => {
    const own = { ...env, XDG_CONFIG_HOME: tempConfigHome() };
    const a = page();
    const b = page();
    const linkA = (await runCli([a], own)).stdout.trim();
    const linkB = (await runCli([b], own)).stdout.trim();
    writeFileSync(join(a, 'index.html'), '<p>a again</p>');
    expect((await runCli([a], own)).code).toBe(0);
    expect((await runCli(['revoke', linkB], own)).code).toBe(0);
    const listed = await runCli(['list'], own);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    // B was revoked after A's update: it is the most recent change.
    expect(lines[0]).toMatch(new RegExp(`^${linkB}  revoked  updated \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  ${b}$`));
    expect(lines[1]).toMatch(new RegExp(`^${linkA}  live  updated \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  expires \\S+ \\S+  ${a}$`));
    expect((await runCli(['help', 'list'], own)).stdout).toContain('most recently\ncreated or updated first');
    // The revoked link keeps its source for the list, but sharing that path again makes a new link.
    const fresh = await runCli([b], own);
    expect(fresh.stdout.trim()).not.toBe(linkB);
  });

  it('says the server could not be reached and exits 3, instead of listing everything as unknown with 0', async () => {
    const node = await startNodeServer();
    const own = { SHARE_SERVER: node.url, XDG_CONFIG_HOME: tempConfigHome() };
    const link = (await runCli([page()], own)).stdout.trim();
    await node.stop();
    const listed = await runCli(['list'], own);
    expect(listed.code).toBe(3);
    expect(listed.stdout).toContain(`${link}  unknown`);
    expect(listed.stderr).toBe(`share: cannot reach the share server at ${node.url} (connection refused). Start it with \`npm start\` in a clone of share. The address comes from SHARE_SERVER; to use another server run \`share login <server URL>\`. The states listed are unknown; pass --offline to list without asking the server\n`);
    const offline = await runCli(['list', '--offline'], own);
    expect(offline.code).toBe(0);
  });

  it('share versions of a revoked link says it was revoked, and exits 1', async () => {
    const link = (await runCli([page()], env)).stdout.trim();
    expect((await runCli(['revoke', link], env)).code).toBe(0);
    const res = await runCli(['versions', link], env);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(`share: ${link} was revoked, so it has no versions any more; every URL of it answers 410 Gone. Share the files again for a new link\n`);
  });
});
