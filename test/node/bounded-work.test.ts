import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, expectApiError, http, manifestOf } from '../contract/client';
import { startNodeServer, type RunningNodeServer } from '../helpers/node-server';

/**
 * Issue 12, faults 4 and 8 on the Node runtime (SQLite counters, the client IP from a trusted
 * proxy): updates are limited per address, unfinished versions are capped, password hashing has
 * a budget, and wrong guesses cannot lock clean visitors out.
 */
describe('bounded work and the password gate on the Node server', () => {
  let server: RunningNodeServer;
  beforeAll(async () => {
    server = await startNodeServer({
      env: {
        TRUST_PROXY: 'true', RATE_LIMIT_UPDATES: '2', PASSWORD_HASHES_PER_IP: '2',
        PASSWORD_ATTEMPTS_PER_SHARE: '3', PASSWORD_ATTEMPTS_PER_IP: '2', PASSWORD_ATTEMPTS_PER_NETWORK: '2',
      },
    });
  });
  afterAll(async () => { await server?.stop(); });

  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  const update = (id: string, token: string, ip: string, extra: Record<string, unknown> = {}) => {
    const { files } = manifestOf({ 'index.html': `<p>${Math.random()}</p>` });
    return apiClient(server.url).call(`/api/shares/${id}/versions`, { token, json: { files, force: true, ...extra }, headers: from(ip) });
  };
  const guess = (url: string, password: string, ip: string) => http(url, {
    method: 'POST', body: new URLSearchParams({ password }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...from(ip) },
  });

  it('updates past RATE_LIMIT_UPDATES get 429 per address; a fourth unfinished version gets 409 too_many_pending', async () => {
    const { id, token } = await apiClient(server.url).publish({ 'index.html': '<p>node updates</p>' });
    expect((await update(id, token, '203.0.113.70')).status).toBe(201);
    expect((await update(id, token, '203.0.113.70')).status).toBe(201);
    const limited = await update(id, token, '203.0.113.70');
    expectApiError(limited, 429, 'rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await update(id, token, '203.0.113.71')).status).toBe(201);
    const full = await update(id, token, '203.0.113.71');
    expectApiError(full, 409, 'too_many_pending');
    expect(Number(full.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('setting passwords past PASSWORD_HASHES_PER_IP gets 429 from that address', async () => {
    const publish = (ip: string, password: string) => {
      const { files } = manifestOf({ 'index.html': `<p>${Math.random()}</p>` });
      return apiClient(server.url).call('/api/shares', { json: { files, password }, headers: from(ip) });
    };
    expect((await publish('203.0.113.90', 'a')).status).toBe(201);
    expect((await publish('203.0.113.90', 'b')).status).toBe(201);
    expectApiError(await publish('203.0.113.90', 'c'), 429, 'rate_limited');
    expect((await publish('203.0.113.91', 'd')).status).toBe(201);
  });

  it('wrong guesses from anyone do not lock out a clean visitor; the guessers stay throttled', async () => {
    const { url } = await apiClient(server.url).publish({ 'index.html': '<p>node gate</p>' }, { password: 'open sesame' });
    expect((await guess(url, 'no', '203.0.113.80')).status).toBe(401);
    expect((await guess(url, 'no', '203.0.113.80')).status).toBe(401);
    expect((await guess(url, 'no', '2001:db8:80::1')).status).toBe(401);
    // Under attack now (three wrong guesses on the share).
    expect((await guess(url, 'no', '2001:db8:80::2')).status).toBe(429);
    expect((await guess(url, 'open sesame', '203.0.113.80')).status).toBe(429);
    for (let i = 0; i < 3; i++) {
      const clean = await guess(url, 'open sesame', '198.51.100.9');
      expect(clean.status).toBe(303);
      expect(String(clean.headers['set-cookie'])).toMatch(/share_unlock=/);
    }
  });
});
