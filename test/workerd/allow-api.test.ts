import { env } from 'cloudflare:test';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { AllowList, PublishResult, ShareInfo, ShareStats } from '../../core/api-types';
import { runCleanup } from '../../app/jobs/cleanup';
import { silentLogger } from '../../app/lib/log';
import { depsFromEnv, type Env } from '../../worker/index';
import { api, enc, errorOf, manifestOf, publish, updateShare } from './helpers';
import { allowApp } from './allow-helpers';

const bundle = { 'index.html': '<p>api</p>' };
const edit = (id: string, token: string, json: unknown) => api(`/api/shares/${id}/allow`, { method: 'POST', token, json });
const info = async (id: string, token: string) => (await (await api(`/api/shares/${id}`, { token })).json()) as ShareInfo;
const rows = async (table: string, id: string) => (await env.DB.prepare(`select count(*) as n from ${table} where share_id = ?`).bind(id).first<{ n: number }>())!.n;

describe('the allowlist over the API', () => {
  it('publish sets it (normalised, duplicates dropped); GET shows it; a link without one shows []', async () => {
    const { id, token } = await publish(bundle, { allow: [' Alice@ACME.example', 'alice@acme.example', '*@Partner.Example'] });
    expect((await info(id, token)).allow).toEqual(['alice@acme.example', '*@partner.example']);
    const open = await publish(bundle);
    expect((await info(open.id, open.token)).allow).toEqual([]);
  });

  it('refuses invalid entries and more than 100, with 400 and nothing stored', async () => {
    const { files } = await manifestOf(bundle);
    for (const [allow, code] of [[['not-an-address'], 'invalid_allow_entry'], [['*@'], 'invalid_allow_entry'], [['a@localhost'], 'invalid_allow_entry'], [['*.acme.example'], 'invalid_allow_entry'], ['a@x.example', 'invalid_allow'],
      [Array.from({ length: 101 }, (_, i) => `p${i}@acme.example`), 'too_many_allowed']] as const) {
      const res = await api('/api/shares', { method: 'POST', json: { files, allow } });
      const err = await errorOf(res);
      expect(err.status, JSON.stringify(allow).slice(0, 40)).toBe(400);
      expect(err.code).toBe(code);
    }
    const hundred = await api('/api/shares', { method: 'POST', json: { files, allow: Array.from({ length: 100 }, (_, i) => `p${i}@acme.example`) } });
    expect(hundred.status).toBe(201);
  });

  it('POST /allow adds and removes without a new version; an edit that empties it is refused; clear opens the link', async () => {
    const { id, token } = await publish(bundle, { allow: ['a@acme.example'] });
    const added = await edit(id, token, { add: ['B@acme.example', '*@team.example'] });
    expect(added.status).toBe(200);
    expect((await added.json()) as AllowList).toEqual({ id, allow: ['a@acme.example', 'b@acme.example', '*@team.example'] });
    const removed = (await (await edit(id, token, { remove: ['a@acme.example', '*@team.example'] })).json()) as AllowList;
    expect(removed.allow).toEqual(['b@acme.example']);
    expect((await info(id, token)).version).toBe(1);
    const empty = await errorOf(await edit(id, token, { remove: ['b@acme.example'] }));
    expect(empty).toMatchObject({ status: 400, code: 'allow_empty' });
    expect((await info(id, token)).allow).toEqual(['b@acme.example']);
    expect((await errorOf(await edit(id, token, { add: 'x@acme.example' }))).code).toBe('invalid_allow');
    expect((await errorOf(await edit(id, token, { add: ['nope'] }))).code).toBe('invalid_allow_entry');
    expect((await errorOf(await edit(id, token, { add: Array.from({ length: 100 }, (_, i) => `q${i}@acme.example`) }))).code).toBe('too_many_allowed');
    expect(((await (await edit(id, token, { clear: true })).json()) as AllowList).allow).toEqual([]);
    expect((await allowApp().visit(id, '/')).status).toBe(200);
  });

  it('POST /allow needs the owner token', async () => {
    const { id } = await publish(bundle, { allow: ['a@acme.example'] });
    expect((await api(`/api/shares/${id}/allow`, { method: 'POST', json: { add: ['x@acme.example'] } })).status).toBe(401);
    expect((await api(`/api/shares/${id}/allow`, { method: 'POST', token: 'wrong-token', json: { add: ['x@acme.example'] } })).status).toBe(403);
  });

  it('an update replaces the list, null removes it, leaving it out keeps it', async () => {
    const { id, token } = await publish(bundle, { allow: ['a@acme.example'] });
    await updateShare(id, token, { 'index.html': '<p>v2</p>' });
    expect((await info(id, token)).allow).toEqual(['a@acme.example']);
    await updateShare(id, token, { 'index.html': '<p>v3</p>' }, { allow: ['c@acme.example'] });
    expect((await info(id, token)).allow).toEqual(['c@acme.example']);
    await updateShare(id, token, { 'index.html': '<p>v4</p>' }, { allow: null });
    expect((await info(id, token)).allow).toEqual([]);
  });

  it('a zip publish takes ?allow= (comma-separated)', async () => {
    const zip = zipSync({ 'index.html': enc.encode('<p>zip</p>') });
    const res = await api('/api/shares?allow=a@acme.example,*@team.example', { method: 'POST', body: zip, headers: { 'content-type': 'application/zip' } });
    expect(res.status).toBe(201);
    const published = (await res.json()) as PublishResult;
    expect(published.allow).toEqual(['a@acme.example', '*@team.example']);
    expect((await allowApp().visit(published.id, '/')).status).toBe(401);
  });

  it('stats list each person: exact entries always, domain entries the addresses that asked', async () => {
    const app = allowApp();
    const { id, token } = await publish(bundle, { allow: ['a@acme.example', '*@team.example'] });
    await app.unlock(id, 'zed@team.example');
    const stats = (await (await api(`/api/shares/${id}/stats`, { token })).json()) as ShareStats;
    expect(stats.viewers!.map((v) => [v.entry, v.address, v.status])).toEqual([
      ['a@acme.example', 'a@acme.example', 'invited'],
      ['*@team.example', 'zed@team.example', 'opened'],
    ]);
    const open = await publish(bundle);
    expect(((await (await api(`/api/shares/${open.id}/stats`, { token: open.token })).json()) as ShareStats).viewers).toBeUndefined();
  });

  it('revoking deletes people and codes; cleanup deletes expired codes; removing an entry forgets its people', async () => {
    const app = allowApp();
    const { id, token } = await publish(bundle, { allow: ['a@acme.example', 'b@acme.example'] });
    await app.unlock(id, 'a@acme.example');
    await app.post(id, { email: 'b@acme.example' });
    await app.codeFor('b@acme.example');
    expect(await rows('allow_viewers', id)).toBe(2);
    expect(await rows('allow_codes', id)).toBe(1);
    await runCleanup({ ...depsFromEnv(env as unknown as Env), log: silentLogger, clock: { now: () => Date.now() + 11 * 60_000 } });
    expect(await rows('allow_codes', id)).toBe(0);
    await edit(id, token, { remove: ['b@acme.example'] });
    expect(await rows('allow_viewers', id)).toBe(1);
    expect((await api(`/api/shares/${id}`, { method: 'DELETE', token })).status).toBe(200);
    expect(await rows('allow_viewers', id)).toBe(0);
    expect((await env.DB.prepare('select allow_list from shares where id = ?').bind(id).first<{ allow_list: string | null }>())!.allow_list).toBeNull();
  });
});
