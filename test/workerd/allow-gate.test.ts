import { describe, expect, it } from 'vitest';
import { publish } from './helpers';
import { allowApp, settle } from './allow-helpers';

const bundle = { 'index.html': '<p>the secret plan</p><link rel="stylesheet" href="css/a.css">', 'css/a.css': '.named{}', 'img/x.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>' };
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'";

describe('the allowlist gate on the share origin', () => {
  it('asks for an email on every path, page and assets alike, and shows nothing of the share', async () => {
    const app = allowApp();
    const { id } = await publish(bundle, { allow: ['alice@acme.example'] });
    for (const path of ['/', '/index.html', '/css/a.css', '/img/x.svg', '/missing']) {
      const res = await app.visit(id, path);
      expect(res.status, path).toBe(401);
      const html = await res.text();
      expect(html).toContain('name="email"');
      expect(html).not.toContain('named{');
      expect(html).not.toContain('secret plan');
      expect(html).not.toContain('<script');
      expect(res.headers.get('content-security-policy')).toBe(CSP);
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('a listed address gets a code by mail; the right code sets a host-only signed cookie that opens page and assets', async () => {
    const app = allowApp();
    const { id } = await publish(bundle, { allow: ['alice@acme.example', '*@partner.example'], title: 'Q3 plan' });
    const asked = await app.post(id, { email: '  Alice@ACME.example ' }, { path: '/css/a.css?v=2' });
    expect(asked.status).toBe(401);
    expect(await asked.text()).toContain('If alice@acme.example may see this page, a code is on its way to it.');
    const code = await app.codeFor('alice@acme.example');
    const mail = app.mails().find((m) => m.to === 'alice@acme.example')!;
    expect(mail.subject).toBe(`Your code for "Q3 plan" on localhost:8787: ${code}`);
    expect(mail.text).toContain(`http://${id}.localhost:8787/`);
    const res = await app.post(id, { email: 'alice@acme.example', code }, { path: '/css/a.css?v=2' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/css/a.css?v=2');
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^share_viewer=[^;]+; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
    expect(setCookie).not.toMatch(/domain/i);
    const cookie = setCookie.split(';')[0];
    for (const [path, text] of Object.entries({ '/': bundle['index.html'], '/css/a.css': bundle['css/a.css'], '/img/x.svg': bundle['img/x.svg'] })) {
      const page = await app.visit(id, path, { headers: { cookie } });
      expect(page.status, path).toBe(200);
      expect(await page.text()).toBe(text);
      expect(page.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    }
    // A domain entry lets any address of that domain in.
    const bob = await app.unlock(id, 'bob@partner.example');
    expect(bob.res.status).toBe(303);
    expect((await app.visit(id, '/', { headers: { cookie: bob.cookie! } })).status).toBe(200);
  });

  it('an address that is not listed gets the same answer and no mail', async () => {
    const app = allowApp();
    const { id } = await publish(bundle, { allow: ['alice@acme.example', '*@partner.example'] });
    const listed = await app.post(id, { email: 'alice@acme.example' }, { ip: '203.0.113.21' });
    const unlisted = await app.post(id, { email: 'mallory@acme.example' }, { ip: '203.0.113.22' });
    const subdomain = await app.post(id, { email: 'eve@sub.partner.example' }, { ip: '203.0.113.23' });
    expect(unlisted.status).toBe(listed.status);
    const same = (html: string, address: string) => html.replaceAll(address, 'ADDRESS');
    const listedHtml = same(await listed.text(), 'alice@acme.example');
    expect(same(await unlisted.text(), 'mallory@acme.example')).toBe(listedHtml);
    expect(same(await subdomain.text(), 'eve@sub.partner.example')).toBe(listedHtml);
    expect([...unlisted.headers.keys()].sort()).toEqual([...listed.headers.keys()].sort());
    await app.codeFor('alice@acme.example');
    await settle();
    expect(app.mails().map((m) => m.to)).toEqual(['alice@acme.example']);
    // A made-up code for the unlisted address is refused like any wrong code.
    const guess = await app.post(id, { email: 'mallory@acme.example', code: '123456' });
    expect(guess.status).toBe(401);
    expect(guess.headers.get('set-cookie')).toBeNull();
  });

  it('refuses another origin\'s requests for its bytes, and uses __Host- on https', async () => {
    const app = allowApp();
    const { id } = await publish(bundle, { allow: ['alice@acme.example'] });
    const { cookie } = await app.unlock(id, 'alice@acme.example');
    const foreign = await app.visit(id, '/css/a.css', { headers: { cookie: cookie!, 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'style' } });
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).not.toContain('named');
    const https = allowApp({ publicScheme: 'https' });
    const secure = await https.unlock(id, 'alice@acme.example', { ip: '203.0.113.31' });
    expect(secure.res.headers.get('set-cookie')).toMatch(/^__Host-share_viewer=[^;]+; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$/);
  });

  it('an invalid address is told so; the form stays', async () => {
    const app = allowApp();
    const { id } = await publish(bundle, { allow: ['alice@acme.example'] });
    const res = await app.post(id, { email: 'not an address' });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('does not look like an email address');
  });
});
