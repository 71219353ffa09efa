// Measures the Node runtime: server start (spawn → listening), publish+serve round trips on disk
// and on S3 (s3rver), and a 20 MiB S3 put/get. Run: npx tsx bench/node-runtime.ts
import { randomBytes } from 'node:crypto';
import { s3Store } from '../server/s3';
import { apiClient, http, sha256 } from '../test/contract/client';
import { startNodeServer } from '../test/helpers/node-server';
import { S3_BUCKET, S3_CREDENTIALS, startS3 } from '../test/helpers/s3';

const MiB = 1024 * 1024;
const ms = (t: number) => `${Math.round(t)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await fn();
  return [performance.now() - t, r];
}

const starts: number[] = [];
for (let i = 0; i < 3; i++) {
  const s = await startNodeServer();
  starts.push(s.startMs);
  await s.stop();
}
console.log(`node server start, spawn → listening (disk): median ${ms(median(starts))} of ${starts.map(ms).join(', ')}`);

const s3 = await startS3();
const s3Starts: number[] = [];
for (let i = 0; i < 3; i++) {
  const s = await startNodeServer({ env: s3.env });
  s3Starts.push(s.startMs);
  await s.stop();
}
console.log(`node server start, spawn → listening (S3): median ${ms(median(s3Starts))}`);

const store = s3Store({ bucket: S3_BUCKET, endpoint: s3.endpoint, region: 'us-east-1', ...S3_CREDENTIALS });
const big = randomBytes(20 * MiB);
const key = `benchshare0001/${sha256(big)}`;
const [put] = await time(() => store.put(key, big, 'application/octet-stream'));
const [get, got] = await time(async () => Buffer.from(await new Response((await store.get(key))!.body).arrayBuffer()));
console.log(`S3 (s3rver) 20 MiB: put ${ms(put)}, get ${ms(get)}, byte-exact ${got.equals(big)}`);

for (const [label, env] of [['disk', {}], ['S3', s3.env]] as const) {
  const server = await startNodeServer({ env });
  const api = apiClient(server.url);
  const [pub, share] = await time(() => api.publish({ 'index.html': '<p>bench</p>', 'data.bin': randomBytes(5 * MiB) }));
  const gets: number[] = [];
  for (let i = 0; i < 50; i++) gets.push((await time(() => http(share.url)))[0]);
  console.log(`${label}: publish 2 files (5 MiB) ${ms(pub)}; GET / median ${median(gets).toFixed(1)} ms over 50`);
  await server.stop();
}
await s3.stop();
