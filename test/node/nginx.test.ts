import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, expectApiError, http, manifestOf, sha256 } from '../contract/client';
import { DOC_NAMES, DOCS, loopbackNginxConf, mainConf, nginxTest, readEnvFile, startNginx, type RunningNginx } from '../helpers/nginx';
import { startNodeServer, type RunningNodeServer } from '../helpers/node-server';
import { freePort } from '../helpers/server';

/**
 * One box behind a real proxy: Debian's nginx runs docs/node/nginx.conf (adapted to loopback and
 * plain HTTP by test/helpers/nginx.ts, nothing else changed) in front of share-server, configured
 * by docs/node/share.env. Made-up names stand in for the app host and the content domain; requests
 * send them as Host (Node's fetch cannot resolve them) and pick their source address on loopback
 * (127.0.0.2, 127.0.0.3, …) to act as distinct clients.
 */
const APP = 'app.test';
const CONTENT = 'usercontent.test';
const DOC = readFileSync(join(DOCS, 'nginx.conf'), 'utf8');
const ENV = readEnvFile(join(DOCS, 'share.env'));

let node: RunningNodeServer;
let nginx: RunningNginx;
let httpPort: number;
let httpsPort: number;
/** The app host through nginx's "https" server (plain HTTP here). */
let app: string;
const through = (shareUrl: string) => { const u = new URL(shareUrl); u.port = String(httpsPort); return u.toString(); };

beforeAll(async () => {
  const nodePort = await freePort();
  [httpPort, httpsPort] = [await freePort(), await freePort()];
  app = `http://${APP}:${httpsPort}`;
  // The documented environment, with the test's names, ports and folder; links are http here.
  const env = Object.fromEntries(Object.entries(ENV).map(([k, v]) => [k, v.replaceAll(DOC_NAMES.app, APP).replaceAll(DOC_NAMES.content, CONTENT)]));
  node = await startNodeServer({
    port: nodePort,
    env: {
      ...env, PORT: String(nodePort), DATA_DIR: mkdtempSync(join(tmpdir(), 'share-nginx-data-')), PUBLIC_SCHEME: 'http',
      COOKIE_SECRET: randomBytes(32).toString('hex'), ADMIN_TOKEN: randomBytes(32).toString('hex'), RATE_LIMIT_PUBLISHES: '2',
    },
  });
  const site = loopbackNginxConf(DOC, { app: APP, content: CONTENT, httpPort, httpsPort, nodePort });
  nginx = await startNginx((prefix) => mainConf(prefix, site), httpsPort);
}, 120_000);
afterAll(async () => {
  await nginx?.stop();
  await node?.stop();
});

describe('docs/node/nginx.conf and share.env', () => {
  it('nginx -t accepts the config as written, TLS included (a self-signed certificate in place of the real ones)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'share-nginx-cert-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', `/CN=${DOC_NAMES.app}`], { stdio: 'ignore' });
    const asWritten = DOC.replace(/\/etc\/letsencrypt\/live\/[^/]+\/fullchain\.pem/g, join(dir, 'cert.pem')).replace(/\/etc\/letsencrypt\/live\/[^/]+\/privkey\.pem/g, join(dir, 'key.pem'));
    expect(nginxTest((prefix) => mainConf(prefix, asWritten))).toContain('test is successful');
  });

  it('agree with each other and with share-server: upstream port, one trusted proxy, body limit = MAX_SHARE_BYTES + 1 MiB', () => {
    expect(ENV).toMatchObject({ PORT: '8787', LISTEN_HOST: '127.0.0.1', TRUST_PROXY: 'true', PUBLIC_SCHEME: 'https', APP_HOST: DOC_NAMES.app, CONTENT_DOMAIN: DOC_NAMES.content });
    expect(DOC).toContain('server 127.0.0.1:8787;');
    // share-server reads at most maxShareBytes + 1 MiB (server/runtime.ts); nginx must let exactly that through.
    const appBlock = DOC.slice(DOC.indexOf(`server_name ${DOC_NAMES.app};`), DOC.indexOf(`server_name *.${DOC_NAMES.content};`));
    const mib = Number(/client_max_body_size (\d+)m;/.exec(appBlock)?.[1]);
    expect(mib * 1024 * 1024).toBe(Number(ENV.MAX_SHARE_BYTES) + 1024 * 1024);
    // Both proxied servers pass Host and append to X-Forwarded-For, the way TRUST_PROXY=true reads it.
    expect(DOC.match(/proxy_set_header Host \$host;/g)).toHaveLength(2);
    expect(DOC.match(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/g)).toHaveLength(2);
  });
});

describe('share-server behind nginx', () => {
  it('publishes through nginx and serves the share on its own host', async () => {
    const { url } = await apiClient(app, { localAddress: '127.0.0.4' }).publish({ 'index.html': '<!doctype html><link rel="stylesheet" href="s.css"><h1>behind nginx</h1>', 's.css': 'h1 { color: red }' });
    expect(url).toMatch(new RegExp(`^http://[0-9a-z]{14}\\.${CONTENT.replace('.', '\\.')}/$`));
    const page = await http(through(url));
    expect(page.status).toBe(200);
    expect(page.headers.server).toMatch(/^nginx/);
    expect(page.body.toString()).toContain('behind nginx');
    const css = await http(`${through(url)}s.css`);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    // The app's API is not on a share's host, and a share is not on the app's.
    expect((await http(`${through(url)}api`)).status).toBe(404);
  });

  it('answers only its two names: any other Host gets no answer; http:// redirects to https://', async () => {
    await expect(http(`http://evil.example:${httpsPort}/api`)).rejects.toThrow();
    const redirect = await http(`http://${APP}:${httpPort}/links?x=1`);
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe(`https://${APP}/links?x=1`);
    const share = await http(`http://abcdefghijklmn.${CONTENT}:${httpPort}/a.css`);
    expect(share.headers.location).toBe(`https://abcdefghijklmn.${CONTENT}/a.css`);
  });

  it('per-IP rate limits count the client nginx saw, not nginx, and not a forged X-Forwarded-For', async () => {
    const start = (from: string, headers: Record<string, string> = {}) => {
      const { files } = manifestOf({ 'index.html': `<h1>${from} ${Math.random()}</h1>` });
      return http(`${app}/api/shares`, { method: 'POST', localAddress: from, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ files }) });
    };
    expect((await start('127.0.0.2')).status).toBe(201);
    expect((await start('127.0.0.2', { 'x-forwarded-for': '203.0.113.7' })).status).toBe(201);
    // The third from 127.0.0.2 is over RATE_LIMIT_PUBLISHES=2, whatever it claims to be.
    expectApiError(await start('127.0.0.2', { 'x-forwarded-for': '203.0.113.8' }), 429, 'rate_limited');
    // Another client is not limited by 127.0.0.2's count, even when it claims to be 127.0.0.2.
    expect((await start('127.0.0.3', { 'x-forwarded-for': '127.0.0.2' })).status).toBe(201);
    expect((await start('127.0.0.3')).status).toBe(201);
    expectApiError(await start('127.0.0.3'), 429, 'rate_limited');
  });

  it('uploads a file at the per-file limit (25 MiB) through nginx and serves it back whole', async () => {
    const big = randomBytes(Number(ENV.MAX_FILE_BYTES));
    const t0 = performance.now();
    const { url } = await apiClient(app, { localAddress: '127.0.0.5' }).publish({ 'index.html': '<a href="big.bin">data</a>', 'big.bin': big });
    const uploadMs = performance.now() - t0;
    const t1 = performance.now();
    const got = await http(`${through(url)}big.bin`);
    const downloadMs = performance.now() - t1;
    expect(got.status).toBe(200);
    expect(got.body.byteLength).toBe(big.byteLength);
    expect(sha256(got.body)).toBe(sha256(big));
    console.log(`nginx: 25 MiB publish ${Math.round(uploadMs)} ms, download ${Math.round(downloadMs)} ms`);
  }, 120_000);

  it('a visitor whose cookie jar another share filled still gets the page, and the planted cookies are expired', async () => {
    const { url } = await apiClient(app, { localAddress: '127.0.0.6' }).publish({ 'index.html': '<h1>crumbs</h1>' });
    // ~170 cookies of 4 KB, what Chromium keeps for one site: a 680 KB Cookie header.
    const cookie = Array.from({ length: 170 }, (_, i) => `planted${i}=${'x'.repeat(4000)}`).join('; ');
    const page = await http(through(url), { headers: { cookie } });
    expect(page.status, nginx.errors().slice(-500)).toBe(200);
    expect(page.body.toString()).toContain('crumbs');
    const expiries = [page.headers['set-cookie'] ?? []].flat().filter((c) => c.includes(`Domain=${CONTENT}`) && c.includes('Max-Age=0'));
    expect(expiries.length).toBeGreaterThan(100);
  });

  it('stops gracefully on SIGTERM, the signal share.service stops it with', async () => {
    expect(readFileSync(join(DOCS, 'share.service'), 'utf8')).toMatch(/^KillSignal=SIGTERM$/m);
    await node.stop();
    expect(node.output()).toMatch(/share: stopped on SIGTERM \(requests drained, \d+ ms\)/);
  });
});
