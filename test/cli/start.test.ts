import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, ROOT } from '../helpers/server';

/**
 * The first screen of `npm start` (scripts/start.mjs), as a person sees it: started twice on the
 * same data, with nothing in the environment that quiets wrangler, on a machine that cannot reach
 * Cloudflare (this one: no network beyond loopback and the npm registry).
 */
async function npmStart(port: number, dataDir: string): Promise<string> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(WRANGLER_|CLOUDFLARE_)/.test(k)));
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], {
    cwd: ROOT, env: { ...env, PORT: String(port), SHARE_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => { output += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { output += c.toString(); });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not finish its banner in 90 s:\n${output}`)), 90_000);
      const check = () => { if (/share something: .*\n\n/.test(output)) { clearTimeout(timer); resolve(); } };
      child.stdout.on('data', check);
      child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`npm start exited with ${code}:\n${output}`)); });
    });
    // Anything wrangler prints right after "Ready" belongs to the first screen too.
    await new Promise((r) => setTimeout(r, 1500));
    return output;
  } finally {
    child.removeAllListeners('exit');
    const exited = new Promise((r) => child.once('exit', r));
    try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* gone */ }
    await exited;
  }
}

describe('npm start', () => {
  it('prints the command that works on its port, counts the migrations it applied, and keeps offline noise off the screen', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'share-start-'));
    const first = await npmStart(port, dataDir);
    expect(first).toContain(`share is listening on http://localhost:${port}\n`);
    expect(first).toContain(`  share something: SHARE_SERVER=http://localhost:${port} npx share ./index.html\n`);
    const migrations = readdirSync(join(ROOT, 'migrations')).filter((f) => f.endsWith('.sql')).length;
    expect(first).toContain(`share: database ready (${migrations} migrations applied)\n`);
    for (const noise of ['ENOTFOUND', 'Unable to fetch the `Request.cf` object', 'update available', 'GetAddrInfoReqWrap', '    at ']) expect(first, noise).not.toContain(noise);

    const again = await npmStart(port, dataDir);
    expect(again).toContain('share: database ready (up to date, no migrations to apply)\n');
    expect(again).not.toMatch(/migrations? applied/);
  });
});
