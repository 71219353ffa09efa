import { env } from 'cloudflare:test';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { UploadPlan } from '../../core/api-types';
import { createApp } from '../../app/app';
import { depsFromEnv, type Env } from '../../worker/index';
import { silentLogger } from '../../app/lib/log';
import { createViewRecorder } from '../../app/services/views';
import { createMissingRecorder } from '../../app/services/missing';
import { manifestOf } from './helpers';

/**
 * Counts the binding operations each kind of request costs, against real local D1 and R2: the
 * numbers the cost model in docs/operations.md rests on. If the hot path grows, this fails.
 */
interface Counts { d1Statements: number; d1Batches: number; r2ClassA: number; r2ClassB: number; r2Deletes: number; rowsRead: number; rowsWritten: number }

function counting() {
  const counts: Counts = { d1Statements: 0, d1Batches: 0, r2ClassA: 0, r2ClassB: 0, r2Deletes: 0, rowsRead: 0, rowsWritten: 0 };
  // D1 bills rows read and written; its results say how many (raw() results carry no meta, so reads through it count as 0 here).
  const tally = (result: unknown) => {
    for (const r of Array.isArray(result) ? result : [result]) {
      const meta = (r as { meta?: { rows_read?: number; rows_written?: number } })?.meta;
      counts.rowsRead += meta?.rows_read ?? 0;
      counts.rowsWritten += meta?.rows_written ?? 0;
    }
    return result;
  };
  const db = env.DB;
  const wrapStmt = (stmt: D1PreparedStatement): D1PreparedStatement => new Proxy(stmt, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop === 'bind') return (...args: unknown[]) => wrapStmt(value.apply(target, args));
      if (['all', 'run', 'first', 'raw'].includes(String(prop))) return (...args: unknown[]) => { counts.d1Statements++; return value.apply(target, args).then(tally); };
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const d1 = new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return (q: string) => wrapStmt(target.prepare(q));
      if (prop === 'batch') return (stmts: D1PreparedStatement[]) => { counts.d1Batches++; counts.d1Statements += stmts.length; return target.batch(stmts).then(tally); };
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const bucket = env.BLOBS;
  const classes: Record<string, keyof Counts> = { put: 'r2ClassA', list: 'r2ClassA', createMultipartUpload: 'r2ClassA', get: 'r2ClassB', head: 'r2ClassB', delete: 'r2Deletes' };
  const r2 = new Proxy(bucket, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      const kind = classes[String(prop)];
      if (kind) return (...args: unknown[]) => { counts[kind]++; return value.apply(target, args); };
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const deps = depsFromEnv({ ...(env as unknown as Env), DB: d1, BLOBS: r2 });
  // A long batch window: the test decides when the stats batch is written, and measures it alone.
  const views = createViewRecorder({ db: deps.db, secret: async () => 'operations-test', log: silentLogger, delayMs: 3_600_000 });
  const missing = createMissingRecorder({ db: deps.db, log: silentLogger, delayMs: 3_600_000 });
  const app = createApp({ ...deps, log: silentLogger, views, missing });
  const measure = async (fn: () => Promise<unknown>): Promise<Counts> => {
    const before = { ...counts };
    await fn();
    return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v - before[k as keyof Counts]])) as unknown as Counts;
  };
  return { app, measure, views, missing };
}

async function publishThrough(app: ReturnType<typeof createApp>, bundle: Record<string, string>, extra: Record<string, unknown> = {}) {
  const { files, bytes } = await manifestOf(bundle);
  const res = await app.request('http://localhost:8787/api/shares', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ files, ...extra }) });
  const plan = (await res.json()) as UploadPlan;
  for (const sha of plan.missing) {
    const f = files.find((x) => x.sha256 === sha)!;
    await app.request(`http://localhost:8787${plan.uploadPath}${sha}`, { method: 'PUT', headers: { authorization: `Bearer ${plan.ownerToken}` }, body: bytes.get(f.path) });
  }
  const fin = await app.request(`http://localhost:8787${plan.finalizePath}`, { method: 'POST', headers: { authorization: `Bearer ${plan.ownerToken}` } });
  expect(fin.status).toBe(200);
  return plan;
}

const bundleOf = (n: number, tag: string) => Object.fromEntries([['index.html', `<p>${tag}</p>`], ...Array.from({ length: n - 1 }, (_, i) => [`a${i}.css`, `/* ${tag} ${i} */`])]);

describe('binding operations per request', () => {
  it('a page view costs one D1 query and one R2 read when cold, no R2 read when warm; a revalidation costs no R2 read', async () => {
    const { app, measure, views, missing: missingRecorder } = counting();
    const plan = await publishThrough(app, bundleOf(3, crypto.randomUUID()));
    const host = `http://${plan.id}.localhost:8787`;
    let etag = '';
    const browser = { 'user-agent': 'Mozilla/5.0 Firefox/130.0', referer: 'https://news.example.com/', 'cf-connecting-ip': '198.51.100.200' };
    const view = await measure(async () => { const r = await app.request(`${host}/`, { headers: browser }); etag = r.headers.get('etag')!; await r.text(); });
    expect(view).toMatchObject({ d1Statements: 1, d1Batches: 0, r2ClassA: 0, r2ClassB: 1, r2Deletes: 0, rowsWritten: 0 });
    // Warm: the bytes come from the colo's cache (worker/edge-cache.ts); the share's state still from D1.
    let warmText = '';
    const warm = await measure(async () => { warmText = await (await app.request(`${host}/`, { headers: browser })).text(); });
    expect(warm).toMatchObject({ d1Statements: 1, d1Batches: 0, r2ClassA: 0, r2ClassB: 0, r2Deletes: 0, rowsWritten: 0 });
    expect(warmText).toMatch(/^<p>/);
    // The view's stats are written later, in a batch: for one view alone (the worst case) one
    // batch of 4 statements (day upsert, visitor hash, unique recount, referrer upsert).
    const statsOne = await measure(() => views.flush());
    expect(statsOne).toMatchObject({ d1Statements: 4, d1Batches: 1, r2ClassA: 0, r2ClassB: 0, rowsWritten: 8 });
    // Ten views that land in the same batch still cost one batch of 4 statements.
    for (let i = 0; i < 10; i++) await (await app.request(`${host}/`, { headers: { ...browser, 'cf-connecting-ip': `198.51.100.${i}` } })).text();
    const statsTen = await measure(() => views.flush());
    expect(statsTen).toMatchObject({ d1Statements: 4, d1Batches: 1, r2ClassA: 0, r2ClassB: 0, rowsWritten: 33 });
    const asset = await measure(async () => (await app.request(`${host}/a0.css`, { headers: browser })).text());
    expect(asset).toMatchObject({ d1Statements: 1, d1Batches: 0, r2ClassA: 0, r2ClassB: 1, r2Deletes: 0 });
    const warmAsset = await measure(async () => (await app.request(`${host}/a0.css`, { headers: browser })).text());
    expect(warmAsset).toMatchObject({ d1Statements: 1, d1Batches: 0, r2ClassA: 0, r2ClassB: 0, r2Deletes: 0 });
    const revalidate = await measure(async () => (await app.request(`${host}/`, { headers: { ...browser, 'if-none-match': etag } })).text());
    expect(revalidate).toMatchObject({ d1Statements: 1, d1Batches: 0, r2ClassA: 0, r2ClassB: 0, r2Deletes: 0 });
    const missing = await measure(async () => (await app.request(`${host}/nope`, { headers: browser })).text());
    expect(missing).toMatchObject({ d1Statements: 1, d1Batches: 0, r2ClassA: 0, r2ClassB: 0, r2Deletes: 0 });
    // Assets, revalidations and misses are not page views: nothing was buffered for the stats.
    expect(await measure(() => views.flush())).toMatchObject({ d1Statements: 0, d1Batches: 0 });
    // The miss is counted later, in a batch: per path one update and one capped insert.
    const missingCount = await measure(() => missingRecorder.flush());
    expect(missingCount).toMatchObject({ d1Statements: 2, d1Batches: 1, r2ClassB: 0 });
    console.log(JSON.stringify({ view, warm, statsOne, statsTen, asset, warmAsset, revalidate, missing, missingCount }));
  });

  it('a warm file is never served once its share is revoked: state is read from D1 first', async () => {
    const { app, measure } = counting();
    const plan = await publishThrough(app, bundleOf(1, `edge-revoke-${crypto.randomUUID()}`));
    const host = `http://${plan.id}.localhost:8787`;
    expect((await app.request(`${host}/`)).status).toBe(200);
    expect((await app.request(`${host}/`)).status).toBe(200); // warm now
    const del = await app.request(`http://localhost:8787/api/shares/${plan.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${plan.ownerToken}` } });
    expect(del.status).toBe(200);
    const after = await measure(async () => expect((await app.request(`${host}/`)).status).toBe(410));
    expect(after).toMatchObject({ d1Statements: 1, r2ClassB: 0 });
  });

  it('a publish of N files writes N objects and costs 3 D1 statements per file', async () => {
    const { app, measure } = counting();
    const tag = crypto.randomUUID();
    const one = await measure(() => publishThrough(app, bundleOf(1, `${tag}-1`)));
    const ten = await measure(() => publishThrough(app, bundleOf(10, `${tag}-10`)));
    expect(one.r2ClassA).toBe(1);
    expect(ten.r2ClassA).toBe(10);
    expect(one.r2ClassB + ten.r2ClassB).toBe(0);
    // 3 statements per extra file (auth, expected hash, record), plus one per text type whose files
    // get `; charset=utf-8` at finalize (the extra files are CSS: one more statement for all of them).
    expect(ten.d1Statements - one.d1Statements).toBe(27 + 1);
    console.log(JSON.stringify({ publish1: one, publish10: ten }));
  });

  it('viewer feedback: an injected page view is still one D1 query; the live poll one query and no R2; an error report one batch', async () => {
    const { app, measure, missing } = counting();
    const plan = await publishThrough(app, { 'index.html': `<html><head></head><p>${crypto.randomUUID()}</p>` }, { feedback: true });
    const host = `http://${plan.id}.localhost:8787`;
    const browser = { 'user-agent': 'Mozilla/5.0 Firefox/130.0', 'cf-connecting-ip': '198.51.100.201' };
    const page = await measure(async () => expect(await (await app.request(`${host}/`, { headers: browser })).text()).toContain('/__share/feedback.js'));
    expect(page).toMatchObject({ d1Statements: 1, d1Batches: 0, r2ClassB: 1, rowsWritten: 0 });
    const script = await measure(async () => (await app.request(`${host}/__share/feedback.js`, { headers: browser })).text());
    expect(script).toMatchObject({ d1Statements: 1, r2ClassB: 0, rowsWritten: 0 });
    const poll = await measure(async () => (await app.request(`${host}/__share/live`, { headers: browser })).text());
    const poll304 = await measure(async () => expect((await app.request(`${host}/__share/live`, { headers: { ...browser, 'if-none-match': '"v1"' } })).status).toBe(304));
    expect(poll).toMatchObject({ d1Statements: 1, d1Batches: 0, r2ClassB: 0, rowsWritten: 0 });
    expect(poll304).toMatchObject({ d1Statements: 1, d1Batches: 0, r2ClassB: 0, rowsWritten: 0 });
    const comments = await measure(async () => (await app.request(`${host}/__share/comments?page=/`, { headers: browser })).text());
    const own = { ...browser, origin: host, 'content-type': 'application/json' };
    const events = [{ kind: 'error', message: 'a' }, { kind: 'resource', message: 'failed to load <img>', source: `${host}/x.png` }];
    const report = await measure(async () => expect((await app.request(`${host}/__share/errors`, { method: 'POST', headers: own, body: JSON.stringify({ page: '/', events }) })).status).toBe(204));
    const comment = await measure(async () => expect((await app.request(`${host}/__share/comments`, { method: 'POST', headers: own, body: JSON.stringify({ page: '/', anchor: { selector: 'p', text: '', x: 0, y: 0 }, text: 'hi' }) })).status).toBe(201));
    // Writes: the rate-limit counters and one batch with two statements per error group (update, capped insert).
    expect(report).toMatchObject({ d1Batches: 1, r2ClassA: 0, r2ClassB: 0 });
    expect(comment).toMatchObject({ d1Batches: 0, r2ClassA: 0, r2ClassB: 0 });
    await missing.flush();
    console.log(JSON.stringify({ feedbackPage: page, script, poll, poll304, comments, report, comment }));
  });
});

describe('binding operations of a zip publish', () => {
  it('a small zip with a declared length is held in memory: one R2 write per file, no spool write, read or delete', async () => {
    const { app, measure } = counting();
    const zip = zipSync({ 'index.html': new TextEncoder().encode(`<p>${crypto.randomUUID()}</p>`), 'a.css': new TextEncoder().encode('p{}') }, { level: 0 });
    let status = 0;
    const small = await measure(async () => {
      const res = await app.request('http://localhost:8787/api/shares', { method: 'POST', headers: { 'content-type': 'application/zip', 'content-length': String(zip.length) }, body: zip });
      status = res.status;
      await res.text();
    });
    expect(status).toBe(201);
    expect(small).toMatchObject({ r2ClassA: 2, r2ClassB: 0, r2Deletes: 0 });
    // Without a declared length it is spooled: the spool's own write, reads and delete on top.
    const body = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(zip); c.close(); } });
    const chunked = await measure(async () => {
      const res = await app.request('http://localhost:8787/api/shares', { method: 'POST', headers: { 'content-type': 'application/zip' }, body, duplex: 'half' } as RequestInit);
      status = res.status;
      await res.text();
    });
    expect(status).toBe(201);
    expect(chunked.r2ClassB).toBeGreaterThan(0);
    expect(chunked.r2Deletes).toBeGreaterThan(0);
  });
});
