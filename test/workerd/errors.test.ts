import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import type { Database } from '../../app/db/client';
import { depsFromEnv, type Env } from '../../worker/index';
import type { LogFields, Logger } from '../../app/lib/log';
import { api, enc, manifestOf, publish, sha256, visit } from './helpers';
import { expectApiError } from './storage';

const SECRET = 'D1_ERROR: no such table: shares_secret_internal at /srv/worker/db/queries.ts:42';

/** The real app over real bindings, except a database that fails every query with an internal-looking message. */
function brokenApp() {
  const logged: { event: string; fields?: LogFields }[] = [];
  const log: Logger = { info: () => {}, error: (event, fields) => logged.push({ event, fields }) };
  const fail = () => { throw new Error(SECRET); };
  const orm = new Proxy({}, { get: () => fail });
  const db: Database = { orm: orm as Database['orm'], commit: async () => fail(), isOutage: () => false };
  const app = createApp({ ...depsFromEnv(env as unknown as Env), db, log });
  return { app, logged };
}

describe('server errors never show internals', () => {
  it('an API failure answers 500 {"error":{"code":"internal"}} and logs the details instead', async () => {
    const { app, logged } = brokenApp();
    const { files } = await manifestOf({ 'index.html': '<p>errors api</p>' });
    const requests = [
      new Request('http://localhost:8787/api/shares/abcdefghijklmn', { headers: { authorization: 'Bearer x' } }),
      new Request('http://localhost:8787/api/shares', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ files }) }),
    ];
    for (const req of requests) {
      const res = await app.fetch(req);
      const body = await res.clone().text();
      await expectApiError(res, 500, 'internal');
      expect(body).not.toContain('D1_ERROR');
      expect(body).not.toContain('queries.ts');
      expect(body).not.toContain('shares_secret_internal');
    }
    expect(logged.length).toBe(2);
    expect(logged[0].event).toBe('unhandled_error');
    expect(logged[0].fields?.message).toBe(SECRET);
  });

  it('a content failure answers a 500 page, not the error', async () => {
    const { app, logged } = brokenApp();
    const res = await app.fetch(new Request('http://abcdefghijklmn.localhost:8787/'));
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const text = await res.text();
    expect(text).toContain('Something went wrong');
    expect(text).not.toContain('D1_ERROR');
    expect(logged.map((l) => l.event)).toEqual(['content_error']);
  });

  it('a file whose object vanished from R2 answers the 500 page without naming the object', async () => {
    const { id } = await publish({ 'index.html': '<p>errors vanished</p>', 'gone.css': '.errors-gone{}' });
    const hash = await sha256(enc.encode('.errors-gone{}'));
    await env.BLOBS.delete(`${id}/${hash}`);
    const res = await visit(id, '/gone.css');
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const text = await res.text();
    expect(text).toContain('Something went wrong');
    expect(text).not.toContain(hash);
    expect(text).not.toContain(id);
    // The rest of the share is unaffected.
    expect(await (await visit(id, '/')).text()).toBe('<p>errors vanished</p>');
  });

  it('the real app answers the API normally (the broken one above is the only difference)', async () => {
    const res = await api('/api/shares/abcdefghijklmn', { token: 'x' });
    await expectApiError(res, 404, 'not_found');
  });
});
