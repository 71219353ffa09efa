import BetterSqlite3 from 'better-sqlite3';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardedClientIp, parseTrustProxy } from '../../server/client-ip';
import { apiClient, expectApiError, manifestOf } from '../contract/client';
import { startNodeServer, type RunningNodeServer } from '../helpers/node-server';

describe('forwardedClientIp: the entry the trusted proxies wrote, never the client\'s own claim', () => {
  it('takes the entry `hops` places from the right', () => {
    expect(forwardedClientIp('6.6.6.6, 203.0.113.9', 1)).toBe('203.0.113.9');
    expect(forwardedClientIp('6.6.6.6, 203.0.113.9, 10.0.0.2', 2)).toBe('203.0.113.9');
    expect(forwardedClientIp('2001:db8::1', 1)).toBe('2001:db8::1');
  });
  it.each([
    ['no header', undefined, 1],
    ['fewer entries than proxies', '203.0.113.9', 2],
    ['not an address', 'unknown', 1],
    ['trust switched off', '203.0.113.9', 0],
  ])('gives null for %s', (_name, header, hops) => {
    expect(forwardedClientIp(header as string | undefined, hops as number)).toBeNull();
  });
  it('TRUST_PROXY reads false, true or a count of proxies', () => {
    expect([undefined, '', 'false', '0', 'true', '1', '3', '10'].map(parseTrustProxy)).toEqual([0, 0, 0, 0, 1, 1, 3, 10]);
    for (const bad of ['yes', '11', '-1', '1.5']) expect(parseTrustProxy(bad)).toBeNull();
  });
});

describe('the Node server behind a proxy (TRUST_PROXY=true) and its data at rest', () => {
  let server: RunningNodeServer;
  beforeAll(async () => {
    server = await startNodeServer({ env: { TRUST_PROXY: 'true', RATE_LIMIT_PUBLISHES: '2' } });
  });
  afterAll(async () => { await server?.stop(); });

  const publishFrom = (forwardedFor: string) => {
    const { files } = manifestOf({ 'index.html': `<p>${Math.random()}</p>` });
    return apiClient(server.url).call('/api/shares', { json: { files }, headers: { 'x-forwarded-for': forwardedFor } });
  };

  it('a client writing its own X-Forwarded-For entries cannot escape its per-IP publish limit', async () => {
    expect((await publishFrom('1.1.1.1, 203.0.113.50')).status).toBe(201);
    expect((await publishFrom('2.2.2.2, 203.0.113.50')).status).toBe(201);
    expectApiError(await publishFrom('3.3.3.3, 203.0.113.50'), 429, 'rate_limited');
    expect((await publishFrom('3.3.3.3, 203.0.113.51')).status).toBe(201);
  });

  it('addresses of one IPv6 /64 share one publish limit', async () => {
    expect((await publishFrom('2001:db8:5:6::1')).status).toBe(201);
    expect((await publishFrom('2001:db8:5:6::2')).status).toBe(201);
    expectApiError(await publishFrom('2001:db8:5:6:a:b:c:d'), 429, 'rate_limited');
  });

  it('keeps its data folder 0700 and the database, its journal and the secret 0600', () => {
    const mode = (p: string) => statSync(p).mode & 0o777;
    expect(mode(server.dataDir)).toBe(0o700);
    for (const file of ['share.db', 'share.db-wal', 'cookie-secret']) expect(mode(join(server.dataDir, file)), file).toBe(0o600);
    expect(mode(join(server.dataDir, 'blobs'))).toBe(0o700);
  });

  it('keeps no signing secret in the database, so a copy of share.db alone cannot forge an unlock cookie', async () => {
    const { id } = await apiClient(server.url).publish({ 'index.html': '<p>pw</p>' }, { password: 'pw' });
    expect(id).toMatch(/^[0-9a-z]+$/);
    const db = new BetterSqlite3(join(server.dataDir, 'share.db'), { readonly: true });
    try {
      const rows = db.prepare('select key from settings').all() as { key: string }[];
      expect(rows.map((r) => r.key)).not.toContain('cookie_secret');
    } finally {
      db.close();
    }
  });
});
