import { SELF } from 'cloudflare:test';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, publish } from './helpers';

/**
 * Property-based tests of the serving side and the API's refusals, inside workerd with real R2/D1.
 * Properties: never a 5xx; a share's origin only ever serves that share's bytes; every refusal is
 * a well-formed JSON error.
 *
 * fast-check's async runner stalls inside the workerd test pool, so cases are drawn up front with
 * `fc.sample` from a logged seed and run in a plain loop; a failure names its seed and case, to be
 * kept as a regular test.
 */
const SEED = Number((globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

async function forAll<T>(arb: fc.Arbitrary<T>, numRuns: number, check: (value: T) => Promise<void>) {
  const cases = fc.sample(arb, { numRuns, seed: SEED });
  for (const [i, value] of cases.entries()) {
    try {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stalled = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('no answer within 10 s')), 10_000); });
      await Promise.race([check(value), stalled]).finally(() => clearTimeout(timer));
    } catch (err) {
      throw new Error(`property failed (seed ${SEED}, case ${i}): ${JSON.stringify(value)}\n${(err as Error).message}`);
    }
  }
}

const marker = crypto.randomUUID();
const filesA: Record<string, string> = {
  'index.html': `<p>A ${marker}</p>`, 'a b/ü.css': `A-css ${marker}`, 'dir/index.html': `A-dir ${marker}`, 'page.html': `A-page ${marker}`, '404.html': `A-404 ${marker}`,
};
let a: { id: string };
let b: { id: string };

beforeAll(async () => {
  a = await publish(filesA);
  b = await publish({ 'index.html': `<p>B ${marker}</p>`, 'secret.txt': `B-secret ${marker}` });
});

const pathChar = fc.constantFrom('a', 'b', '/', '.', '%', '2', 'e', 'E', 'f', 'F', 'c', '5', '0', '?', '#', ';', ' ', 'ü', '\\', 'dir', 'index.html', 'page', '..', '%2f', '%2e', '%00', '%5c', '%c3%bc', 'secret.txt', '404.html');
const requestPath = fc.array(pathChar, { maxLength: 12 }).map((p) => `/${p.join('')}`);

describe('fuzz: request paths and hosts', () => {
  it('never answers 5xx and never serves another share\'s bytes', async () => {
    const allowed = new Set(Object.values(filesA));
    await forAll(fc.tuple(requestPath, fc.constantFrom('GET', 'HEAD')), 400, async ([path, method]) => {
      let url: URL;
      try { url = new URL(`http://${a.id}.localhost:8787${path}`); } catch { return; }
      expect(url.hostname).toBe(`${a.id}.localhost`);
      const res = await SELF.fetch(url, { method, redirect: 'manual' });
      const body = await res.text(); // consume first: an unread body holds one of workerd's few connections
      expect(res.status).toBeLessThan(500);
      // Any redirect stays on this share's origin (issue 13.4).
      const location = res.headers.get('location');
      if (location !== null) expect(new URL(location, url).origin).toBe(url.origin);
      if (location !== null) expect(location).toMatch(/^\/(?![/\\])/);
      expect(body).not.toContain(`B ${marker}`);
      expect(body).not.toContain(`B-secret ${marker}`);
      if (res.status === 200 && method === 'GET') expect(allowed.has(body)).toBe(true);
    });
  }, 300_000);

  it('answers any host label without a 5xx, and only the exact id serves a share', async () => {
    const label = fc.oneof(
      fc.stringMatching(/^[0-9a-z-]{1,20}$/),
      fc.constant(a.id.toUpperCase()),
      fc.constant(`${a.id}x`),
      fc.constant(a.id.slice(1)),
      fc.constant(`${b.id}.${a.id}`),
    );
    await forAll(label, 150, async (l) => {
      const res = await SELF.fetch(`http://${l}.localhost:8787/`, { redirect: 'manual' });
      const body = await res.text();
      expect(res.status).toBeLessThan(500);
      if (l.toLowerCase() !== a.id) expect(body).not.toContain(`A ${marker}`);
    });
    expect(b.id).not.toBe(a.id);
  }, 300_000);
});

describe('fuzz: API refusals', () => {
  const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
  const body = fc.oneof(
    fc.json(),
    fc.record({ files: fc.array(fc.record({ path: fc.string({ maxLength: 30 }), size: fc.integer({ min: -1, max: 30_000_000 }), sha256: fc.oneof(hex, fc.string()) }), { maxLength: 5 }) }).map((x) => JSON.stringify(x)),
    fc.string({ maxLength: 100 }),
  );
  it('answers every malformed publish with < 500 and a well-formed JSON error', async () => {
    await forAll(fc.tuple(body, fc.constantFrom('application/json', 'text/plain', 'application/zip')), 150, async ([raw, type]) => {
      const res = await api('/api/shares', { method: 'POST', body: raw, headers: { 'content-type': type } });
      const text = await res.text();
      expect(res.status, text).toBeLessThan(500);
      if (res.status >= 400) {
        const err = JSON.parse(text) as { error: { code: string; message: string } };
        expect(typeof err.error.code).toBe('string');
        expect(err.error.message.length).toBeGreaterThan(0);
      }
    });
  }, 300_000);
});
