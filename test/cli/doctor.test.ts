import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempConfigHome } from '../helpers/cli';
import { startNodeServer } from '../helpers/node-server';
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

describe('share doctor: how the server sends one-time codes (from /healthz)', () => {
  it('names the mailer the Node server picked, and fails only for the log mailer on a real deployment', async () => {
    const FROM = 'share <no-reply@share.example>';
    const production = { CONTENT_DOMAIN: 'example-usercontent.com' };
    const [local, smtp, http, bare] = await Promise.all([
      startNodeServer(),
      startNodeServer({ env: { ...production, SMTP_URL: 'smtp://share:secret@127.0.0.1:2525', MAIL_FROM: FROM } }),
      startNodeServer({ env: { ...production, EMAIL_API_URL: 'https://api.resend.com/emails', EMAIL_API_KEY: 're_test_0123', MAIL_FROM: FROM } }),
      startNodeServer({ env: production }),
    ]);
    try {
      const doctor = (server: { url: string }) => runCli(['doctor', '--server', server.url], { XDG_CONFIG_HOME: tempConfigHome() });
      const a = await doctor(local);
      expect(a.code, a.stdout).toBe(0);
      expect(a.stdout).toContain('✓ mail: one-time codes for allowlisted links are printed in the server log (development mailer)\n');
      expect(local.output()).toContain('mail printed in this log (development mailer)');
      expect((await doctor(smtp)).stdout).toContain('✓ mail: one-time codes for allowlisted links are sent by email (SMTP)\n');
      expect(smtp.output()).toContain('mail via SMTP 127.0.0.1:2525');
      expect(smtp.output()).not.toContain('secret');
      expect((await doctor(http)).stdout).toContain('✓ mail: one-time codes for allowlisted links are sent by email (email API)\n');
      const d = await doctor(bare);
      expect(d.code).toBe(1);
      expect(d.stdout).toContain('✗ mail: no mailer is configured: one-time codes for allowlisted links only go to the server log\n    fix: No mailer is configured');
      expect(d.stdout).toContain('SMTP_URL and MAIL_FROM on Node');
    } finally {
      await Promise.all([local, smtp, http, bare].map((s) => s.stop()));
    }
  });
});
