import { describe, expect, it } from 'vitest';
import { api, publish } from './helpers';
import { allowApp } from './allow-helpers';
import type { ShareStats } from '../../core/api-types';

const bundle = { 'index.html': '<p>codes</p>' };
const other = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

/** Each refusal rule of one-time codes: one wrong answer, no cookie, and the page asks again. */
describe('one-time codes', () => {
  it('a wrong code is refused and counted on the person', async () => {
    const app = allowApp();
    const { id, token } = await publish(bundle, { allow: ['wrong@acme.example'] });
    await app.post(id, { email: 'wrong@acme.example' });
    const code = await app.codeFor('wrong@acme.example');
    const res = await app.post(id, { email: 'wrong@acme.example', code: other(code) });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).toContain('That code is not right');
    const stats = (await (await api(`/api/shares/${id}/stats`, { token })).json()) as ShareStats;
    expect(stats.viewers![0]).toMatchObject({ address: 'wrong@acme.example', status: 'code_sent', failedAttempts: 1 });
    // The right one still works afterwards.
    expect((await app.post(id, { email: 'wrong@acme.example', code })).status).toBe(303);
  });

  it('an expired code (past 10 minutes) is refused', async () => {
    const app = allowApp();
    const { id } = await publish(bundle, { allow: ['late@acme.example'] });
    await app.post(id, { email: 'late@acme.example' });
    const code = await app.codeFor('late@acme.example');
    app.clock.advance(10 * 60_000 + 1000);
    const res = await app.post(id, { email: 'late@acme.example', code });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('a code works once', async () => {
    const app = allowApp();
    const { id } = await publish(bundle, { allow: ['once@acme.example'] });
    await app.post(id, { email: 'once@acme.example' });
    const code = await app.codeFor('once@acme.example');
    const [a, b] = await Promise.all([
      app.post(id, { email: 'once@acme.example', code }, { ip: '203.0.113.41' }),
      app.post(id, { email: 'once@acme.example', code }, { ip: '203.0.113.42' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([303, 401]);
    const again = await app.post(id, { email: 'once@acme.example', code }, { ip: '203.0.113.43' });
    expect(again.status).toBe(401);
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('after 5 wrong tries the code is dead, even the right one', async () => {
    const app = allowApp();
    const { id } = await publish(bundle, { allow: ['tries@acme.example'] });
    await app.post(id, { email: 'tries@acme.example' });
    const code = await app.codeFor('tries@acme.example');
    for (let i = 0; i < 5; i++) expect((await app.post(id, { email: 'tries@acme.example', code: other(code) })).status).toBe(401);
    const res = await app.post(id, { email: 'tries@acme.example', code });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    // A new code starts again.
    await app.post(id, { email: 'tries@acme.example' });
    const fresh = await app.codeFor('tries@acme.example', 2);
    expect((await app.post(id, { email: 'tries@acme.example', code: fresh })).status).toBe(303);
  });

  it('a new code replaces the earlier one', async () => {
    const app = allowApp();
    const { id } = await publish(bundle, { allow: ['twice@acme.example'] });
    await app.post(id, { email: 'twice@acme.example' });
    const first = await app.codeFor('twice@acme.example');
    await app.post(id, { email: 'twice@acme.example' });
    const second = await app.codeFor('twice@acme.example', 2);
    if (first !== second) expect((await app.post(id, { email: 'twice@acme.example', code: first })).status).toBe(401);
    expect((await app.post(id, { email: 'twice@acme.example', code: second })).status).toBe(303);
  });

  it('codes asked per address are limited (ALLOW_CODES_PER_ADDRESS), listed or not, with the same 429', async () => {
    const app = allowApp();
    const { id } = await publish(bundle, { allow: ['many@acme.example'] });
    for (const address of ['many@acme.example', 'unlisted@acme.example']) {
      for (let i = 0; i < 3; i++) expect((await app.post(id, { email: address }, { ip: `198.51.100.${i + 10}` })).status).toBe(401);
      const res = await app.post(id, { email: address }, { ip: '198.51.100.99' });
      expect(res.status, address).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('codes asked per client are limited (ALLOW_CODES_PER_IP)', async () => {
    const app = allowApp();
    const { id } = await publish(bundle, { allow: ['*@acme.example'] });
    for (let i = 0; i < 10; i++) expect((await app.post(id, { email: `p${i}@acme.example` }, { ip: '198.51.100.200' })).status).toBe(401);
    expect((await app.post(id, { email: 'p10@acme.example' }, { ip: '198.51.100.200' })).status).toBe(429);
  });

  it('codes sent per link are capped (ALLOW_CODES_PER_SHARE): past it no mail, the same answer', async () => {
    const app = allowApp({}, { codesPerShare: 2 });
    const { id } = await publish(bundle, { allow: ['*@cap.example'] });
    for (let i = 0; i < 3; i++) expect((await app.post(id, { email: `c${i}@cap.example` }, { ip: `198.51.100.${50 + i}` })).status).toBe(401);
    await app.codeFor('c1@cap.example');
    await new Promise((r) => setTimeout(r, 100));
    expect(app.mails().map((m) => m.to).sort()).toEqual(['c0@cap.example', 'c1@cap.example']);
  });

  it('code mails to one address are capped per day across every link (ALLOW_MAILS_PER_ADDRESS): past it no mail, the same answer', async () => {
    const app = allowApp({}, { mailsPerAddressPerDay: 2 });
    const victim = `v${crypto.randomUUID().slice(0, 8)}@inbox.example`;
    const links = [];
    for (let i = 0; i < 3; i++) links.push((await publish(bundle, { allow: [victim] })).id);
    for (const [i, id] of links.entries()) {
      const res = await app.post(id, { email: victim }, { ip: `198.51.100.${80 + i}` });
      expect(res.status).toBe(401);
      expect(await res.text()).toContain('a code is on its way');
    }
    await app.codeFor(victim, 2);
    await new Promise((r) => setTimeout(r, 150));
    expect(app.mails().filter((m) => m.to === victim)).toHaveLength(2);
  });

  it('wrong codes per client are limited (ALLOW_ATTEMPTS_PER_IP), across addresses', async () => {
    const app = allowApp({}, { attemptsPerIp: 3 });
    const { id } = await publish(bundle, { allow: ['*@try.example'] });
    for (let i = 0; i < 3; i++) expect((await app.post(id, { email: `t${i}@try.example`, code: '000000' }, { ip: '198.51.100.77' })).status).toBe(401);
    expect((await app.post(id, { email: 't9@try.example', code: '000000' }, { ip: '198.51.100.77' })).status).toBe(429);
  });

  it('wrong codes per link are limited (ALLOW_ATTEMPTS_PER_SHARE) across clients and addresses, so rotating IPs buys no more guesses', async () => {
    const app = allowApp({}, { attemptsPerShare: 3 });
    const { id } = await publish(bundle, { allow: ['*@rot.example'] });
    const capped: string[] = [];
    app.onLog((event) => { if (event === 'allow_attempts_capped') capped.push(event); });
    await app.post(id, { email: 'v@rot.example' });
    const code = await app.codeFor('v@rot.example');
    for (let i = 0; i < 3; i++) expect((await app.post(id, { email: `g${i}@rot.example`, code: '000000' }, { ip: `198.51.100.${120 + i}` })).status).toBe(401);
    const res = await app.post(id, { email: 'v@rot.example', code }, { ip: '198.51.100.130' });
    expect(res.status).toBe(429);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect((await app.post(id, { email: 'v@rot.example', code: '000000' }, { ip: '198.51.100.134' })).status).toBe(429);
    expect(capped).toEqual(['allow_attempts_capped']);
    // The next window: a new code works.
    app.clock.advance(15 * 60_000);
    await app.post(id, { email: 'v@rot.example' }, { ip: '198.51.100.131' });
    const fresh = await app.codeFor('v@rot.example', 2);
    expect((await app.post(id, { email: 'v@rot.example', code: fresh }, { ip: '198.51.100.131' })).status).toBe(303);
  });
});
