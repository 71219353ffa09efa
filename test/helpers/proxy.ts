import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with one request. */
export type ProxyAction =
  | 'forward'
  /** Never answer (a dead upstream); the request is recorded, and whether the client gave up. */
  | 'hang'
  /** Forward at once, but hold the answer this long (the server has already acted). */
  | { holdAnswerMs: number }
  /** Run this first (e.g. break something locally), then forward. */
  | { before: () => void | Promise<void> }
  /** Answer by itself, as an egress proxy or a firewall would. */
  | { status: number; type: string; body: string };

export interface SeenRequest { method: string; path: string; aborted: boolean; answered: boolean }

export interface TestProxy {
  url: string;
  requests: SeenRequest[];
  /** The rule for the requests from now on; `() => 'forward'` by default. */
  rule: (method: string, path: string) => ProxyAction;
  close(): Promise<void>;
}

/**
 * A small HTTP proxy in front of a running share server, standing in for what sits between a
 * user and the server: a slow or dead network, an egress proxy that refuses, a firewall page. It
 * rewrites Host to the server's, so the links handed out point at the server itself.
 */
export async function startProxy(target: string): Promise<TestProxy> {
  const upstream = new URL(target);
  const proxy: TestProxy = { url: '', requests: [], rule: () => 'forward', close: async () => {} };
  const sockets = new Set<import('node:net').Socket>();

  const forward = (req: IncomingMessage, res: ServerResponse, seen: SeenRequest, holdMs = 0) => {
    const out = request({ host: '127.0.0.1', port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(answer.statusCode!, answer.headers);
        res.end(Buffer.concat(chunks));
        seen.answered = true;
      }, holdMs));
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  };

  const server = createServer(async (req, res) => {
    const seen: SeenRequest = { method: req.method!, path: req.url!, aborted: false, answered: false };
    proxy.requests.push(seen);
    res.on('close', () => { if (!seen.answered) seen.aborted = true; });
    const action = proxy.rule(seen.method, seen.path);
    if (action === 'hang') { req.resume(); return; }
    if (action === 'forward') return forward(req, res, seen);
    if ('holdAnswerMs' in action) return forward(req, res, seen, action.holdAnswerMs);
    if ('before' in action) { await action.before(); return forward(req, res, seen); }
    req.resume();
    req.on('end', () => {
      res.writeHead(action.status, { 'content-type': action.type });
      res.end(action.body);
      seen.answered = true;
    });
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  });
  return proxy;
}

/** Waits until `check` holds (polling), or fails after `ms`. */
export async function until(check: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
