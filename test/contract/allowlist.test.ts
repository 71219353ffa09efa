import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShareStats } from '../../core/api-types';
import { codeFromLog, type ReadCode } from '../helpers/mail-codes';
import type { RunningServer } from '../helpers/server';
import { apiClient, http, RUNTIMES } from './client';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/**
 * An allowlisted link over HTTP on both runtimes, each started as a user starts it with the
 * development log mailer: the code is read from the server's own output.
 */
describe.each(RUNTIMES)('an allowlisted link on $name', ({ start }) => {
  let server: RunningServer;
  let api: ReturnType<typeof apiClient>;
  let readCode: ReadCode;
  beforeAll(async () => {
    server = await start();
    api = apiClient(server.url);
    readCode = codeFromLog(() => server.output!());
  });
  afterAll(async () => { await server?.stop(); });

  it('asks for an email, mails a code, opens page and assets with the cookie, and closes for a removed address', async () => {
    const { url, id, token } = await api.publish({ 'index.html': '<p>named only</p>', 'app.css': 'p{}' }, { allow: ['vi@acme.example', 'other@acme.example'] });
    const ask = await http(`${url}app.css`);
    expect(ask.status).toBe(401);
    expect(ask.body.toString()).toContain('name="email"');
    expect(ask.headers['cross-origin-resource-policy']).toBe('same-origin');
    const asked = await http(url, { method: 'POST', headers: FORM, body: 'email=vi%40acme.example' });
    const unlisted = await http(url, { method: 'POST', headers: FORM, body: 'email=no%40acme.example' });
    expect(unlisted.status).toBe(asked.status);
    expect(unlisted.body.toString().replaceAll('no@acme.example', 'X')).toBe(asked.body.toString().replaceAll('vi@acme.example', 'X'));
    const code = await readCode('vi@acme.example');
    const unlocked = await http(url, { method: 'POST', headers: FORM, body: `email=vi%40acme.example&code=${code}` });
    expect(unlocked.status).toBe(303);
    const cookie = String(unlocked.headers['set-cookie']).split(';')[0];
    expect(cookie).toMatch(/^share_viewer=/);
    expect((await http(url, { headers: { cookie } })).body.toString()).toBe('<p>named only</p>');
    expect((await http(`${url}app.css`, { headers: { cookie } })).status).toBe(200);
    const stats = (await api.call(`/api/shares/${id}/stats`, { token })).json<ShareStats>();
    expect(stats.viewers!.map((v) => [v.address, v.status])).toEqual([['vi@acme.example', 'opened'], ['other@acme.example', 'invited']]);
    expect(stats.viewers![0].firstOpenedAt).not.toBeNull();
    expect((await api.call(`/api/shares/${id}/allow`, { token, json: { remove: ['vi@acme.example'] } })).status).toBe(200);
    expect((await http(url, { headers: { cookie } })).status).toBe(401);
    expect((await http(`${url}app.css`, { headers: { cookie } })).status).toBe(401);
  });
});
