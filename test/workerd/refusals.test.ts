import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { UploadPlan } from '../../core/api-types';
import { APP, api, enc, manifestOf, publish, sha256 } from './helpers';
import { count, expectApiError, expectRefusedWithNothingStored, r2Keys, shareRow } from './storage';

const MiB = 1024 * 1024;
const LIMITS = { maxFileBytes: 25 * MiB, maxShareBytes: 100 * MiB, maxFiles: 1000 };

/** A syntactically valid hash that is unique per call, for manifests whose bytes never move. */
let counter = 0;
async function fakeHash(label = 'refusal'): Promise<string> {
  return sha256(enc.encode(`${label}-${counter++}-${Math.random()}`));
}

async function manifestFile(path: string, size = 10) {
  return { path, size, sha256: await fakeHash(path) };
}

const postManifest = (json: unknown) => () => api('/api/shares', { method: 'POST', json });

/** Posts a manifest and returns the pending plan; the share exists but nothing is uploaded. */
async function pending(bundle: Record<string, string>) {
  const { files, bytes } = await manifestOf(bundle);
  const res = await api('/api/shares', { method: 'POST', json: { files } });
  expect(res.status).toBe(201);
  const plan = (await res.json()) as UploadPlan;
  return { plan, files, bytes, token: plan.ownerToken! };
}

describe('manifest refusals (POST /api/shares): status, code, and nothing stored', () => {
  it('empty bundle → 400 empty_bundle', async () => {
    await expectRefusedWithNothingStored(postManifest({ files: [] }), 400, 'empty_bundle');
  });

  it('invalid JSON → 400 invalid_json', async () => {
    await expectRefusedWithNothingStored(
      () => api('/api/shares', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"files": [' }),
      400, 'invalid_json',
    );
  });

  it('an empty JSON body → 400 invalid_json', async () => {
    await expectRefusedWithNothingStored(
      () => api('/api/shares', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' }),
      400, 'invalid_json',
    );
  });

  for (const [label, body] of [['null', null], ['an array', []], ['a string', 'files'], ['files not an array', { files: 'index.html' }], ['no files key', { entry: 'index.html' }]] as const) {
    it(`a manifest that is ${label} → 400 invalid_manifest`, async () => {
      await expectRefusedWithNothingStored(postManifest(body), 400, 'invalid_manifest');
    });
  }

  for (const type of [undefined, 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/octet-stream']) {
    it(`Content-Type ${type ?? '(none)'} → 415 unsupported_media_type`, async () => {
      const body = JSON.stringify({ files: [await manifestFile('index.html')] });
      await expectRefusedWithNothingStored(
        () => SELF_fetch('/api/shares', { method: 'POST', headers: type ? { 'content-type': type } : {}, body }),
        415, 'unsupported_media_type',
      );
    });
  }

  it('application/json with a charset parameter is accepted', async () => {
    const res = await api('/api/shares', {
      method: 'POST', headers: { 'content-type': 'Application/JSON; charset=utf-8' },
      body: JSON.stringify({ files: [await manifestFile('index.html')] }),
    });
    expect(res.status).toBe(201);
  });

  const badPaths: [string, string][] = [
    ['..', '../secret.html'],
    ['.. in the middle', 'a/../../b.html'],
    ['.. at the end', 'a/..'],
    ['an absolute path', '/etc/passwd'],
    ['a Windows drive path', 'C:/Windows/win.ini'],
    ['a backslash', 'css\\site.css'],
    ['a backslash traversal', '..\\..\\secret'],
    ['NUL', 'index.html\u0000.png'],
    ['a control character', 'a\u0007b.html'],
    ['a C1 control character', 'a\u0085b.html'],
    ['an empty segment', 'a//b.html'],
    ['a "." segment', './index.html'],
    ['a trailing slash', 'dir/'],
    ['an empty path', ''],
    ['an over-long segment', `${'a'.repeat(256)}.html`],
    ['an over-long path', `${'abcdefgh/'.repeat(120)}x.html`],
  ];
  for (const [label, path] of badPaths) {
    it(`a path with ${label} → 400 invalid_path`, async () => {
      const files = [await manifestFile('index.html'), await manifestFile(path)];
      await expectRefusedWithNothingStored(postManifest({ files }), 400, 'invalid_path');
    });
  }

  it('a path that is not a string → 400 invalid_path', async () => {
    const files = [await manifestFile('index.html'), { path: 42, size: 1, sha256: await fakeHash() }];
    await expectRefusedWithNothingStored(postManifest({ files }), 400, 'invalid_path');
  });

  it('a hostile entry path → 400 invalid_path', async () => {
    const files = [await manifestFile('index.html')];
    await expectRefusedWithNothingStored(postManifest({ files, entry: '../index.html' }), 400, 'invalid_path');
  });

  it('the same path twice → 400 duplicate_path', async () => {
    const files = [await manifestFile('index.html'), await manifestFile('a.css'), await manifestFile('a.css')];
    await expectRefusedWithNothingStored(postManifest({ files }), 400, 'duplicate_path');
  });

  it('paths equal after NFC normalisation (é composed vs decomposed) → 400 duplicate_path', async () => {
    const composed = 'caf\u00e9.html';
    const decomposed = 'cafe\u0301.html';
    expect(composed).not.toBe(decomposed);
    expect(composed.normalize('NFC')).toBe(decomposed.normalize('NFC'));
    const files = [await manifestFile('index.html'), await manifestFile(composed), await manifestFile(decomposed)];
    const err = await expectRefusedWithNothingStored(postManifest({ files }), 400, 'duplicate_path');
    expect(err.message).toContain(composed);
  });

  for (const [label, file] of [
    ['upper-case hex', { path: 'index.html', size: 1, sha256: 'A'.repeat(64) }],
    ['too short', { path: 'index.html', size: 1, sha256: 'a'.repeat(63) }],
    ['not hex', { path: 'index.html', size: 1, sha256: 'g'.repeat(64) }],
    ['missing', { path: 'index.html', size: 1 }],
  ] as const) {
    it(`a sha256 that is ${label} → 400 invalid_manifest`, async () => {
      await expectRefusedWithNothingStored(postManifest({ files: [file] }), 400, 'invalid_manifest');
    });
  }

  for (const size of [-1, 1.5, '10', null, Number.MAX_SAFE_INTEGER + 2]) {
    it(`a size of ${JSON.stringify(size)} → 400 invalid_manifest`, async () => {
      const files = [{ path: 'index.html', size, sha256: await fakeHash() }];
      await expectRefusedWithNothingStored(postManifest({ files }), 400, 'invalid_manifest');
    });
  }

  it('one hash listed with two different sizes → 400 invalid_manifest (a file would be served with a wrong length)', async () => {
    const hash = await sha256(enc.encode('hello'));
    const files = [{ path: 'index.html', size: 5, sha256: hash }, { path: 'b.txt', size: 10, sha256: hash }];
    await expectRefusedWithNothingStored(postManifest({ files }), 400, 'invalid_manifest');
  });

  it('one hash listed twice with the same size is fine (identical files)', async () => {
    const hash = await fakeHash('same');
    const res = await api('/api/shares', { method: 'POST', json: { files: [{ path: 'index.html', size: 5, sha256: hash }, { path: 'copy.html', size: 5, sha256: hash }] } });
    expect(res.status).toBe(201);
    expect(((await res.json()) as UploadPlan).missing).toEqual([hash]);
  });

  it('a file entry that is not an object → 400 invalid_manifest', async () => {
    await expectRefusedWithNothingStored(postManifest({ files: [await manifestFile('index.html'), 'a.css'] }), 400, 'invalid_manifest');
  });

  it('no HTML page at all → 400 no_entry_page', async () => {
    const files = [await manifestFile('style.css'), await manifestFile('app.js')];
    await expectRefusedWithNothingStored(postManifest({ files }), 400, 'no_entry_page');
  });

  it('several HTML pages and no index.html → 400 ambiguous_entry naming the choices', async () => {
    const files = [await manifestFile('a.html'), await manifestFile('b.html'), await manifestFile('app.js')];
    const err = await expectRefusedWithNothingStored(postManifest({ files }), 400, 'ambiguous_entry');
    expect(err.message).toContain('a.html');
    expect(err.message).toContain('b.html');
    expect(err.details).toEqual({ choices: ['a.html', 'b.html'] });
  });

  it('an entry page that is not in the bundle → 400 no_entry_page', async () => {
    const files = [await manifestFile('index.html')];
    await expectRefusedWithNothingStored(postManifest({ files, entry: 'start.html' }), 400, 'no_entry_page');
  });
});

describe('limits (from wrangler.toml vars), checked on the manifest before any byte moves', () => {
  it('the server advertises the limits the tests assume', async () => {
    const info = (await (await api('/api')).json()) as { limits: typeof LIMITS };
    expect(info.limits).toEqual(LIMITS);
  });

  it('a file of exactly the per-file limit is accepted', async () => {
    const files = [await manifestFile('index.html'), await manifestFile('video.mp4', LIMITS.maxFileBytes)];
    const res = await api('/api/shares', { method: 'POST', json: { files } });
    expect(res.status).toBe(201);
  });

  it('a file one byte over the limit → 413 file_too_large', async () => {
    const files = [await manifestFile('index.html'), await manifestFile('video.mp4', LIMITS.maxFileBytes + 1)];
    const err = await expectRefusedWithNothingStored(postManifest({ files }), 413, 'file_too_large');
    expect(err.message).toContain('video.mp4');
    expect(err.message).toContain('25 MiB');
  });

  it('a share of exactly the per-share limit is accepted', async () => {
    const files = [await manifestFile('index.html', 0)];
    for (let i = 0; i < 4; i++) files.push(await manifestFile(`part${i}.bin`, LIMITS.maxFileBytes));
    const res = await api('/api/shares', { method: 'POST', json: { files } });
    expect(res.status).toBe(201);
  });

  it('a share one byte over the limit (every file within its own) → 413 share_too_large', async () => {
    const files = [await manifestFile('index.html', 1)];
    for (let i = 0; i < 4; i++) files.push(await manifestFile(`part${i}.bin`, LIMITS.maxFileBytes));
    const err = await expectRefusedWithNothingStored(postManifest({ files }), 413, 'share_too_large');
    expect(err.message).toContain('100 MiB');
  });

  it(`${LIMITS.maxFiles} files are accepted`, async () => {
    const files = [];
    for (let i = 0; i < LIMITS.maxFiles; i++) files.push(await manifestFile(i === 0 ? 'index.html' : `f/${i}.txt`, 1));
    const res = await api('/api/shares', { method: 'POST', json: { files } });
    expect(res.status).toBe(201);
    const plan = (await res.json()) as UploadPlan;
    expect(await count('files', plan.id)).toBe(LIMITS.maxFiles);
  });

  it(`${LIMITS.maxFiles + 1} files → 413 too_many_files`, async () => {
    const files = [];
    for (let i = 0; i <= LIMITS.maxFiles; i++) files.push(await manifestFile(i === 0 ? 'index.html' : `f/${i}.txt`, 1));
    const err = await expectRefusedWithNothingStored(postManifest({ files }), 413, 'too_many_files');
    expect(err.message).toContain('1001');
  });

  it('a manifest body over 1 MiB → 413 manifest_too_large', async () => {
    const files = [await manifestFile('index.html'), { path: 'pad.txt', size: 1, sha256: await fakeHash(), pad: 'x'.repeat(MiB) }];
    await expectRefusedWithNothingStored(postManifest({ files }), 413, 'manifest_too_large');
  });
});

describe('upload refusals (PUT /api/shares/:id/blobs/:sha256)', () => {
  it('bytes that do not match the hash → 400 hash_mismatch, nothing stored', async () => {
    const { plan, files, token } = await pending({ 'index.html': '<p>refusal hash mismatch AAAA</p>' });
    const wrong = enc.encode('<p>refusal hash mismatch BBBB</p>');
    expect(wrong.byteLength).toBe(files[0].size);
    await expectRefusedWithNothingStored(
      () => api(`${plan.uploadPath}${files[0].sha256}`, { method: 'PUT', body: wrong, token }),
      400, 'hash_mismatch',
    );
    expect(await r2Keys(`${plan.id}/`)).toEqual([]);
  });

  it('bytes of the wrong size → 400 size_mismatch, nothing stored', async () => {
    const { plan, files, token } = await pending({ 'index.html': '<p>refusal size mismatch</p>' });
    for (const body of [enc.encode('<p>refusal size mismatch</p>!'), enc.encode('<p>'), new Uint8Array(0)]) {
      await expectRefusedWithNothingStored(
        () => api(`${plan.uploadPath}${files[0].sha256}`, { method: 'PUT', body, token }),
        400, 'size_mismatch',
      );
    }
    expect(await r2Keys(`${plan.id}/`)).toEqual([]);
  });

  it('a hash the manifest does not name → 404 not_expected, even with matching bytes', async () => {
    const { plan, token } = await pending({ 'index.html': '<p>refusal not expected</p>' });
    const stray = enc.encode('refusal: bytes nobody asked for');
    const hash = await sha256(stray);
    await expectRefusedWithNothingStored(
      () => api(`${plan.uploadPath}${hash}`, { method: 'PUT', body: stray, token }),
      404, 'not_expected',
    );
  });

  it('a hash named by another share\'s manifest → 404 not_expected', async () => {
    const a = await pending({ 'index.html': '<p>refusal share A</p>' });
    const b = await pending({ 'index.html': '<p>refusal share B</p>' });
    await expectRefusedWithNothingStored(
      () => api(`${a.plan.uploadPath}${b.files[0].sha256}`, { method: 'PUT', body: b.bytes.get('index.html'), token: a.token }),
      404, 'not_expected',
    );
  });

  it('an upload to a finalized share with no pending version → 404 not_expected', async () => {
    const { id, token } = await publish({ 'index.html': '<p>refusal finalized</p>' });
    const extra = enc.encode('refusal late extra');
    const hash = await sha256(extra);
    await expectRefusedWithNothingStored(
      () => api(`/api/shares/${id}/blobs/${hash}`, { method: 'PUT', body: extra, token }),
      404, 'not_expected',
    );
  });

  it('an upload path that is not a lowercase SHA-256 → 400 invalid_hash', async () => {
    const { plan, files, token } = await pending({ 'index.html': '<p>refusal invalid hash</p>' });
    for (const hash of [files[0].sha256.toUpperCase(), files[0].sha256.slice(1), 'x'.repeat(64)]) {
      await expectRefusedWithNothingStored(
        () => api(`${plan.uploadPath}${hash}`, { method: 'PUT', body: enc.encode('x'), token }),
        400, 'invalid_hash',
      );
    }
  });

  it('a body over the per-file limit → 413 file_too_large, nothing stored', async () => {
    const { plan, files, token } = await pending({ 'index.html': '<p>refusal huge upload</p>' });
    const huge = new Uint8Array(LIMITS.maxFileBytes + 1);
    await expectRefusedWithNothingStored(
      () => api(`${plan.uploadPath}${files[0].sha256}`, { method: 'PUT', body: huge, token }),
      413, 'file_too_large',
    );
  });

  it('a streamed body over the per-file limit (no Content-Length) → 413 file_too_large', async () => {
    const { plan, files, token } = await pending({ 'index.html': '<p>refusal streamed upload</p>' });
    // A body of unknown length: the worker must count bytes as they arrive and stop reading at the limit.
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const writer = writable.getWriter();
    const pump = (async () => {
      const chunk = new Uint8Array(MiB);
      try {
        for (let sent = 0; sent <= LIMITS.maxFileBytes; sent += chunk.byteLength) await writer.write(chunk);
        await writer.close();
      } catch {
        // The worker stopped reading: that is the point.
      }
    })();
    const stream = readable;
    await expectRefusedWithNothingStored(
      () => api(`${plan.uploadPath}${files[0].sha256}`, { method: 'PUT', body: stream, token }),
      413, 'file_too_large',
    );
    await writer.abort().catch(() => {});
    await pump;
  });
});

describe('ownership refusals', () => {
  it('upload without a token → 401 unauthorized; with a wrong token → 403 forbidden; nothing stored', async () => {
    const { plan, files, bytes } = await pending({ 'index.html': '<p>refusal auth upload</p>' });
    const other = await pending({ 'index.html': '<p>refusal auth other</p>' });
    const url = `${plan.uploadPath}${files[0].sha256}`;
    const body = bytes.get('index.html');
    await expectRefusedWithNothingStored(() => api(url, { method: 'PUT', body }), 401, 'unauthorized');
    await expectRefusedWithNothingStored(() => api(url, { method: 'PUT', body, headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 401, 'unauthorized');
    await expectRefusedWithNothingStored(() => api(url, { method: 'PUT', body, headers: { authorization: 'Bearer' } }), 401, 'unauthorized');
    await expectRefusedWithNothingStored(() => api(url, { method: 'PUT', body, token: 'not-the-token' }), 403, 'forbidden');
    await expectRefusedWithNothingStored(() => api(url, { method: 'PUT', body, token: other.token }), 403, 'forbidden');
    await expectRefusedWithNothingStored(() => api(url, { method: 'PUT', body, token: `${plan.ownerToken}x` }), 403, 'forbidden');
  });

  it('finalize, update, inspect and revoke all need the owner token', async () => {
    const { id, token } = await publish({ 'index.html': '<p>refusal auth routes</p>' });
    const { files } = await manifestOf({ 'index.html': '<p>refusal auth routes v2</p>' });
    const routes: [string, RequestInit & { json?: unknown }][] = [
      [`/api/shares/${id}/versions/1/finalize`, { method: 'POST' }],
      [`/api/shares/${id}/versions`, { method: 'POST', json: { files } }],
      [`/api/shares/${id}`, { method: 'GET' }],
      [`/api/shares/${id}`, { method: 'DELETE' }],
    ];
    for (const [path, init] of routes) {
      await expectRefusedWithNothingStored(() => api(path, init), 401, 'unauthorized');
      await expectRefusedWithNothingStored(() => api(path, { ...init, token: token.slice(0, -1) }), 403, 'forbidden');
    }
    expect((await shareRow(id))!.state).toBe('live');
    expect((await shareRow(id))!.owner_token_hash).toBe(await sha256(enc.encode(token)));
  });

  it('the token is accepted case-insensitively as a Bearer scheme, and only as itself', async () => {
    const { id, token } = await publish({ 'index.html': '<p>refusal bearer scheme</p>' });
    const ok = await api(`/api/shares/${id}`, { headers: { authorization: `bearer ${token}` } });
    expect(ok.status).toBe(200);
    const info = (await ok.json()) as { id: string; state: string };
    expect(info).toMatchObject({ id, state: 'live' });
  });
});

describe('finalize refusals', () => {
  it('finalize before any upload → 409 missing_files listing every hash; nothing becomes visible', async () => {
    const { plan, files, token } = await pending({ 'index.html': '<p>refusal finalize early</p>', 'a.css': 'refusal-a{}', 'b.js': 'refusal_b()' });
    const err = await expectRefusedWithNothingStored(() => api(plan.finalizePath, { method: 'POST', token }), 409, 'missing_files');
    expect((err.details as { missing: string[] }).missing.sort()).toEqual(files.map((f) => f.sha256).sort());
    expect((await shareRow(plan.id))!.state).toBe('pending');
  });

  it('finalize after some uploads → 409 missing_files listing only the rest', async () => {
    const { plan, files, bytes, token } = await pending({ 'index.html': '<p>refusal finalize partial</p>', 'a.css': 'refusal-partial{}' });
    const first = files.find((f) => f.path === 'index.html')!;
    expect((await api(`${plan.uploadPath}${first.sha256}`, { method: 'PUT', body: bytes.get('index.html'), token })).status).toBe(204);
    const err = await expectRefusedWithNothingStored(() => api(plan.finalizePath, { method: 'POST', token }), 409, 'missing_files');
    expect((err.details as { missing: string[] }).missing).toEqual([files.find((f) => f.path === 'a.css')!.sha256]);
    expect((await SELF.fetch(`http://${plan.id}.localhost:8787/`)).status).toBe(404);
  });

  it('finalize of a version that does not exist → 404 not_found', async () => {
    const { plan, token } = await pending({ 'index.html': '<p>refusal finalize v9</p>' });
    for (const v of ['9', '0', '-1', 'abc', '1.5']) {
      await expectRefusedWithNothingStored(() => api(`/api/shares/${plan.id}/versions/${v}/finalize`, { method: 'POST', token }), 404, 'not_found');
    }
  });
});

describe('unknown shares and routes', () => {
  const unknown = 'zzzzzzzzzzzzz9';

  it('every share route answers 404 not_found for an unknown id, token or not', async () => {
    const hash = await fakeHash();
    const routes: [string, RequestInit & { json?: unknown }][] = [
      [`/api/shares/${unknown}`, { method: 'GET' }],
      [`/api/shares/${unknown}`, { method: 'DELETE' }],
      [`/api/shares/${unknown}/blobs/${hash}`, { method: 'PUT', body: 'x' }],
      [`/api/shares/${unknown}/versions`, { method: 'POST', json: { files: [await manifestFile('index.html')] } }],
      [`/api/shares/${unknown}/versions/1/finalize`, { method: 'POST' }],
      ['/api/shares/not-an-id', { method: 'GET' }],
      ['/api/shares/TOO-SHORT', { method: 'DELETE' }],
    ];
    for (const [path, init] of routes) {
      await expectRefusedWithNothingStored(() => api(path, init), 404, 'not_found');
      await expectRefusedWithNothingStored(() => api(path, { ...init, token: 'some-token' }), 404, 'not_found');
    }
  });

  it('an unknown API route answers 404 JSON', async () => {
    for (const [method, path] of [['GET', '/api/nothing'], ['POST', '/api/shares/x/y/z'], ['GET', '/api/shares/abc/blobs'], ['PATCH', '/api/shares'], ['GET', '/api/']]) {
      const err = await expectRefusedWithNothingStored(() => api(path, { method }), 404, 'not_found');
      expect(err.message).toContain(method);
    }
  });

  it('an unknown page on the app origin is a plain 404, not JSON', async () => {
    const res = await SELF_fetch('/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type') ?? '').not.toMatch(/json/);
  });

  it('a refusal never leaks internals', async () => {
    const res = await api('/api/shares', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"files": [' });
    const text = await res.text();
    expect(text).not.toMatch(/at .*\.ts|stack|SyntaxError|node_modules/);
    await expectApiError(new Response(text, { status: res.status, headers: res.headers }), 400, 'invalid_json');
  });
});

describe('nothing half-published', () => {
  it('a refused manifest leaves no share row behind, whatever its title', async () => {
    const title = `refusal-title-${Math.random()}`;
    const res = await api('/api/shares', { method: 'POST', json: { title, files: [await manifestFile('../x.html')] } });
    await expectApiError(res, 400, 'invalid_path');
    expect(await env.DB.prepare('select count(*) as n from shares where title = ?').bind(title).first('n')).toBe(0);
  });
});

function SELF_fetch(path: string, init?: RequestInit) {
  return SELF.fetch(`${APP}${path}`, init);
}

describe("request bodies are bounded by Hono's bodyLimit, declared or not", () => {
  it('a manifest streamed without Content-Length past 1 MiB → 413 manifest_too_large', async () => {
    const chunk = enc.encode(`{"files":[${'"x",'.repeat(64 * 1024)}`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 2 * MiB) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const res = await SELF.fetch(`${APP}/api/shares`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await expectApiError(res, 413, 'manifest_too_large');
  });
});
