import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCS, readEnvFile } from '../helpers/nginx';
import { ROOT } from '../helpers/server';

/**
 * docs/node/share.service: what it runs and how it stops, checked against share.env and the
 * repository; then `systemd-analyze verify` and its offline security review, where systemd's
 * tools are installed (Debian: the systemd package). Without them only the first part runs and
 * the test says so. It is not started under systemd here (the test machine's PID 1 is not systemd);
 * test/node/nginx.test.ts runs the same command with share.env's settings and stops it with SIGTERM.
 */
const UNIT = readFileSync(join(DOCS, 'share.service'), 'utf8');
const ENV = readEnvFile(join(DOCS, 'share.env'));

/** `Key=value` settings of the unit (the last one wins, as for most keys). */
function settings(unit: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of unit.split('\n')) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

const systemdAnalyze = spawnSync('sh', ['-c', 'command -v systemd-analyze'], { encoding: 'utf8' }).stdout.trim();

describe('docs/node/share.service', () => {
  it('runs node bin/share-server.mjs as its own user, with the data folder, restarts on failure and stops gracefully', () => {
    const s = settings(UNIT);
    expect(s.ExecStart).toBe('/usr/bin/node /opt/share/bin/share-server.mjs');
    expect(s.WorkingDirectory).toBe('/opt/share');
    expect(readFileSync(s.ExecStart.split(' ')[1].replace('/opt/share', ROOT), 'utf8')).toContain("import('../server/node.ts')");
    expect(s.User).toBe('share');
    expect(s.EnvironmentFile).toBe('/etc/share/share.env');
    expect(`/var/lib/${s.StateDirectory}`).toBe(ENV.DATA_DIR);
    expect(s.StateDirectoryMode).toBe('0700');
    expect(s.Restart).toBe('on-failure');
    expect(s.KillSignal).toBe('SIGTERM');
    // systemd waits for the drain (SHUTDOWN_TIMEOUT_SECONDS) before it kills.
    expect(Number(s.TimeoutStopSec)).toBeGreaterThan(Number(ENV.SHUTDOWN_TIMEOUT_SECONDS) + 5);
    for (const hardening of ['NoNewPrivileges', 'ProtectSystem', 'ProtectHome', 'PrivateTmp', 'RestrictAddressFamilies', 'SystemCallFilter', 'CapabilityBoundingSet']) expect(s, hardening).toHaveProperty(hardening);
    // V8's JIT needs writable, executable memory.
    expect(s.MemoryDenyWriteExecute).toBeUndefined();
  });

  it(`passes systemd-analyze verify without a warning, and its offline security review rates it OK (${systemdAnalyze ? `with ${systemdAnalyze}` : 'systemd-analyze is not installed here: not run'})`, () => {
    if (!systemdAnalyze) {
      console.warn('systemd-analyze is not installed: docs/node/share.service was checked only by the test above');
      return;
    }
    // verify checks that ExecStart's program exists: point it at this machine's node.
    const dir = mkdtempSync(join(tmpdir(), 'share-unit-'));
    const file = join(dir, 'share.service');
    writeFileSync(file, UNIT.replace('ExecStart=/usr/bin/node ', `ExecStart=${process.execPath} `));
    const verify = spawnSync(systemdAnalyze, ['verify', file], { encoding: 'utf8' });
    expect(verify.status, verify.stderr).toBe(0);
    expect(verify.stderr).toBe('');
    const security = spawnSync(systemdAnalyze, ['security', '--offline=true', file], { encoding: 'utf8' });
    const exposure = Number(/Overall exposure level for share\.service: ([\d.]+)/.exec(security.stdout)?.[1]);
    expect(exposure, security.stdout + security.stderr).toBeLessThanOrEqual(2);
  });
});
