import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import type { Deps } from '../../app/deps';
import { depsFromEnv, type Env } from '../../worker/index';
import type { LogFields, Logger } from '../../app/lib/log';
import { manifestOf } from './helpers';

interface Line { level: string; event: string; fields: LogFields }

function capture(): { log: Logger; lines: Line[] } {
  const lines: Line[] = [];
  return {
    lines,
    log: {
      info: (event, fields = {}) => lines.push({ level: 'info', event, fields }),
      error: (event, fields = {}) => lines.push({ level: 'error', event, fields }),
    },
  };
}

function appWith(overrides: Partial<Deps> = {}) {
  const { log, lines } = capture();
  const deps = { ...depsFromEnv(env as unknown as Env), log, ...overrides };
  return { app: createApp(deps), lines };
}

describe('request logs and ids', () => {
  it('writes one line per request with the fields an operator needs, and the id matches the response header', async () => {
    const { app, lines } = appWith();
    const res = await app.request('http://localhost:8787/api');
    expect(res.status).toBe(200);
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const requests = lines.filter((l) => l.event === 'request');
    expect(requests).toHaveLength(1);
    expect(requests[0].fields).toMatchObject({ requestId: id, method: 'GET', host: 'app', route: '/api', path: '/api', status: 200 });
    expect(typeof requests[0].fields.durationMs).toBe('number');
  });

  it('logs content requests with their share id and host kind', async () => {
    const { app, lines } = appWith();
    const res = await app.request('http://abcdefghijklmn.localhost:8787/x.css');
    expect(res.status).toBe(404);
    const line = lines.find((l) => l.event === 'request')!;
    expect(line.fields).toMatchObject({ host: 'content', route: 'content', shareId: 'abcdefghijklmn', status: 404, requestId: res.headers.get('x-request-id') });
  });

  it('keeps a well-formed client request id and replaces a malformed one', async () => {
    const { app } = appWith();
    const kept = await app.request('http://localhost:8787/api', { headers: { 'X-Request-Id': 'client-trace-1234' } });
    expect(kept.headers.get('x-request-id')).toBe('client-trace-1234');
    const replaced = await app.request('http://localhost:8787/api', { headers: { 'X-Request-Id': 'bad id with spaces and {braces}' } });
    expect(replaced.headers.get('x-request-id')).not.toContain('bad');
  });

  it('puts the request id in API error bodies', async () => {
    const { app } = appWith();
    const res = await app.request('http://localhost:8787/api/shares', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"files":[]}' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe('empty_bundle');
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('logs an unexpected error once, with its stack and request id, and shows none of it', async () => {
    const base = depsFromEnv(env as unknown as Env);
    const broken = { ...base.db, commit: async () => { throw new Error('D1_ERROR: secret internals'); } };
    const { app, lines } = appWith({ db: broken });
    const { files } = await manifestOf({ 'index.html': `<p>${crypto.randomUUID()}</p>` });
    const res = await app.request('http://localhost:8787/api/shares', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ files }) });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('secret internals');
    const errors = lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].fields.requestId).toBe(res.headers.get('x-request-id'));
    expect(String(errors[0].fields.stack)).toContain('secret internals');
  });
});

describe('GET /healthz', () => {
  it('answers 200 when D1 and R2 answer, with the version', async () => {
    const { app } = appWith();
    const res = await app.request('http://localhost:8787/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: expect.any(String), checks: { database: 'ok', storage: 'ok' }, secrets: { cookieSecret: 'generated' }, mailer: 'log', warnings: [] });
  });

  it('answers 503 naming a broken storage binding', async () => {
    const bucket = { head: async () => { throw new Error('R2 unavailable'); } } as unknown as R2Bucket;
    const { r2Store } = await import('../../worker/r2');
    const { app } = appWith({ blobs: r2Store(bucket) });
    const res = await app.request('http://localhost:8787/healthz');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'degraded', checks: { database: 'ok', storage: 'failed' } });
  });

  it('answers 503 naming a broken database binding', async () => {
    const { d1Database } = await import('../../worker/d1');
    const d1 = { prepare: () => { throw new Error('D1 unavailable'); } } as unknown as D1Database;
    const { app } = appWith({ db: d1Database(d1) });
    const res = await app.request('http://localhost:8787/healthz');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ checks: { database: 'failed', storage: 'ok' } });
  });

  it('is not reachable on a share origin', async () => {
    const { app } = appWith();
    const res = await app.request('http://abcdefghijklmn.localhost:8787/healthz');
    expect(res.headers.get('content-type')).toContain('text/html');
  });
});
