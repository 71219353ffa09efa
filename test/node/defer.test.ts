import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pingDatabase } from '../../app/db/client';
import type { Deps } from '../../app/deps';
import { silentLogger } from '../../app/lib/log';
import { nodeConfigFromEnv } from '../../server/config';
import { startRuntime } from '../../server/runtime';

describe('deferred work on the Node runtime (deps.defer)', () => {
  it('runs without holding up the caller, and a graceful stop waits for it before closing the database', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'share-defer-'));
    const runtime = await startRuntime(nodeConfigFromEnv({ PORT: '0', DATA_DIR: dataDir, CLEANUP_INTERVAL_SECONDS: '3600' }), silentLogger);
    let finished = false;
    // The database must still be open when deferred work ends during shutdown.
    const work = new Promise((resolve) => setTimeout(resolve, 300)).then(() => pingDatabase(runtime.deps.db)).then(() => { finished = true; }, () => {});
    runtime.deps.defer(new Request('http://localhost/'), work);
    expect(finished).toBe(false);
    await runtime.stop();
    expect(finished).toBe(true);
  });

  it('a runtime must supply clientIp and defer: leaving either out does not compile (checked by npm run typecheck)', () => {
    const parts = {} as Omit<Deps, 'clientIp' | 'defer'>;
    // @ts-expect-error defer is required: no runtime may silently drop deferred work.
    const noDefer: Deps = { ...parts, clientIp: () => null };
    // @ts-expect-error clientIp is required: no default may trust a header any client can forge.
    const noClientIp: Deps = { ...parts, defer: () => {} };
    const both: Deps = { ...parts, clientIp: () => null, defer: () => {} };
    expect([noDefer, noClientIp, both].map((d) => typeof d.defer)).toEqual(['undefined', 'function', 'function']);
  });
});
