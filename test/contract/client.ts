import { zipSync } from 'fflate';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { expect } from 'vitest';
import type { ApiErrorBody, UploadPlan } from '../../core/api-types';
import { startNodeServer } from '../helpers/node-server';
import { startServer, type RunningServer } from '../helpers/server';

/** The two runtimes every contract test runs against, each started as a user starts it. */
export const RUNTIMES: { name: string; start: () => Promise<RunningServer> }[] = [
  { name: 'worker (wrangler dev)', start: () => startServer() },
  { name: 'node (share-server)', start: () => startNodeServer() },
];

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
export const enc = new TextEncoder();
export type Bundle = Record<string, string | Uint8Array>;

export function manifestOf(bundle: Bundle) {
  const bytes = new Map<string, Uint8Array>();
  const files = Object.entries(bundle).map(([path, content]) => {
    const b = typeof content === 'string' ? enc.encode(content) : content;
    bytes.set(path, b);
    return { path, size: b.byteLength, sha256: sha256(b) };
  });
  return { files, bytes };
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  json<T = unknown>(): T;
}

/**
 * One HTTP request to loopback with an explicit Host header: works for the API host and for
 * `<id>.localhost` share origins alike (Node's fetch cannot resolve those).
 */
export function http(url: string, init: { method?: string; headers?: Record<string, string>; body?: Uint8Array | string; localAddress?: string } = {}): Promise<Reply> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    // localAddress: the source address (any of 127.0.0.0/8 on loopback), to act as distinct clients.
    const req = request({ host: '127.0.0.1', port: u.port, path: `${u.pathname}${u.search}`, method: init.method ?? 'GET', agent: false, localAddress: init.localAddress, headers: { host: u.host, ...init.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode!, headers: res.headers, body, json: <T>() => JSON.parse(body.toString()) as T });
      });
    });
    // A server may answer an upload it refuses before reading all of it and then close the
    // connection (RFC 9110 allows it); like a browser, take the answer if one arrives.
    let answered = false;
    req.on('response', () => { answered = true; });
    req.on('error', (err) => { if (!answered) setTimeout(() => { if (!answered) reject(err); }, 500); });
    req.end(init.body);
  });
}

/** A client for one running server's API; `localAddress` makes its requests come from that loopback address. */
export function apiClient(base: string, client: { localAddress?: string } = {}) {
  const call = (path: string, init: { method?: string; token?: string; json?: unknown; body?: Uint8Array | string; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let body = init.body;
    if (init.json !== undefined) { headers['content-type'] = 'application/json'; body = JSON.stringify(init.json); }
    return http(`${base}${path}`, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, localAddress: client.localAddress });
  };

  async function start(bundle: Bundle, extra: Record<string, unknown> = {}) {
    const { files, bytes } = manifestOf(bundle);
    const res = await call('/api/shares', { json: { files, ...extra } });
    expect(res.status, res.body.toString()).toBe(201);
    return { plan: res.json<UploadPlan>(), files, bytes };
  }

  async function upload(plan: UploadPlan, files: { path: string; sha256: string }[], bytes: Map<string, Uint8Array>, token: string, only = plan.missing) {
    for (const sha of only) {
      const f = files.find((x) => x.sha256 === sha)!;
      const res = await call(`${plan.uploadPath}${sha}`, { method: 'PUT', body: bytes.get(f.path), token });
      expect(res.status, res.body.toString()).toBe(204);
    }
  }

  /** The three-step publish: manifest, missing blobs, finalize. */
  async function publish(bundle: Bundle, extra: Record<string, unknown> = {}) {
    const { plan, files, bytes } = await start(bundle, extra);
    await upload(plan, files, bytes, plan.ownerToken!);
    const fin = await call(plan.finalizePath, { method: 'POST', token: plan.ownerToken });
    expect(fin.status, fin.body.toString()).toBe(200);
    return { id: plan.id, url: plan.url, token: plan.ownerToken!, plan };
  }

  /** The one-request publish: a zip. */
  function publishZip(bundle: Bundle, query = '') {
    const entries = Object.fromEntries(Object.entries(bundle).map(([p, c]) => [p, typeof c === 'string' ? enc.encode(c) : c]));
    return call(`/api/shares${query}`, { method: 'POST', body: zipSync(entries), headers: { 'content-type': 'application/zip' } });
  }

  return { call, start, upload, publish, publishZip };
}

/** Asserts an API refusal: status, JSON content type, `{"error":{code,message}}`. */
export function expectApiError(res: Reply, status: number, code: string) {
  expect(res.status, res.body.toString()).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const body = res.json<ApiErrorBody>();
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
}

/** A syntactically valid hash nobody uploads, for manifests whose bytes never move. */
export const fakeHash = (label: string) => sha256(enc.encode(`${label}-${Math.random()}`));
