// `npm run load`: LOAD_SECONDS (default 60) of mixed traffic — 90% views, 10% publishes — at
// LOAD_CONNECTIONS (default 64) against each runtime on loopback (LOAD_RUNTIMES=node,worker).
// Exits non-zero on any 5xx, connection error, unexpected status or published link that does
// not serve its exact bytes afterwards.
import { loadOk, runLoad } from './load-core';
import { RUNTIMES } from './lib';
import { mib, rssOf, withRss } from './memory';

const seconds = Number(process.env.LOAD_SECONDS ?? 60);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 64);
const wanted = (process.env.LOAD_RUNTIMES ?? 'node,worker').split(',');
let failed = false;
for (const rt of RUNTIMES.filter((r) => wanted.includes(r.name))) {
  const server = await rt.start();
  try {
    console.log(`${rt.name}: ${seconds}s of 90% views / 10% publishes at ${connections} connections…`);
    // The Node server's resident memory at idle and at its peak during the run (CACHE_MB and SERVE_CACHE_ENTRIES bound its caches).
    const pid = (server as { pid?: number }).pid;
    const idle = pid ? rssOf(pid) : NaN;
    const { result: r, peak } = pid ? await withRss(pid, () => runLoad({ base: server.url, seconds, connections })) : { result: await runLoad({ base: server.url, seconds, connections }), peak: NaN };
    if (pid) console.log(`${rt.name}: RSS idle ${mib(idle)}, peak during the run ${mib(peak)}`);
    const ok = loadOk(r);
    failed ||= !ok;
    console.log(`${rt.name}: ${r.requests} requests (${r.views} views, ${r.publishes} publishes), ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`);
    console.log(`${rt.name}: 5xx ${JSON.stringify(r.serverErrors)}, connection errors ${r.connectionErrors}, unexpected ${r.unexpected.length}${r.unexpected.length ? ` (${r.unexpected.slice(0, 3).join('; ')})` : ''}, published links not serving exact bytes ${r.lost.length} of ${r.publishes}`);
    console.log(`${rt.name}: ${ok ? 'ok' : 'FAILED'}`);
  } finally {
    await server.stop();
  }
}
process.exit(failed ? 1 : 0);
