import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { api, enc, manifestOf, publish, visit } from './helpers';
import { expectRefusedWithNothingStored } from './storage';

describe('the reserved path /__share/ on share origins', () => {
  it('a manifest with a file under __share/ is refused before anything is stored', async () => {
    const { files } = await manifestOf({ 'index.html': '<p>hi</p>', '__share/feedback.js': 'alert(1)' });
    const err = await expectRefusedWithNothingStored(() => api('/api/shares', { method: 'POST', json: { files } }), 400, 'reserved_path');
    expect(err.message).toContain('__share/feedback.js is under /__share/');
  });

  it('a zip with a file under __share/ (also inside its one top folder) is refused', async () => {
    for (const zip of [
      zipSync({ 'index.html': enc.encode('<p>hi</p>'), '__share/live': enc.encode('{}') }),
      zipSync({ 'site/index.html': enc.encode('<p>hi</p>'), 'site/__share/errors': enc.encode('x') }),
    ]) {
      await expectRefusedWithNothingStored(() => api('/api/shares', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: zip }), 400, 'reserved_path');
    }
  });

  it('an update that adds a file under __share/ is refused', async () => {
    const { id, token } = await publish({ 'index.html': '<p>v1</p>' });
    const { files } = await manifestOf({ 'index.html': '<p>v2</p>', '__share/comments': '[]' });
    const res = await api(`/api/shares/${id}/versions`, { method: 'POST', json: { files }, token });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('reserved_path');
  });

  it('requests under /__share/ are answered by the service, not by the share\'s files or 404 page, on every link', async () => {
    const { id } = await publish({ 'index.html': '<p>plain</p>', '404.html': '<p>my own 404</p>' });
    for (const path of ['/__share/feedback.js', '/__share/live', '/__share/comments', '/__share/anything']) {
      const res = await visit(id, path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const body = (await res.json()) as { error: { code: string } };
      expect(body.error.code).toBe('feedback_off');
    }
    const post = await visit(id, '/__share/errors', { method: 'POST', body: '{}', headers: { origin: `http://${id}.localhost:8787` } });
    expect(post.status).toBe(404);
  });
});
