import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import type { BrowserContext } from 'playwright-core';
import { apiClient } from '../contract/client';
import { launchBrowser } from './browser';
import { startNodeServer, type RunningNodeServer } from './node-server';
import { freePort } from './server';

/** Shares live under this made-up domain, as under `example-usercontent.com` in production. */
export const CONTENT_DOMAIN = 'usercontent.test';
export const APP_HOSTNAME = 'app.test';

/**
 * The production layout in one box: the Node server with `CONTENT_DOMAIN=usercontent.test` and
 * `APP_HOST=app.test:<port>`, and a Chromium that resolves `*.usercontent.test` and `app.test` to
 * loopback (`--host-resolver-rules`). Unlike `*.localhost`, which Chromium treats as one site per
 * name, every share here is one *site* with every other, as on a content domain that is not on
 * the Public Suffix List: parent-domain cookies reach all shares and sibling requests are
 * `same-site`.
 *
 * `https` (the default) puts a TLS front in this process before the server, as a deployment's
 * TLS-terminating proxy would, with `PUBLIC_SCHEME=https`: the unlock cookie is `__Host-`, and
 * the origins are secure contexts, so Chromium sends Fetch Metadata, allows service workers and
 * honours `Clear-Site-Data`. The certificate is self-signed for `*.usercontent.test` and
 * `app.test`; Chromium runs with `--ignore-certificate-errors`. `http` talks to the server directly.
 */
export interface TwoDomainLayout {
  scheme: 'https' | 'http';
  /** The port the browser connects to. */
  port: number;
  appOrigin: string;
  server: RunningNodeServer;
  browser: BrowserContext;
  /** The API, called on the server directly with the app's Host header. */
  api: ReturnType<typeof apiClient>;
  /** A share's URL as the browser reaches it. */
  shareUrl(id: string, path?: string): string;
  /** What the server answered for a share so far, from its request log lines. */
  served(id: string): { method: string; path: string; status: number }[];
  /**
   * https only: sends the browser's connections to another upstream port (a stand-in for an
   * earlier deployment), or back to the server with null. Open connections are cut, so the
   * next request goes where it is told.
   */
  routeTo(port: number | null): void;
  stop(): Promise<void>;
}

/** A self-signed certificate for the content domain's wildcard and the app host (openssl, ~50 ms). */
function certificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'share-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', `/CN=${CONTENT_DOMAIN}`,
    '-addext', `subjectAltName=DNS:*.${CONTENT_DOMAIN},DNS:${APP_HOSTNAME}`], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}

export async function startTwoDomainLayout(opts: { scheme?: 'https' | 'http'; env?: Record<string, string>; browserArgs?: string[] } = {}): Promise<TwoDomainLayout> {
  const scheme = opts.scheme ?? 'https';
  const port = await freePort();
  const serverPort = scheme === 'https' ? await freePort() : port;
  const server = await startNodeServer({
    port: serverPort,
    env: { CONTENT_DOMAIN, APP_HOST: `${APP_HOSTNAME}:${port}`, ...(scheme === 'https' ? { PUBLIC_SCHEME: 'https' } : {}), ...opts.env },
  });

  let upstream = serverPort;
  const open = new Set<Socket>();
  const front = scheme === 'https' ? createTlsServer(certificate(), (client: TLSSocket) => {
    const back = connect(upstream, '127.0.0.1');
    for (const s of [client, back]) {
      open.add(s);
      s.on('error', () => { client.destroy(); back.destroy(); });
      s.on('close', () => { open.delete(s); client.destroy(); back.destroy(); });
    }
    client.pipe(back).pipe(client);
  }) : null;
  if (front) await new Promise<void>((resolve) => front.listen(port, '127.0.0.1', resolve));

  const browser = await launchBrowser({
    args: [`--host-resolver-rules=MAP *.${CONTENT_DOMAIN} 127.0.0.1, MAP ${APP_HOSTNAME} 127.0.0.1`, ...(front ? ['--ignore-certificate-errors'] : []), ...(opts.browserArgs ?? [])],
  });
  return {
    scheme, port, server, browser,
    appOrigin: `${scheme}://${APP_HOSTNAME}:${port}`,
    api: apiClient(`http://${APP_HOSTNAME}:${serverPort}`),
    shareUrl: (id, path = '/') => `${scheme}://${id}.${CONTENT_DOMAIN}:${port}${path}`,
    served: (id) => server.output().split('\n').filter((l) => l.startsWith('{') && l.includes('"event":"request"'))
      .map((l) => JSON.parse(l) as { method: string; path: string; status: number; shareId?: string })
      .filter((r) => r.shareId === id).map(({ method, path, status }) => ({ method, path, status })),
    routeTo(to) {
      if (!front) throw new Error('routeTo needs the https layout');
      upstream = to ?? serverPort;
      for (const s of open) s.destroy();
    },
    async stop() {
      await browser.close();
      for (const s of open) s.destroy();
      if (front) await new Promise<void>((resolve) => front.close(() => resolve()));
      await server.stop();
    },
  };
}
