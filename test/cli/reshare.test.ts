import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratch, tempConfigHome } from '../helpers/cli';
import { getUrl, startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
beforeAll(async () => { server = await startServer(); });
afterAll(async () => { await server?.stop(); });

/** A user's machine: one config home for the whole sequence. */
const machine = () => ({ SHARE_SERVER: server.url, XDG_CONFIG_HOME: tempConfigHome() });

describe('sharing a path again updates its newest live link', () => {
  it('share, share --new, edit, share: the edit lands on the NEWEST link; the first keeps its content', async () => {
    const env = machine();
    const dir = scratch({ 'index.html': '<p>first</p>' });
    const first = (await runCli([dir], env)).stdout.trim();
    const second = (await runCli([dir, '--new'], env)).stdout.trim();
    expect(second).not.toBe(first);
    writeFileSync(join(dir, 'index.html'), '<p>edited</p>');
    const third = await runCli([dir], env);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout.trim()).toBe(second);
    expect((await getUrl(second)).body.toString()).toBe('<p>edited</p>');
    expect((await getUrl(first)).body.toString()).toBe('<p>first</p>');
  });

  it('after the link ends, the next share makes one new link and later shares update that one', async () => {
    const env = machine();
    const dir = scratch({ 'index.html': '<p>burn</p>' });
    const ended = (await runCli([dir, '--max-views', '1'], env)).stdout.trim();
    expect((await getUrl(ended)).status).toBe(200);
    expect((await getUrl(ended)).status).toBe(410);

    const replacement = await runCli([dir], env);
    expect(replacement.code, replacement.stderr).toBe(0);
    expect(replacement.stderr).toContain(`the previous link ${ended} is gone`);
    const fresh = replacement.stdout.trim();
    expect(fresh).not.toBe(ended);

    writeFileSync(join(dir, 'index.html'), '<p>burn v2</p>');
    const again = await runCli([dir], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.trim()).toBe(fresh);
    expect(again.stderr).not.toContain('is gone');
    expect((await getUrl(fresh)).body.toString()).toBe('<p>burn v2</p>');

    const state = JSON.parse(readFileSync(join(env.XDG_CONFIG_HOME, 'share', 'state.json'), 'utf8')) as { shares: { url: string; endedAt?: string }[] };
    expect(state.shares.find((s) => s.url === ended)?.endedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(state.shares.find((s) => s.url === fresh)?.endedAt).toBeUndefined();
  });
});
