// Issue 12, fault 4: what password-setting updates cost other visitors. Starts the Node server
// (loopback only, TRUST_PROXY=1 so each simulated client has its own address), publishes a
// visitor's share with a 400 KB file (too big for the memory cache: it is read from disk) and an
// attacker's share, then measures the visitor's download latency alone and while UPDATE_CONNECTIONS
// (default 16) connections post updates that set a password to the attacker's share for
// UPDATE_SECONDS (default 8, at most 60) or UPDATE_MAX requests (default 3000), whichever comes
// first. UPDATE_IPS=1 (default) sends every update from one address; UPDATE_IPS=16 gives each
// connection its own. UPDATE_KIND=info sends the same number of connections of a cheap request
// instead (GET /api/shares/:id), as a control: what any flood of small requests costs a visitor.
// Run: npx tsx bench/update-load.ts
import { http, median, quantile } from './lib';
import { apiClient, manifestOf } from '../test/contract/client';
import { startNodeServer } from '../test/helpers/node-server';

const connections = Math.min(64, Number(process.env.UPDATE_CONNECTIONS ?? 16));
const seconds = Math.min(60, Number(process.env.UPDATE_SECONDS ?? 8));
const maxRequests = Math.min(10_000, Number(process.env.UPDATE_MAX ?? 3000));
const ips = Math.max(1, Math.min(connections, Number(process.env.UPDATE_IPS ?? 1)));
const control = process.env.UPDATE_KIND === 'info';

const server = await startNodeServer({ env: { LOG_LEVEL: 'error', TRUST_PROXY: '1' } });
try {
  const visitorIp = { 'x-forwarded-for': '198.51.100.200' };
  const asset = new Uint8Array(400 * 1024).map((_, i) => 97 + (i % 26));
  const publisher = apiClient(server.url);
  const victim = await publisher.publish({ 'index.html': '<p>victim</p>', 'big.bin': asset });
  const attacker = await publisher.publish({ 'index.html': '<p>attacker</p>' });
  const { files } = manifestOf({ 'index.html': '<p>attacker</p>' });
  const bigUrl = `${victim.url}big.bin`;

  const download = async () => {
    const t = performance.now();
    const res = await http(bigUrl, { headers: visitorIp });
    if (res.status !== 200 || res.body.byteLength !== asset.byteLength) throw new Error(`download answered ${res.status} (${res.body.byteLength} bytes)`);
    return performance.now() - t;
  };
  const sample = async (until: () => boolean) => {
    const times: number[] = [];
    while (!until()) {
      times.push(await download());
      await new Promise((r) => setTimeout(r, 50));
    }
    return times;
  };
  const describe = (xs: number[]) => `median ${median(xs).toFixed(1)} ms, p95 ${quantile(xs, 0.95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (${xs.length} downloads)`;

  for (let i = 0; i < 5; i++) await download(); // warm up
  let n = 0;
  const alone = await sample(() => ++n > 40);
  console.log(`visitor alone: ${describe(alone)}`);

  const statuses: Record<number, number> = {};
  let sent = 0;
  const deadline = performance.now() + seconds * 1000;
  const more = () => performance.now() < deadline && sent < maxRequests;
  const worker = async (k: number) => {
    const headers = { authorization: `Bearer ${attacker.token}`, 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${1 + (k % ips)}` };
    while (more()) {
      sent++;
      const res = control
        ? await http(`${server.url}/api/shares/${attacker.id}`, { headers })
        : await http(`${server.url}/api/shares/${attacker.id}/versions`, { method: 'POST', headers, body: JSON.stringify({ files, password: `guess-${sent}`, force: true }) });
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    }
  };
  const t0 = performance.now();
  const [during] = await Promise.all([sample(() => !more()), ...Array.from({ length: connections }, (_, k) => worker(k))]);
  const elapsed = (performance.now() - t0) / 1000;
  console.log(`${connections} connections from ${ips} address(es) ${control ? 'getting share info (control)' : 'posting password updates'} for ${elapsed.toFixed(1)} s: ${sent} requests, statuses ${JSON.stringify(statuses)}`);
  console.log(`visitor during: ${describe(during)}`);
} finally {
  await server.stop();
}
