import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, http } from '../contract/client';
import { startNodeServer, type RunningNodeServer } from '../helpers/node-server';
import { MAX_HEADER_BYTES } from '../../server/runtime';

// A sibling share can fill a visitor's cookie jar for the whole content domain; Chromium sends up
// to ~690 KB of Cookie header then (test/e2e/same-site.test.ts). Node's default 16 KiB head
// limit answered 431 to every share for that visitor.
let server: RunningNodeServer;
beforeAll(async () => { server = await startNodeServer({ env: { CONTENT_DOMAIN: 'usercontent.test' } }); });
afterAll(async () => { await server?.stop(); });

const junk = (count: number, size: number) => Array.from({ length: count }, (_, i) => `fill${i}=${'f'.repeat(size)}`).join('; ');

describe('the Node server\'s request head bound', () => {
  it('serves a share to a browser whose jar is full (170 cookies of 4 KB) and expires the planted names', async () => {
    const { id } = await apiClient(server.url).publish({ 'index.html': '<p>still here</p>' });
    const cookie = junk(170, 4090);
    expect(cookie.length).toBeGreaterThan(690_000);
    const res = await http(`http://${id}.usercontent.test:${server.port}/`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('<p>still here</p>');
    const expiries = res.headers['set-cookie'] as string[];
    expect(expiries).toHaveLength(170);
    expect(expiries[0]).toBe('fill0=; Domain=usercontent.test; Path=/; Max-Age=0');
  });

  it(`answers 431 past ${MAX_HEADER_BYTES} bytes, more than any browser's cookie jar sends`, async () => {
    const res = await http(`http://x1.usercontent.test:${server.port}/`, { headers: { cookie: junk(300, 4090) } });
    expect(res.status).toBe(431);
  });
});
