// Shared pieces of the bench and load scripts: loopback HTTP with a Host header (Node cannot
// resolve `<id>.localhost`), a zip publish (the one-request path), the two runtimes started as a
// user starts them with benchmark-friendly settings, and small statistics helpers.
import { zipSync } from 'fflate';
import { Agent, request } from 'node:http';
import { startNodeServer } from '../test/helpers/node-server';
import { startServer, type RunningServer } from '../test/helpers/server';

/** Publishing limits raised so a benchmark or load run is never rate limited; logs errors only. */
export const BENCH_VARS: Record<string, string> = {
  LOG_LEVEL: 'error',
  RATE_LIMIT_PUBLISHES: '1000000',
  RATE_LIMIT_KEYED_PUBLISHES: '1000000',
  RATE_LIMIT_UPDATES: '1000000',
  RATE_LIMIT_KEYED_UPDATES: '1000000',
  PASSWORD_HASHES_PER_IP: '1000000',
};

export interface Runtime { name: string; start: (extra?: Record<string, string>) => Promise<RunningServer> }

/** Both runtimes, each started as the README says (`npm start`, `npm run start:node`). */
export const RUNTIMES: Runtime[] = [
  { name: 'node', start: (extra = {}) => startNodeServer({ env: { ...BENCH_VARS, ...extra } }) },
  { name: 'worker', start: (extra = {}) => startServer({ vars: { ...BENCH_VARS, ...extra } }) },
];

export interface Reply { status: number; body: Buffer; json<T = unknown>(): T }

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** One request to 127.0.0.1 with `url`'s host as the Host header; rejects on connection errors. */
export function http(url: string, init: { method?: string; headers?: Record<string, string>; body?: Uint8Array | string } = {}): Promise<Reply> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: u.port, path: `${u.pathname}${u.search}`, method: init.method ?? 'GET', agent, headers: { host: u.host, ...init.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode!, body, json: <T>() => JSON.parse(body.toString()) as T });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

export interface Published { id: string; url: string; ownerToken?: string }

/** Publishes files in one request (POST /api/shares with a zip); throws unless 201. */
export async function publishZip(base: string, files: Record<string, Uint8Array>, token?: string): Promise<Published> {
  const headers: Record<string, string> = { 'content-type': 'application/zip' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await http(`${base}/api/shares`, { method: 'POST', headers, body: zipSync(files, { level: 0 }) });
  if (res.status !== 201) throw new Error(`publish answered ${res.status}: ${res.body.toString().slice(0, 200)}`);
  return res.json<Published>();
}

export const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
export const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };

/** A deterministic HTML page of about `bytes` bytes (text, so it compresses like a real page). */
export function htmlPage(bytes: number, salt = ''): Uint8Array {
  const head = `<!doctype html><html><head><meta charset="utf-8"><title>bench ${salt}</title><link rel="stylesheet" href="app.css"></head><body>\n`;
  const tail = '</body></html>\n';
  let body = '';
  for (let i = 0; head.length + body.length + tail.length < bytes; i++) body += `<p class="row-${i % 7}">Paragraph ${i} ${salt} of the benchmark page, with some ordinary words in it.</p>\n`;
  return new TextEncoder().encode((head + body).slice(0, bytes - tail.length) + tail);
}
