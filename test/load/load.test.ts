import { describe, expect, it } from 'vitest';
import { RUNTIMES } from '../../bench/lib';
import { runLoad } from '../../bench/load-core';

// The shortened load run (the full one is `npm run load`): mixed views and publishes against each
// runtime, then every link published during the run must serve its exact bytes.
describe.each(RUNTIMES)('load: $name', (rt) => {
  it('answers no 5xx, drops no connection and loses no published link', async () => {
    const server = await rt.start();
    try {
      const r = await runLoad({ base: server.url, seconds: Number(process.env.LOAD_SECONDS ?? 5), connections: 16, maxPublishes: 300 });
      expect(r.requests).toBeGreaterThan(50);
      expect(r.publishes).toBeGreaterThan(0);
      expect(r.serverErrors).toEqual({});
      expect(r.connectionErrors).toBe(0);
      expect(r.unexpected).toEqual([]);
      expect(r.lost).toEqual([]);
    } finally {
      await server.stop();
    }
  }, 180_000);
});
