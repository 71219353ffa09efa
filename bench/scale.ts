// Scale benchmark on the Node runtime: one API key owns 10 links; anonymous publishes (the
// one-request zip path over HTTP, 16 at a time) grow the database to 100, 1,000 and 10,000
// shares; at each size, the time to serve one share and to list the key's links (both over
// HTTP, sequential, keep-alive) shows whether they stay flat.
import { http, median, publishZip, RUNTIMES } from './lib';

export interface ScalePoint { shares: number; serveMs: number; listMs: number; seedSeconds: number }

const ADMIN = 'bench-admin-token-0123456789abcdef';

export async function benchScale(sizes: number[], samples = 200): Promise<ScalePoint[]> {
  const server = await RUNTIMES.find((r) => r.name === 'node')!.start({ ADMIN_TOKEN: ADMIN });
  try {
    const keyRes = await http(`${server.url}/api/admin/keys`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench' }) });
    if (keyRes.status !== 201) throw new Error(`creating an API key answered ${keyRes.status}: ${keyRes.body}`);
    const { key } = keyRes.json<{ key: string }>();
    const enc = new TextEncoder();
    const owned = [];
    for (let i = 0; i < 10; i++) owned.push(await publishZip(server.url, { 'index.html': enc.encode(`<p>owned ${i}</p>`) }, key));
    let count = owned.length;
    const points: ScalePoint[] = [];
    for (const size of sizes) {
      const t = performance.now();
      let next = count;
      const worker = async () => {
        while (next < size) {
          const n = next++;
          await publishZip(server.url, { 'index.html': enc.encode(`<!doctype html><p>share number ${n}</p>`) });
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      count = Math.max(count, size);
      const seedSeconds = (performance.now() - t) / 1000;
      const target = owned[5].url;
      const serve: number[] = []; const list: number[] = [];
      for (let i = 0; i < 20; i++) { await http(target); await http(`${server.url}/api/shares`, { headers: { authorization: `Bearer ${key}` } }); }
      for (let i = 0; i < samples; i++) {
        let s = performance.now();
        const page = await http(target);
        serve.push(performance.now() - s);
        s = performance.now();
        const listed = await http(`${server.url}/api/shares`, { headers: { authorization: `Bearer ${key}` } });
        list.push(performance.now() - s);
        if (page.status !== 200 || listed.status !== 200 || listed.json<{ shares: unknown[] }>().shares.length !== 10) throw new Error(`scale: serve ${page.status}, list ${listed.status}`);
      }
      points.push({ shares: count, serveMs: median(serve), listMs: median(list), seedSeconds });
      console.error(`bench: scale ${count} shares: serve ${median(serve).toFixed(2)} ms, list ${median(list).toFixed(2)} ms (seeded in ${seedSeconds.toFixed(1)} s)`);
    }
    return points;
  } finally { await server.stop(); }
}
