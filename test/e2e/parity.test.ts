import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser';
import { runCli, tempConfigHome } from '../helpers/cli';
import { getUrl, ROOT } from '../helpers/server';
import { app, createLink, folder, items, pickFolder, settled } from './helpers';

/**
 * Parity: ONE fixture folder through the three clients — the CLI (a child process), the web app
 * (Chromium) and the local MCP tool (`share mcp` through the SDK's stdio client) — against one
 * running server. All three must publish the same files and give the same refusals and warnings,
 * because all three run the core's one collect step (core/bundle.ts).
 */

/** 40 characters that look like a real key's tail (digits and both cases), built at run time: the repository holds no key. */
function randomTail(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (;;) {
    const s = Array.from(randomBytes(40), (b) => alphabet[b % alphabet.length]).join('');
    if (/[0-9]/.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s)) return s;
  }
}
const KEY = `${'sk-ant-'}api03-${randomTail()}`;
const FINDING = `js/config.js:2 Anthropic API key (sk-ant-…${KEY.slice(-4)})`;

const dir = folder({
  'index.html': '<!doctype html><title>Parity</title><link rel="stylesheet" href="css/site.css"><script src="js/config.js"></script><a href="about/">About</a>',
  '._index.html': '\u0000\u0005\u0016\u0007 AppleDouble',
  'css/site.css': 'body { color: rgb(1, 2, 3); }',
  'js/config.js': `// settings\nconst KEY = "${KEY}";\n`,
  'about/index.html': '<!doctype html><title>About</title><p>nested page</p>',
  '.gitignore': 'debug.log\n',
  'debug.log': 'private notes',
  'lone/dashboard.html': '<title>Dash</title><link rel="stylesheet" href="style.css"><script src="app.js"></script><img src="logo.png">',
});
const LONE = join(dir, 'lone', 'dashboard.html');
const FOLDER_FILES = ['about/index.html', 'css/site.css', 'index.html', 'js/config.js', 'lone/dashboard.html'];
const LEFT_OUT = ['debug.log', '._index.html', '.gitignore'];
const LONE_WARNINGS = ['style.css', 'app.js', 'logo.png'].map((f) => `missing: ${f} (referenced by dashboard.html) was not found`);
const SECRET_WARNING = `sharing 1 likely secret on purpose: ${FINDING}`;

let ctx: BrowserContext;
let page: Page;
let mcp: Client;
const cliEnv = () => ({ SHARE_SERVER: app(), XDG_CONFIG_HOME: tempConfigHome() });

type ToolText = { content: { text: string }[]; isError?: boolean };
const call = async (args: Record<string, unknown>) => {
  const res = (await mcp.callTool({ name: 'share_path', arguments: args })) as ToolText;
  return { ...res, text: res.content.map((c) => c.text).join('\n') };
};
/** share_path's answer: the link, then "Files: a, b, c.", then one `warning:` line each. */
const mcpFiles = (text: string) => text.match(/^Files: (.*)\.$/m)![1].split(', ').sort();
const mcpWarnings = (text: string) => text.split('\n').filter((l) => l.startsWith('warning: ')).map((l) => l.slice('warning: '.length));

/** What a link serves for each fixture path: the published file list as a visitor sees it. */
async function served(link: string): Promise<string[]> {
  const out: string[] = [];
  for (const p of [...FOLDER_FILES, ...LEFT_OUT]) if ((await getUrl(`${link}${p}`)).status === 200) out.push(p);
  return out.sort();
}

beforeAll(async () => {
  ctx = await launchBrowser();
  page = await ctx.newPage();
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
  mcp = new Client({ name: 'parity-test', version: '1.0.0' });
  await mcp.connect(new StdioClientTransport({ command: process.execPath, args: [join(ROOT, 'cli', 'bin', 'share.mjs'), 'mcp'], env: { ...env, ...cliEnv(), NO_COLOR: '1' }, stderr: 'pipe' }));
});
afterAll(async () => {
  await mcp?.close();
  await ctx?.close();
});

describe('one fixture, three clients, the same answers', () => {
  it('the same refusal: the fake key as file:line with a redacted preview, nothing published', async () => {
    const cli = await runCli([dir, '--json'], cliEnv());
    expect(cli.code).toBe(5);
    expect(cli.stdout).toBe('');
    expect(cli.stderr).toContain(FINDING);

    const tool = await call({ path: dir });
    expect(tool.isError).toBe(true);
    expect(tool.text).toContain(FINDING);

    await pickFolder(page, dir);
    expect(await items(page, '.secrets')).toEqual([FINDING]);
    expect(await page.getByRole('button', { name: 'Create link' }).isDisabled()).toBe(true);

    for (const text of [cli.stderr, tool.text, await page.locator('.secrets').textContent()]) expect(text).not.toContain(KEY.slice(12, -4));
  });

  it('published anyway on purpose: the same files (no .gitignore\'d file, no ._ twin, the nested page kept) and the same warning', async () => {
    const cli = await runCli([dir, '--json', '--allow-secrets'], cliEnv());
    expect(cli.code, cli.stderr).toBe(0);
    const cliOut = JSON.parse(cli.stdout) as { url: string; paths: string[]; warnings: string[] };

    const tool = await call({ path: dir, allowSecrets: true });
    expect(tool.isError, tool.text).toBeFalsy();

    await page.getByLabel('Publish anyway — this key will be public').check();
    await expect.poll(() => page.getByRole('button', { name: 'Create link' }).isEnabled()).toBe(true);
    const webFiles = (await items(page, 'details.files')).sort();
    const webWarnings = await items(page, '.notes');
    const webLink = await createLink(page);

    expect(cliOut.paths.sort()).toEqual(FOLDER_FILES);
    expect(mcpFiles(tool.text)).toEqual(FOLDER_FILES);
    expect(webFiles).toEqual(FOLDER_FILES);
    expect(cliOut.warnings).toEqual([SECRET_WARNING]);
    expect(mcpWarnings(tool.text)).toEqual([SECRET_WARNING]);
    expect(webWarnings).toEqual([SECRET_WARNING]);
    // What each link actually serves.
    for (const link of [cliOut.url, tool.text.split('\n')[0], webLink]) expect(await served(link), link).toEqual(FOLDER_FILES);
  });

  it('a lone HTML file with missing references: the same file and the same warnings from all three', async () => {
    const cli = await runCli([LONE, '--json'], cliEnv());
    expect(cli.code, cli.stderr).toBe(0);
    const cliOut = JSON.parse(cli.stdout) as { paths: string[]; warnings: string[] };

    const tool = await call({ path: LONE });
    expect(tool.isError, tool.text).toBeFalsy();

    await page.goto(app());
    await page.locator('#pick-files').setInputFiles(LONE);
    await settled(page);
    const webWarnings = await items(page, '.missing');
    expect(await page.getByRole('button', { name: 'Create link' }).isDisabled()).toBe(true);
    const webFiles = await items(page, 'details.files');

    expect(cliOut.paths).toEqual(['dashboard.html']);
    expect(mcpFiles(tool.text)).toEqual(['dashboard.html']);
    expect(webFiles).toEqual(['dashboard.html']);
    expect(cliOut.warnings).toEqual(LONE_WARNINGS);
    expect(mcpWarnings(tool.text)).toEqual(LONE_WARNINGS);
    expect(webWarnings).toEqual(LONE_WARNINGS);
  });
});
