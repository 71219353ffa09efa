// The mixed-traffic load run behind `npm run load` and test/load/load.test.ts: `connections`
// loops for `seconds`, each request a view (90%) of a share published before or during the run,
// or a publish (10%) of fresh random bytes through the one-request zip path. Bounded in time and
// in publishes, loopback only. Afterwards every link published during the run is fetched again
// and must serve exactly the bytes that were sent.
import { randomBytes, randomInt } from 'node:crypto';
import { http, publishZip, quantile } from './lib';

export interface LoadOptions { base: string; seconds: number; connections: number; maxPublishes?: number }

export interface LoadResult {
  requests: number; views: number; publishes: number;
  /** Responses with a 5xx status, by status. */
  serverErrors: Record<number, number>;
  /** Failed connections or resets (no HTTP answer at all). */
  connectionErrors: number;
  /** Any other unexpected status (e.g. a view that is not 200). */
  unexpected: string[];
  /** Links published during the run that did not serve their exact bytes afterwards. */
  lost: string[];
  p50: number; p99: number; rps: number;
}

interface Live { url: string; index: Uint8Array; data: Uint8Array }

function bundle(): { 'index.html': Uint8Array; 'data.bin': Uint8Array } {
  const tag = randomBytes(8).toString('hex');
  return { 'index.html': new TextEncoder().encode(`<!doctype html><title>${tag}</title><p>load ${tag}</p>`), 'data.bin': randomBytes(randomInt(1024, 16 * 1024)) };
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const maxPublishes = opts.maxPublishes ?? 5000;
  const live: Live[] = [];
  const during: Live[] = [];
  const r: LoadResult = { requests: 0, views: 0, publishes: 0, serverErrors: {}, connectionErrors: 0, unexpected: [], lost: [], p50: 0, p99: 0, rps: 0 };
  const latencies: number[] = [];
  const publish = async (list: Live[]) => {
    const files = bundle();
    const share = await publishZip(opts.base, files);
    list.push({ url: share.url, index: files['index.html'], data: files['data.bin'] });
  };
  for (let i = 0; i < 8; i++) await publish(live); // something to view from the first request

  const record = (status: number, what: string) => {
    if (status >= 500) r.serverErrors[status] = (r.serverErrors[status] ?? 0) + 1;
    else if (r.unexpected.length < 20) r.unexpected.push(`${what} → ${status}`);
  };
  const started = performance.now();
  const deadline = started + opts.seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const t = performance.now();
      const publishing = Math.random() < 0.1 && r.publishes < maxPublishes;
      try {
        if (publishing) {
          r.publishes++;
          try { await publish(during); } catch (err) {
            const m = /answered (\d+)/.exec((err as Error).message);
            if (!m) throw err;
            record(Number(m[1]), 'publish');
          }
        } else {
          r.views++;
          const pool = during.length && Math.random() < 0.5 ? during : live;
          const s = pool[randomInt(pool.length)];
          const asset = Math.random() < 0.5;
          const res = await http(`${s.url}${asset ? 'data.bin' : ''}`);
          if (res.status !== 200) record(res.status, `GET ${s.url}${asset ? 'data.bin' : ''}`);
        }
      } catch {
        r.connectionErrors++;
      }
      r.requests++;
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, loop));
  const elapsed = (performance.now() - started) / 1000;
  r.rps = r.requests / elapsed;
  r.p50 = quantile(latencies, 0.5);
  r.p99 = quantile(latencies, 0.99);

  for (const s of during) {
    try {
      const [index, data] = await Promise.all([http(s.url), http(`${s.url}data.bin`)]);
      if (index.status !== 200 || !index.body.equals(s.index) || data.status !== 200 || !data.body.equals(s.data)) r.lost.push(s.url);
    } catch { r.lost.push(s.url); }
  }
  return r;
}

/** True when the run met the goal: no 5xx, no connection errors, nothing unexpected, nothing lost. */
export const loadOk = (r: LoadResult) => Object.keys(r.serverErrors).length === 0 && r.connectionErrors === 0 && r.unexpected.length === 0 && r.lost.length === 0;
