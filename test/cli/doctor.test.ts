import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempConfigHome } from '../helpers/cli';
import { freePort, startServer } from '../helpers/server';

describe('share doctor (no server needed)', () => {
  it('diagnoses a stopped server and says how to start it', async () => {
    const port = await freePort();
    const res = await runCli(['doctor', '--server', `http://localhost:${port}`], { XDG_CONFIG_HOME: tempConfigHome() });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`✗ server: cannot reach http://localhost:${port} (ECONNREFUSED)`);
    expect(res.stdout).toContain('npm start');
    expect(res.stderr).toBe('share: 1 check failed\n');
  });

  it('reports a broken config file and a state file others can read', async () => {
    const home = tempConfigHome();
    mkdirSync(join(home, 'share'), { recursive: true });
    writeFileSync(join(home, 'share', 'config.json'), '{ not json');
    writeFileSync(join(home, 'share', 'state.json'), '{"shares":[]}');
    chmodSync(join(home, 'share', 'state.json'), 0o644);
    const res = await runCli(['doctor', '--json', '--server', `http://localhost:${await freePort()}`], { XDG_CONFIG_HOME: home });
    expect(res.code).toBe(1);
    const report = JSON.parse(res.stdout) as { ok: boolean; checks: { name: string; ok: boolean; fix?: string }[] };
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'config')).toMatchObject({ ok: false, fix: expect.stringContaining('config.json') });
    expect(report.checks.find((c) => c.name === 'state')).toMatchObject({ ok: false, fix: expect.stringContaining('chmod 600') });
  });
});

describe('share doctor against a deployment without COOKIE_SECRET', () => {
  it('says password-protected links are refused and how the operator fixes it', async () => {
    const server = await startServer({ vars: { ALLOW_GENERATED_SECRET: 'false' } });
    try {
      const res = await runCli(['doctor', '--server', server.url], { XDG_CONFIG_HOME: tempConfigHome() });
      expect(res.code).toBe(1);
      expect(res.stdout).toContain('✗ passwords: the server has no COOKIE_SECRET, so it refuses password-protected links');
      expect(res.stdout).toContain('wrangler secret put COOKIE_SECRET');
    } finally {
      await server.stop();
    }
  });
});
