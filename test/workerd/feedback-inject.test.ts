import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { PublishResult, ShareInfo } from '../../core/api-types';
import { FEEDBACK_SCRIPT_HASH } from '../../app/pages/feedback-script.generated';
import { api, enc, publish, sha256, updateShare, visit } from './helpers';

const PAGE = '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>t</title></head><body><h1>é</h1></body></html>\n';
const tagOf = (mode: string, v: number) => `<script src="/__share/feedback.js?m=${mode}&amp;v=${v}&amp;s=${FEEDBACK_SCRIPT_HASH}"></script>`;

async function info(id: string, token: string): Promise<ShareInfo> {
  return (await api(`/api/shares/${id}`, { token })).json();
}

describe('the feedback script on a link\'s HTML pages', () => {
  it('an opt-out link serves its HTML byte-exact: same bytes, ETag = sha256, ranges honoured', async () => {
    const { id, token } = await publish({ 'index.html': PAGE });
    const res = await visit(id, '/');
    const body = new Uint8Array(await res.arrayBuffer());
    expect(body).toEqual(enc.encode(PAGE));
    expect(res.headers.get('etag')).toBe(`"${await sha256(enc.encode(PAGE))}"`);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect((await visit(id, '/', { headers: { range: 'bytes=0-4' } })).status).toBe(206);
    expect(await info(id, token)).toMatchObject({ feedback: false, live: false });
  });

  it('a feedback link gets one tag right after <head>, the rest byte-identical, with its own ETag and length, no ranges', async () => {
    const { id, token } = await publish({ 'index.html': PAGE, 'about.html': 'no head here', 'a.css': 'p{}' }, { feedback: true });
    expect(await info(id, token)).toMatchObject({ feedback: true, live: true });
    const res = await visit(id, '/');
    const text = await res.text();
    const at = PAGE.indexOf('<head>') + '<head>'.length;
    expect(text).toBe(PAGE.slice(0, at) + tagOf('feedback', 1) + PAGE.slice(at));
    expect(Number(res.headers.get('content-length'))).toBe(enc.encode(text).byteLength);
    const etag = res.headers.get('etag')!;
    expect(etag).toBe(`"${await sha256(enc.encode(PAGE))}-feedback1-${FEEDBACK_SCRIPT_HASH}"`);
    expect(res.headers.get('accept-ranges')).toBe('none');
    const ranged = await visit(id, '/', { headers: { range: 'bytes=0-4' } });
    expect(ranged.status).toBe(200);
    expect(await ranged.text()).toBe(text);
    expect((await visit(id, '/', { headers: { 'if-none-match': etag } })).status).toBe(304);
    const head = await visit(id, '/', { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(res.headers.get('content-length'));
    // No <head>, <html> or doctype: at the very start. Non-HTML files stay as stored.
    expect(await (await visit(id, '/about.html')).text()).toBe(`${tagOf('feedback', 1)}no head here`);
    expect(await (await visit(id, '/a.css')).text()).toBe('p{}');
  });

  it('a live-only link gets the live variant; a new version changes the tag; an update that leaves the settings out keeps them', async () => {
    const { id, token } = await publish({ 'index.html': PAGE }, { live: true });
    expect(await info(id, token)).toMatchObject({ feedback: false, live: true });
    expect(await (await visit(id, '/')).text()).toContain(tagOf('live', 1));
    await updateShare(id, token, { 'index.html': `${PAGE}<!-- 2 -->` });
    expect(await info(id, token)).toMatchObject({ feedback: false, live: true });
    expect(await (await visit(id, '/')).text()).toContain(tagOf('live', 2));
    await updateShare(id, token, { 'index.html': `${PAGE}<!-- 3 -->` }, { live: false });
    const off = await visit(id, '/');
    expect(await off.text()).toBe(`${PAGE}<!-- 3 -->`);
    expect(off.headers.get('etag')).toBe(`"${await sha256(enc.encode(`${PAGE}<!-- 3 -->`))}"`);
  });

  it('a zip publish takes ?feedback=1&live=1, and bad flags are refused', async () => {
    const zip = zipSync({ 'index.html': enc.encode(PAGE) });
    const res = await api('/api/shares?feedback=1&live=1', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: zip });
    expect(res.status).toBe(201);
    const result = (await res.json()) as PublishResult;
    expect(result).toMatchObject({ feedback: true, live: true });
    expect(await (await visit(result.id, '/')).text()).toContain(tagOf('feedback', 1));
    const bad = await api('/api/shares?feedback=maybe', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: zip });
    expect(bad.status).toBe(400);
    const badJson = await api('/api/shares', { method: 'POST', json: { files: [], feedback: 'yes' } });
    expect(badJson.status).toBe(400);
  });

  it('a UTF-16 page is left alone (the ASCII tag would not be text in it); the share\'s 404 page gets the tag', async () => {
    const utf16 = new Uint8Array([0xff, 0xfe, 0x3c, 0x00, 0x70, 0x00, 0x3e, 0x00]);
    const { id } = await publish({ 'index.html': PAGE, 'u.html': utf16, '404.html': '<html><body>gone</body></html>' }, { feedback: true });
    expect(new Uint8Array(await (await visit(id, '/u.html')).arrayBuffer())).toEqual(utf16);
    const missing = await visit(id, '/nope.png');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe(`<html>${tagOf('feedback', 1)}<body>gone</body></html>`);
  });
});
