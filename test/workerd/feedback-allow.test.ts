import { describe, expect, it } from 'vitest';
import { api, publish } from './helpers';
import { allowApp } from './allow-helpers';

const bundle = { 'index.html': '<!doctype html><html><head></head><body><button id="buy">Buy</button></body></html>' };
const comment = { page: '/', anchor: { selector: '#buy', text: 'Buy', x: 0.1, y: 0.1 }, text: 'green please' };

/** The `/__share/` endpoints of an allowlisted feedback link need the viewer cookie of a person it still names, like its pages. */
describe('an allowlisted feedback link\'s endpoints', () => {
  it('answer 401 without a named viewer\'s cookie (none, another share\'s, a removed person\'s), and work with one', async () => {
    const app = allowApp();
    const { id, token } = await publish(bundle, { allow: ['ana@acme.example', 'bo@acme.example'], feedback: true });
    const other = await publish(bundle, { allow: ['ana@acme.example'], feedback: true });
    const own = `http://${id}.localhost:8787`;
    const write = (cookie?: string) => app.visit(id, '/__share/comments', {
      method: 'POST', body: JSON.stringify(comment), ip: '203.0.113.40',
      headers: { 'content-type': 'application/json', origin: own, 'sec-fetch-site': 'same-origin', ...(cookie ? { cookie } : {}) },
    });
    const read = (path: string, cookie?: string) => app.visit(id, path, { headers: { 'sec-fetch-site': 'same-origin', ...(cookie ? { cookie } : {}) } });
    const paths = ['/__share/live', '/__share/feedback.js', '/__share/comments?page=/'];

    for (const path of paths) expect((await read(path)).status, path).toBe(401);
    expect((await write()).status).toBe(401);
    const elsewhere = (await app.unlock(other.id, 'ana@acme.example')).cookie!;
    for (const path of paths) expect((await read(path, elsewhere)).status, path).toBe(401);
    expect((await write(elsewhere)).status).toBe(401);

    const ana = (await app.unlock(id, 'ana@acme.example')).cookie!;
    const bo = (await app.unlock(id, 'bo@acme.example')).cookie!;
    for (const path of paths) expect((await read(path, ana)).status, path).toBe(200);
    const posted = await write(ana);
    expect(posted.status).toBe(201);
    expect(posted.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(posted.headers.get('vary')).toContain('Cookie');

    // Removing Bo ends Bo's access to the endpoints at the next request, as to the pages (a removal signs everyone out: allowVersion).
    expect((await api(`/api/shares/${id}/allow`, { method: 'POST', token, json: { remove: ['bo@acme.example'] } })).status).toBe(200);
    expect((await read('/', bo)).status).toBe(401);
    for (const path of paths) expect((await read(path, bo)).status, path).toBe(401);
    expect((await write(bo)).status).toBe(401);
    const again = (await app.unlock(id, 'ana@acme.example')).cookie!;
    expect((await read('/__share/live', again)).status).toBe(200);
    // Another page of the same site, even with Ana's cookie, is refused before anything else.
    expect((await app.visit(id, '/__share/comments?page=/', { headers: { 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty', cookie: again } })).status).toBe(403);
  });
});
