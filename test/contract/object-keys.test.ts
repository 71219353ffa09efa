import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../helpers/server';
import { apiClient, expectApiError, http, RUNTIMES } from './client';

describe.each(RUNTIMES)('names that are object keys, and bodies that are not objects, on $name', ({ start }) => {
  let server: RunningServer;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => { server = await start(); api = apiClient(server.url); });
  afterAll(async () => { await server?.stop(); });

  it('files named __proto__, constructor and x.constructor publish and serve', async () => {
    const bundle: Record<string, string> = { 'index.html': '<p>keys</p>' };
    for (const n of ['__proto__', 'constructor', 'x.constructor']) Object.defineProperty(bundle, n, { value: `file ${n}`, enumerable: true });
    const { id } = await api.publish(bundle);
    const origin = server.url.replace('://localhost', `://${id}.localhost`);
    for (const n of ['__proto__', 'constructor', 'x.constructor']) {
      const res = await http(`${origin}/${n}`);
      expect(res.status, n).toBe(200);
      expect(res.body.toString(), n).toBe(`file ${n}`);
    }
  });

  it('a JSON body of null, an array or a string is a 400 (invalid_manifest / invalid_json), never a 500', async () => {
    for (const body of ['null', '[]', '"x"']) {
      for (const path of ['/api/reports', '/api/shares']) {
        expectApiError(await api.call(path, { body, headers: { 'content-type': 'application/json' } }), 400, path === '/api/shares' ? 'invalid_manifest' : 'invalid_json');
      }
    }
  });
});
